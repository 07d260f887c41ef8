/**
 * The facts a review's documents are assembled from, gathered set-based by `ReviewFactsService`
 * from the modules that own them. Plain data: the assembly is a pure function of it.
 */
import type { ActionItemOwnerSide, ActionItemStatus, ReviewKind } from './review-rules';

export interface HealthComponentFact {
  key: string;
  label: string;
  status: 'scored' | 'missing' | 'stale' | string;
  score: number | null;
  weight: number;
  facts: string[];
  details?: Record<string, unknown> | null;
}

export interface HealthFact {
  day: string;
  score: number | null;
  band: string;
  components: HealthComponentFact[];
}

export interface MetricPeriodFact {
  metric: string;
  name: string;
  unit: string;
  kind: 'usage' | 'quality' | string;
  higherIsBetter: boolean;
  /** The main metric of a licensed product line. */
  isMain: boolean;
  /** The metric rolled up over the period by its aggregation rule; null without data. */
  current: number | null;
  /** Same over the period of the same length before. */
  previous: number | null;
}

export interface SupportFact {
  windowDays: number;
  openP1: number;
  openP2: number;
  escalations: number;
  slaBreaches: Record<string, number>;
  /** Tickets opened in the period with an SLA policy, and how many met each target. */
  ticketsWithSla: number;
  firstResponseMet: number;
  firstResponseJudged: number;
  resolutionMet: number;
  resolutionJudged: number;
}

export interface FeatureAdoptionFact {
  featureKey: string;
  featureName: string;
  product: string;
  adoptionPct: number;
  adopted: boolean;
  change28Days: number | null;
}

export interface AlertFact {
  kind: string;
  severity: string;
  title: string;
  sentence: string | null;
  openedAt: string;
}

export interface RecommendationFact {
  featureKey: string;
  featureName: string;
  productKey: string;
  rationale: string;
  evidence: Record<string, unknown>;
  links: { docs: string | null; guide: string | null; training: string | null };
}

export interface ActionItemFact {
  id: string;
  title: string;
  owner: string;
  ownerSide: ActionItemOwnerSide;
  dueDate: string | null;
  status: ActionItemStatus;
  /** Raised in an earlier review and still open. */
  carriedOver: boolean;
}

export interface ReviewFacts {
  review: {
    id: string;
    kind: ReviewKind;
    dueDate: string;
    meetingAt: string | null;
    meetingMinutes: number;
    triggers: string[];
  };
  account: {
    id: string;
    name: string;
    segment: string;
    billingModel: 'commit' | 'payg' | string;
    commitAmount: number | null;
    commitPeriod: string | null;
    currency: string;
    arr: number;
    renewalDate: string | null;
    autoRenew: boolean;
  };
  /** The days the documents cover: since the last review (or 90 days), up to the day before generation. */
  period: { from: string; to: string; previousFrom: string; previousTo: string };
  lastReview: { id: string; kind: ReviewKind; day: string } | null;
  health: { now: HealthFact | null; atLastReview: HealthFact | null };
  usage: MetricPeriodFact[];
  support: SupportFact | null;
  adoption: { thresholdPct: number; features: FeatureAdoptionFact[] } | null;
  alerts: AlertFact[];
  recommendations: RecommendationFact[];
  actionItems: ActionItemFact[];
}
