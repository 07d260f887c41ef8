import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AdoptionRepository } from '../adoption/adoption.repository';
import type { MetricAggregation } from '../catalog/metric.entity';
import { MetricService } from '../catalog/metric.service';
import { ScoringCatalogRepository } from '../catalog/scoring-catalog.repository';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { HealthSnapshotRepository } from '../health/snapshots/health-snapshot.repository';
import type { ComparableSnapshot } from '../health/snapshots/snapshot';
import { TicketService } from '../support/ticket.service';
import { UsageSignalsRepository, UsageWindowRequest } from '../usage/usage-signals.repository';
import { rollUpWindow } from '../usage/usage-trends';
import { addDays, daysBetween } from './review-dates';
import type { HealthComponentFact, HealthFact, MetricPeriodFact, RecommendationFact, ReviewFacts } from './review-facts';
import { ReviewFactsRepository, ReviewSubject } from './review-facts.repository';
import { groupBy } from '../common/collections';

/** Recommendations shown per review (brief and "what to try next"). */
export const REVIEW_RECOMMENDATION_LIMIT = 3;
/** Without an earlier review the documents cover this many days. */
export const DEFAULT_PERIOD_DAYS = 90;
/** Longest period a document covers (a review a year ago still gives a year, not more). */
const MAX_PERIOD_DAYS = 365;

/** Where recommendations come from: the recommendations module's `forAccounts` (no scope check; reviews check scope first). */
export interface RecommendationsSource {
  forAccounts(accountIds: string[], limit?: number): Promise<Map<string, { featureKey: string; featureName: string; productKey: string; rationale: string; evidence: object; links: RecommendationFact['links'] }[]>>;
}
export const RECOMMENDATIONS_SOURCE = Symbol('RECOMMENDATIONS_SOURCE');

function healthFact(snapshot: ComparableSnapshot | undefined): HealthFact | null {
  if (!snapshot) return null;
  const components = (snapshot.components as unknown as HealthComponentFact[]).map((component) => ({
    key: component.key,
    label: component.label,
    status: component.status ?? 'scored',
    score: component.score,
    weight: component.weight,
    facts: component.facts ?? [],
    details: component.details ?? null,
  }));
  return { day: snapshot.day, score: snapshot.score === null ? null : Number(snapshot.score), band: snapshot.band, components };
}

/**
 * Gathers the facts of many reviews' documents at once, from the modules that own them: health
 * snapshots, usage windows, adoption, support signals and SLA attainment, alerts, recommendations,
 * and this module's own reviews and action items. `asOf` (the generation day) bounds every read.
 */
@Injectable()
export class ReviewFactsService {
  constructor(
    private readonly reviews: ReviewFactsRepository,
    private readonly snapshots: HealthSnapshotRepository,
    private readonly usage: UsageSignalsRepository,
    private readonly catalog: ScoringCatalogRepository,
    private readonly metrics: MetricService,
    private readonly adoption: AdoptionRepository,
    private readonly tickets: TicketService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(RECOMMENDATIONS_SOURCE) private readonly recommendations: RecommendationsSource,
  ) {}

