/**
 * Turns feature statistics into per-account evidence, a score and a rank. Pure: the job reads the
 * statistics set-based (recommendation.repository.ts) and calls these for each account of a chunk.
 *
 * The evidence never includes the health score: adoption is one of its components, so ranking by
 * it would recommend what is already counted.
 */
import type { PeerGroupKind, RecommendationEvidence } from './recommendation';

export interface RankingSettings {
  /** A peer group needs at least this many accounts, else the next wider group is used. */
  minPeers: number;
  /** A companion feature needs at least this many users for its co-adoption share to count. */
  minCoAdoptionSample: number;
  /** Usage lift needs at least this many adoptions with comparable non-adopters. */
  minLiftAdopters: number;
  /** Retention needs at least this many accounts with an outcome on each side. */
  minRetentionSide: number;
  /** Adoption threshold (ADOPTION_THRESHOLD_PCT): a trial at this share would count as adopted. */
  adoptionThresholdPct: number;
  /** Weight of the account's own trial in the score; 0 leaves it out of the ranking (the evaluation compares both). */
  trialWeight: number;
}

/** Peers of one (feature, segment, industry) cell: accounts reporting adoption, open to the feature (product licensed, segment eligible). */
export interface PeerCountRow {
  featureId: string;
  segment: string;
  /** '' for accounts without an industry. */
  industry: string;
  peers: number;
  adopters: number;
}

/** Of the accounts that use `withFeatureId` and are open to `featureId`: how many, and how many use both. */
export interface CoAdoptionRow {
  withFeatureId: string;
  featureId: string;
  withUsers: number;
  bothUsers: number;
}

export interface UsageLiftRow {
  featureId: string;
  adopters: number;
  comparisons: number;
  /** exp(mean of (adopter log growth − mean non-adopter log growth of the same segment and weeks)) − 1, in percent. */
  liftPct: number;
}

export interface RetentionRow {
  featureId: string;
  adopters: number;
  adoptersRetained: number;
  nonAdopters: number;
  nonAdoptersRetained: number;
}

export interface FeatureStatistics {
  peers: PeerCountRow[];
  coAdoption: CoAdoptionRow[];
  usageLift: UsageLiftRow[];
  retention: RetentionRow[];
}

export interface RankingAccount {
  segment: string;
  industry: string | null;
  /** The account reports adoption, so it is counted among the peers of the features open to it. */
  reporting: boolean;
  adoptedFeatureIds: readonly string[];
  /** Latest share of users per feature not adopted (below the threshold), when above 0. */
  trialPctByFeatureId?: ReadonlyMap<string, number>;
}

/** Evidence plus what the rationale needs to name the companion feature. */
export interface CandidateEvidence extends RecommendationEvidence {
  coAdoptionFeatureId: string | null;
}

const cellKey = (featureId: string, segment: string, industry: string) => `${featureId}|${segment}|${industry}`;
const percent = (part: number, whole: number) => Math.round((part * 10_000) / whole) / 100;

/** Statistics indexed for the per-account lookups of a run. */
export class StatisticsIndex {
  private readonly byCell = new Map<string, { peers: number; adopters: number }>();
  private readonly bySegment = new Map<string, { peers: number; adopters: number }>();
  private readonly byFeature = new Map<string, { peers: number; adopters: number }>();
  private readonly pairsByFeature = new Map<string, Map<string, CoAdoptionRow>>();
  private readonly lift = new Map<string, UsageLiftRow>();
  private readonly retention = new Map<string, RetentionRow>();

  constructor(
    statistics: FeatureStatistics,
    readonly settings: RankingSettings,
  ) {
    const add = (map: Map<string, { peers: number; adopters: number }>, key: string, row: PeerCountRow) => {
      const entry = map.get(key) ?? { peers: 0, adopters: 0 };
      entry.peers += row.peers;
      entry.adopters += row.adopters;
      map.set(key, entry);
    };
    for (const row of statistics.peers) {
      add(this.byCell, cellKey(row.featureId, row.segment, row.industry), row);
      add(this.bySegment, `${row.featureId}|${row.segment}`, row);
      add(this.byFeature, row.featureId, row);
    }
    for (const row of statistics.coAdoption) {
      if (!this.pairsByFeature.has(row.featureId)) this.pairsByFeature.set(row.featureId, new Map());
      this.pairsByFeature.get(row.featureId)!.set(row.withFeatureId, row);
    }
    for (const row of statistics.usageLift) this.lift.set(row.featureId, row);
    for (const row of statistics.retention) this.retention.set(row.featureId, row);
  }

