/**
 * What a recommendation is, as other modules (reviews, exports) read it. Pure types: no Nest or
 * TypeORM import, so the review documents and their unit tests can use them freely.
 */

/** Which peers the adoption figure comes from: the narrowest group with enough members. */
export type PeerGroupKind = 'segment_industry' | 'segment' | 'everyone';

export const PEER_GROUP_KINDS: readonly PeerGroupKind[] = ['segment_industry', 'segment', 'everyone'];

/**
 * The numbers behind a recommendation, each with its sample size, so a reader can judge how much
 * to trust it. A null figure means too few observations to say anything.
 */
export interface RecommendationEvidence {
  peerGroup: PeerGroupKind;
  /** Peers (other accounts of the group licensing the feature's product line) that report adoption. */
  peerCount: number;
  /** Share of those peers that use the feature, 0–100. */
  peerAdoptionPct: number;
  /**
   * Of the accounts using the feature the account already uses that goes with this one most often,
   * the share that also use this one, 0–100; null when no adopted feature has enough users.
   */
  coAdoptionPct: number | null;
  /** Accounts behind coAdoptionPct (users of that companion feature). */
  coAdoptionSample: number;
  /**
   * How much more the main usage metric of the feature's product line grew in the weeks after
   * accounts adopted it than it grew for comparable accounts that had not, over the same calendar
   * weeks, in percent; null with too few adopters.
   */
  usageLiftPct: number | null;
  /** Adoptions behind usageLiftPct. */
  usageLiftAdopters: number;
  /** Non-adopter observations (account × window) it was compared with. */
  usageLiftComparisons: number;
  /** Of the adopters with a recorded outcome, the share not churned, 0–100; null with too few. */
  retentionAdopterPct: number | null;
  /** Same for non-adopters. */
  retentionNonAdopterPct: number | null;
  /** Accounts with an outcome behind the two retention figures. */
  retentionSample: number;
  /**
   * The account's own latest share of users on the feature, below the adoption threshold (it has
   * started trying it), 0–100; null when it reports none. Beyond the contract's first version,
   * hence optional for readers built against it.
   */
  accountAdoptionPct?: number | null;
}

export interface RecommendationLinks {
  docs: string | null;
  guide: string | null;
  training: string | null;
}

export interface Recommendation {
  accountId: string;
  /** 1 is the strongest. */
  rank: number;
  featureId: string;
  featureKey: string;
  featureName: string;
  productKey: string;
  /** 0–100: how strongly the evidence speaks for adopting it next. */
  score: number;
  /** One sentence a CSM can say aloud. */
  rationale: string;
  evidence: RecommendationEvidence;
  links: RecommendationLinks;
  /** When the `recommendation-stats` job computed it (ISO-8601). */
  computedAt: string;
}