  async gather(manager: EntityManager | null, reviewIds: string[], asOf: string): Promise<Map<string, ReviewFacts>> {
    const subjects = await this.reviews.subjects(manager, reviewIds, this.config.businessTimezone);
    if (subjects.length === 0) return new Map();
    const accountIds = [...new Set(subjects.map((subject) => subject.accountId))];
    const periodTo = addDays(asOf, -1);
    const periods = new Map(subjects.map((subject) => [subject.reviewId, this.period(subject, periodTo)]));

    const [current, catalog, metricPage, adoption, alerts, items, recommendations] = await Promise.all([
      this.snapshots.currentForComparison(accountIds),
      this.catalog.load(),
      this.metrics.list({ limit: 500 }),
      this.adoption.adoptionAsOf(accountIds, periodTo, this.config.adoptionThresholdPct),
      this.reviews.openAlerts(accountIds),
      this.reviews.actionItems(subjects.map((subject) => subject.reviewId)),
      this.recommendations.forAccounts(accountIds, REVIEW_RECOMMENDATION_LIMIT),
    ]);
    const atLastReview = await this.healthAtLastReview(subjects);
    const metricDefinitions = metricPage.items.filter((metric) => metric.kind === 'usage' || metric.kind === 'quality');
    const usage = await this.usageFacts(subjects, periods, metricDefinitions, catalog.mainMetrics);
    const support = await this.supportFacts(subjects, periods, asOf);
    const adoptionByAccount = groupBy(adoption, (row) => row.accountId);
    const alertsByAccount = groupBy(alerts, (row) => row.accountId);
    const itemsByReview = groupBy(items, (row) => row.forReviewId);

    const facts = new Map<string, ReviewFacts>();
    for (const subject of subjects) {
      const period = periods.get(subject.reviewId)!;
      const features = adoptionByAccount.get(subject.accountId) ?? [];
      facts.set(subject.reviewId, {
        review: {
          id: subject.reviewId,
          kind: subject.kind,
          dueDate: subject.dueDate,
          meetingAt: subject.meetingAt ? new Date(subject.meetingAt).toISOString() : null,
          meetingMinutes: subject.meetingMinutes,
          triggers: subject.triggerKeys,
        },
        account: {
          id: subject.accountId,
          name: subject.accountName,
          segment: subject.segment,
          billingModel: subject.billingModel,
          commitAmount: subject.commitAmount,
          commitPeriod: subject.commitPeriod,
          currency: subject.currency,
          arr: subject.arr,
          renewalDate: subject.renewalDate,
          autoRenew: subject.autoRenew,
        },
        period,
        lastReview: subject.lastReviewId ? { id: subject.lastReviewId, kind: subject.lastReviewKind!, day: subject.lastReviewDay! } : null,
        health: { now: healthFact(current.get(subject.accountId)), atLastReview: subject.lastReviewDay ? (atLastReview.get(`${subject.accountId}|${subject.lastReviewDay}`) ?? null) : null },
        usage: usage.get(subject.reviewId) ?? [],
        support: support.get(subject.reviewId) ?? null,
        adoption: features.length === 0 ? null : {
          thresholdPct: this.config.adoptionThresholdPct,
          features: features
            .map((feature) => ({ featureKey: feature.featureKey, featureName: feature.featureName, product: feature.product, adoptionPct: Number(feature.adoptionPct), adopted: feature.adopted, change28Days: feature.change28Days === null ? null : Number(feature.change28Days) }))
            .sort((a, b) => (a.featureKey < b.featureKey ? -1 : a.featureKey > b.featureKey ? 1 : 0)),
        },
        alerts: (alertsByAccount.get(subject.accountId) ?? []).map((alert) => ({ kind: alert.kind, severity: alert.severity, title: alert.title, sentence: alert.sentence, openedAt: new Date(alert.openedAt).toISOString() })),
        recommendations: ((recommendations.get(subject.accountId) ?? []) as RecommendationFact[]).map((recommendation) => ({
          featureKey: recommendation.featureKey,
          featureName: recommendation.featureName,
          productKey: recommendation.productKey,
          rationale: recommendation.rationale,
          evidence: { ...recommendation.evidence },
          links: recommendation.links,
        })),
        actionItems: (itemsByReview.get(subject.reviewId) ?? []).map(({ forReviewId: _forReviewId, ...item }) => item),
      });
    }
    return facts;
  }

  private period(subject: ReviewSubject, to: string): ReviewFacts['period'] {
    let from = addDays(to, -(DEFAULT_PERIOD_DAYS - 1));
    if (subject.lastReviewDay && subject.lastReviewDay < to && daysBetween(subject.lastReviewDay, to) <= MAX_PERIOD_DAYS) from = subject.lastReviewDay;
    const length = daysBetween(from, to) + 1;
    return { from, to, previousFrom: addDays(from, -length), previousTo: addDays(from, -1) };
  }