  /**
   * The narrowest peer group with at least `minPeers` other accounts: same segment and industry,
   * then same segment, then everyone open to the feature. The account itself is left out (it has
   * not adopted the feature, so it would only dilute the share). When even everyone is too few,
   * the figure is still given with its (small) count.
   */
  peerEvidence(featureId: string, account: RankingAccount): { peerGroup: PeerGroupKind; peerCount: number; peerAdoptionPct: number } {
    const self = account.reporting ? 1 : 0;
    const groups: [PeerGroupKind, { peers: number; adopters: number } | undefined][] = [
      ['segment_industry', account.industry === null ? undefined : this.byCell.get(cellKey(featureId, account.segment, account.industry))],
      ['segment', this.bySegment.get(`${featureId}|${account.segment}`)],
      ['everyone', this.byFeature.get(featureId)],
    ];
    const chosen = groups.find(([, counts]) => counts !== undefined && counts.peers - self >= this.settings.minPeers) ?? groups[2];
    const counts = chosen[1] ?? { peers: 0, adopters: 0 };
    const peerCount = Math.max(0, counts.peers - self);
    return { peerGroup: chosen[0], peerCount, peerAdoptionPct: peerCount === 0 ? 0 : percent(Math.min(counts.adopters, peerCount), peerCount) };
  }

  /**
   * Of the features the account uses, the one whose users most often also use `featureId`
   * (among those with enough users); the account itself is left out of the counts.
   */
  coAdoption(featureId: string, account: RankingAccount): { coAdoptionPct: number | null; coAdoptionSample: number; coAdoptionFeatureId: string | null } {
    const pairs = this.pairsByFeature.get(featureId);
    let best: { pct: number; sample: number; withFeatureId: string } | null = null;
    for (const withFeatureId of account.adoptedFeatureIds) {
      const pair = pairs?.get(withFeatureId);
      if (!pair) continue;
      const sample = pair.withUsers - 1;
      if (sample < this.settings.minCoAdoptionSample) continue;
      const pct = percent(pair.bothUsers, sample);
      if (!best || pct > best.pct || (pct === best.pct && (sample > best.sample || (sample === best.sample && withFeatureId < best.withFeatureId)))) best = { pct, sample, withFeatureId };
    }
    return best ? { coAdoptionPct: best.pct, coAdoptionSample: best.sample, coAdoptionFeatureId: best.withFeatureId } : { coAdoptionPct: null, coAdoptionSample: 0, coAdoptionFeatureId: null };
  }

  usageLift(featureId: string): { usageLiftPct: number | null; usageLiftAdopters: number; usageLiftComparisons: number } {
    const row = this.lift.get(featureId);
    if (!row) return { usageLiftPct: null, usageLiftAdopters: 0, usageLiftComparisons: 0 };
    const enough = row.adopters >= this.settings.minLiftAdopters;
    return { usageLiftPct: enough ? Math.round(row.liftPct * 10) / 10 : null, usageLiftAdopters: row.adopters, usageLiftComparisons: row.comparisons };
  }

  retentionEvidence(featureId: string): { retentionAdopterPct: number | null; retentionNonAdopterPct: number | null; retentionSample: number } {
    const row = this.retention.get(featureId);
    if (!row) return { retentionAdopterPct: null, retentionNonAdopterPct: null, retentionSample: 0 };
    const enough = row.adopters >= this.settings.minRetentionSide && row.nonAdopters >= this.settings.minRetentionSide;
    return {
      retentionAdopterPct: enough ? percent(row.adoptersRetained, row.adopters) : null,
      retentionNonAdopterPct: enough ? percent(row.nonAdoptersRetained, row.nonAdopters) : null,
      retentionSample: row.adopters + row.nonAdopters,
    };
  }

  /** Share of everyone open to the feature that uses it, 0–100 (the prior small groups are pulled toward); null without peers. */
  overallAdoptionPct(featureId: string): number | null {
    const counts = this.byFeature.get(featureId);
    return counts && counts.peers > 0 ? (counts.adopters * 100) / counts.peers : null;
  }

  evidence(featureId: string, account: RankingAccount): CandidateEvidence {
    const trial = account.trialPctByFeatureId?.get(featureId);
    return {
      ...this.peerEvidence(featureId, account),
      ...this.coAdoption(featureId, account),
      ...this.usageLift(featureId),
      ...this.retentionEvidence(featureId),
      accountAdoptionPct: trial === undefined || trial <= 0 ? null : trial,
    };
  }
}