  /** The daily record on each account's last review day: one read per distinct day. */
  private async healthAtLastReview(subjects: ReviewSubject[]): Promise<Map<string, HealthFact>> {
    const byDay = groupBy(subjects.filter((subject) => subject.lastReviewDay !== null), (subject) => subject.lastReviewDay!);
    const result = new Map<string, HealthFact>();
    for (const [day, group] of byDay) {
      const snapshots = await this.snapshots.dailyForComparison([...new Set(group.map((subject) => subject.accountId))], day);
      for (const [accountId, snapshot] of snapshots) {
        const fact = healthFact(snapshot);
        if (fact) result.set(`${accountId}|${day}`, fact);
      }
    }
    return result;
  }

  /** Every usage and quality metric over the period and the one before, in one set-based read. */
  private async usageFacts(
    subjects: ReviewSubject[],
    periods: Map<string, ReviewFacts['period']>,
    metrics: { key: string; name: string; unit: string; kind: string; aggregation: MetricAggregation; higherIsBetter: boolean }[],
    mainMetrics: Map<string, string | null>,
  ): Promise<Map<string, MetricPeriodFact[]>> {
    const requests: UsageWindowRequest[] = [];
    for (const subject of subjects) {
      const period = periods.get(subject.reviewId)!;
      for (const metric of metrics) {
        const withLast = metric.aggregation === 'last';
        requests.push({ accountId: subject.accountId, metric: metric.key, from: period.from, to: period.to, withLast });
        requests.push({ accountId: subject.accountId, metric: metric.key, from: period.previousFrom, to: period.previousTo, withLast });
      }
    }
    const windows = await this.usage.windows(requests);
    const result = new Map<string, MetricPeriodFact[]>();
    let index = 0;
    for (const subject of subjects) {
      const main = new Set((subject.products ?? []).map((product) => mainMetrics.get(product)).filter((metric): metric is string => !!metric));
      const facts: MetricPeriodFact[] = [];
      for (const metric of metrics) {
        const current = rollUpWindow(windows[index], metric.aggregation);
        const previous = rollUpWindow(windows[index + 1], metric.aggregation);
        index += 2;
        if (current === null) continue;
        facts.push({ metric: metric.key, name: metric.name, unit: metric.unit, kind: metric.kind, higherIsBetter: metric.higherIsBetter, isMain: main.has(metric.key), current, previous });
      }
      result.set(subject.reviewId, facts);
    }
    return result;
  }

  /** Support pressure and SLA attainment over the period: two set-based reads per window length (the support module's own). */
  private async supportFacts(subjects: ReviewSubject[], periods: Map<string, ReviewFacts['period']>, asOf: string): Promise<Map<string, NonNullable<ReviewFacts['support']>>> {
    const asOfInstant = new Date(`${asOf}T00:00:00Z`);
    const result = new Map<string, NonNullable<ReviewFacts['support']>>();
    const byWindow = groupBy(subjects, (subject) => String(daysBetween(periods.get(subject.reviewId)!.from, asOf)));
    for (const [windowDays, group] of byWindow) {
      const accountIds = [...new Set(group.map((subject) => subject.accountId))];
      // Every subject of the group has the same period start (same window, same asOf).
      const from = new Date(`${periods.get(group[0].reviewId)!.from}T00:00:00Z`);
      const [signals, attainment] = await Promise.all([
        this.tickets.supportSignals(accountIds, asOfInstant, Number(windowDays)),
        this.tickets.slaAttainmentForAccounts(accountIds, from, asOfInstant, asOfInstant),
      ]);
      for (const subject of group) {
        const signal = signals.get(subject.accountId);
        const total = attainment.get(subject.accountId)!.total;
        result.set(subject.reviewId, {
          windowDays: Number(windowDays),
          openP1: signal?.openP1 ?? 0,
          openP2: signal?.openP2 ?? 0,
          escalations: signal?.escalations ?? 0,
          slaBreaches: { ...(signal?.slaBreaches ?? {}) } as Record<string, number>,
          ticketsWithSla: total.tickets,
          firstResponseMet: total.firstResponse.met,
          firstResponseJudged: total.firstResponse.met + total.firstResponse.breached,
          resolutionMet: total.resolution.met,
          resolutionJudged: total.resolution.met + total.resolution.breached,
        });
      }
    }
    return result;
  }
}