/** Weights of the evidence in the score; a missing figure drops out and the others renormalise. */
export const SCORE_WEIGHTS = { peerAdoption: 0.35, coAdoption: 0.25, usageLift: 0.25, retention: 0.15 } as const;
/** Samples of this size count half: small samples pull the usage and retention figures toward neutral. */
const SHRINK_SAMPLE = 10;
/**
 * In the score, a peer share counts as if this many more accounts adopted at the overall rate, and
 * a co-adoption share as if this many more adopted at the (shrunk) peer rate: a 3-of-4 group is
 * weak evidence, and the overall rate is the best guess without more. The evidence itself keeps
 * the raw shares, which are what a CSM can say.
 */
export const PRIOR_ACCOUNTS = 10;

const clamp01 = (value: number) => Math.min(1, Math.max(0, value));
/** Moves a 0–1 value toward the neutral 0.5 the smaller its sample. */
const shrink = (value: number, sample: number) => 0.5 + (value - 0.5) * (sample / (sample + SHRINK_SAMPLE));

/**
 * 0–100. Peer adoption and co-adoption count as shares (pulled toward the overall adoption rate
 * when it is given, the more the smaller their samples); usage lift maps +50% → 1 and −50% → 0;
 * retention maps the adopters' advantage in points the same way (+50 points → 1); the account's
 * own trial, when weighted, counts 0 without one, from 0.5 at any share up to 1 at the threshold.
 */
export interface ScoreOptions {
  /** The overall adoption rate small groups are pulled toward; null: no pull. */
  overallAdoptionPct?: number | null;
  /** When the account reports adoption, its trial counts (0 without one) with this weight; 0 or absent: left out. */
  trial?: { weight: number; thresholdPct: number; reporting: boolean };
}

export function scoreOf(evidence: RecommendationEvidence, options: ScoreOptions = {}): number {
  const overallAdoptionPct = options.overallAdoptionPct ?? null;
  const towards = (pct: number, sample: number, prior: number | null) => (prior === null ? pct : (pct * sample + prior * PRIOR_ACCOUNTS) / (sample + PRIOR_ACCOUNTS));
  const peerShare = evidence.peerCount === 0 ? (overallAdoptionPct ?? 0) : towards(evidence.peerAdoptionPct, evidence.peerCount, overallAdoptionPct);
  const parts: [number, number][] = [[SCORE_WEIGHTS.peerAdoption, peerShare / 100]];
  if (evidence.coAdoptionPct !== null) parts.push([SCORE_WEIGHTS.coAdoption, towards(evidence.coAdoptionPct, evidence.coAdoptionSample, overallAdoptionPct === null ? null : peerShare) / 100]);
  if (evidence.usageLiftPct !== null) parts.push([SCORE_WEIGHTS.usageLift, shrink(clamp01(0.5 + evidence.usageLiftPct / 100), evidence.usageLiftAdopters)]);
  if (evidence.retentionAdopterPct !== null && evidence.retentionNonAdopterPct !== null) {
    parts.push([SCORE_WEIGHTS.retention, shrink(clamp01(0.5 + (evidence.retentionAdopterPct - evidence.retentionNonAdopterPct) / 100), evidence.retentionSample)]);
  }
  const trial = options.trial;
  if (trial && trial.weight > 0 && (trial.reporting || (evidence.accountAdoptionPct ?? 0) > 0)) {
    // Having started is a strong sign (half the value at once), growing toward the threshold.
    const pct = evidence.accountAdoptionPct ?? 0;
    parts.push([trial.weight, pct <= 0 ? 0 : 0.5 + 0.5 * Math.min(1, pct / trial.thresholdPct)]);
  }
  const weight = parts.reduce((sum, [w]) => sum + w, 0);
  const value = parts.reduce((sum, [w, v]) => sum + w * v, 0) / weight;
  return Math.round(value * 10_000) / 100;
}

export interface RankedCandidate<T> {
  item: T;
  rank: number;
}

/** Highest score first; ties by peer adoption, then feature key, so a rerun ranks the same. */
export function rankCandidates<T extends { featureKey: string; score: number; evidence: RecommendationEvidence }>(candidates: readonly T[]): RankedCandidate<T>[] {
  return [...candidates]
    .sort((a, b) => b.score - a.score || b.evidence.peerAdoptionPct - a.evidence.peerAdoptionPct || (a.featureKey < b.featureKey ? -1 : a.featureKey > b.featureKey ? 1 : 0))
    .map((item, index) => ({ item, rank: index + 1 }));
}
