import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { eligibleFeatures } from './recommendation-eligibility';
import { rationaleOf } from './recommendation-rationale';
import { rankCandidates, RankingSettings, scoreOf, StatisticsIndex } from './recommendation-ranking';
import type { RecommendationEvidence } from './recommendation';
import { RecommendationRepository, RecommendationWrite, StatisticsWindows } from './recommendation.repository';
import { MAX_STORED_RECOMMENDATIONS } from './recommendations.service';

/** Accounts ranked and written per statement batch. */
export const RECOMMENDATION_CHUNK_SIZE = 2000;
/** Usage lift compares the four weeks after an adoption with the four before. */
export const LIFT_WINDOW_WEEKS = 4;
/** Adoptions up to a year back are observed for usage lift. */
export const USAGE_LOOKBACK_DAYS = 365;
/** Weight of the account's own trial of a feature in the score (peer adoption has 0.35). */
export const TRIAL_WEIGHT = 0.25;
/** Retention reads outcomes of the last two years. */
export const OUTCOME_LOOKBACK_DAYS = 730;

export interface RecommendationRunOptions {
  /** The business day to compute as of (default: today in BUSINESS_TIMEZONE). Nothing later is read. */
  asOfDay?: string;
  /** Aborted when the job lost its lease; checked between chunks. */
  signal?: AbortSignal;
  /** Overrides of the ranking settings (the offline evaluation compares variants). */
  settings?: Partial<RankingSettings>;
}

export interface RecommendationRunStats {
  asOf: string;
  accounts: number;
  recommendations: number;
  /** Rows inserted or changed (0 on a rerun with the same data and clock). */
  written: number;
  deleted: number;
  features: number;
  usageLiftFeatures: number;
  retentionFeatures: number;
}

/**
 * The `recommendation-stats` run: statistics set-based over every account, then ranking per
 * account in chunks, all in one transaction so readers see the previous run or this one, never a mix.
 */
@Injectable()
export class RecommendationStatsService {
  constructor(
    private readonly repository: RecommendationRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  settings(): RankingSettings {
    return {
      minPeers: this.config.recommendationMinPeers,
      minCoAdoptionSample: this.config.recommendationMinPeers,
      minLiftAdopters: 5,
      minRetentionSide: 5,
      adoptionThresholdPct: this.config.adoptionThresholdPct,
      trialWeight: TRIAL_WEIGHT,
    };
  }

  async run(options: RecommendationRunOptions = {}): Promise<RecommendationRunStats> {
    const computedAt = this.clock.now();
    const asOfDay = options.asOfDay ?? this.clock.today(this.config.businessTimezone);
    const windows: StatisticsWindows = {
      asOfDay,
      thresholdPct: this.config.adoptionThresholdPct,
      usageLookbackDays: USAGE_LOOKBACK_DAYS,
      liftWindowWeeks: LIFT_WINDOW_WEEKS,
      minComparisonsPerWindow: 3,
      outcomeLookbackDays: OUTCOME_LOOKBACK_DAYS,
    };
    const settings = { ...this.settings(), ...options.settings };
    return this.repository.inRunTransaction(async (manager) => {
      const catalog = await this.repository.loadCatalog(manager);
      await this.repository.prepareRun(manager, windows);
      const peers = await this.repository.peerCounts(manager);
      const coAdoption = await this.repository.coAdoptionCounts(manager);
      const usageLift = await this.repository.usageLift(manager, windows);
      const retention = await this.repository.retention(manager, windows);
      const index = new StatisticsIndex({ peers, coAdoption, usageLift, retention }, settings);

      const featureById = new Map(catalog.features.map((feature) => [feature.id, feature]));
      const productByKey = new Map(catalog.products.map((product) => [product.key, product]));
      const segmentName = new Map(catalog.segments.map((segment) => [segment.key, segment.name]));
      const stats: RecommendationRunStats = {
        asOf: asOfDay,
        accounts: 0,
        recommendations: 0,
        written: 0,
        deleted: 0,
        features: catalog.features.length,
        usageLiftFeatures: usageLift.filter((row) => row.adopters >= settings.minLiftAdopters).length,
        retentionFeatures: retention.filter((row) => row.adopters >= settings.minRetentionSide && row.nonAdopters >= settings.minRetentionSide).length,
      };

      let afterId: string | null = null;
      for (;;) {
        options.signal?.throwIfAborted();
        const accounts = await this.repository.accountsChunk(manager, afterId, RECOMMENDATION_CHUNK_SIZE);
        if (accounts.length === 0) break;
        afterId = accounts[accounts.length - 1]!.id;
        const writes: RecommendationWrite[] = [];
        const eligibleCounts: number[] = [];
        for (const account of accounts) {
          const adoptedKeys = new Set(account.adoptedFeatureIds.map((id) => featureById.get(id)?.key).filter((key): key is string => key !== undefined));
          const eligible = eligibleFeatures(account, catalog.features, adoptedKeys);
          eligibleCounts.push(eligible.length);
          const rankingAccount = {
            segment: account.segment,
            industry: account.industry,
            reporting: account.reporting,
            adoptedFeatureIds: account.adoptedFeatureIds,
            trialPctByFeatureId: new Map(account.trialFeatureIds.map((id, position) => [id, account.trialPcts[position]!])),
          };
          const candidates = eligible.map((feature) => {
            const { coAdoptionFeatureId, ...evidence } = index.evidence(feature.id, rankingAccount);
            const score = scoreOf(evidence, {
              overallAdoptionPct: index.overallAdoptionPct(feature.id),
              trial: { weight: settings.trialWeight, thresholdPct: settings.adoptionThresholdPct, reporting: account.reporting },
            });
            return { feature, featureKey: feature.key, evidence: evidence as RecommendationEvidence, coAdoptionFeatureId, score };
          });
          for (const { item, rank } of rankCandidates(candidates).slice(0, MAX_STORED_RECOMMENDATIONS)) {
            const product = productByKey.get(item.feature.product);
            writes.push({
              accountId: account.id,
              featureId: item.feature.id,
              rank,
              score: item.score,
              evidence: item.evidence,
              rationale: rationaleOf(item.evidence, {
                featureName: item.feature.name,
                productName: product?.name ?? item.feature.product,
                segmentName: segmentName.get(account.segment) ?? account.segment,
                industry: account.industry,
                metricName: product?.mainMetricName?.toLowerCase() ?? product?.mainMetric?.replace(/-/g, ' ') ?? null,
                coAdoptionFeatureName: item.coAdoptionFeatureId ? (featureById.get(item.coAdoptionFeatureId)?.name ?? null) : null,
                minPeers: settings.minPeers,
              }),
            });
          }
        }
        const result = await this.repository.writeChunk(manager, accounts.map((account) => account.id), eligibleCounts, writes, asOfDay, computedAt);
        stats.accounts += accounts.length;
        stats.recommendations += writes.length;
        stats.written += result.written;
        stats.deleted += result.deleted;
      }
      stats.deleted += await this.repository.deleteUncovered(manager);
      return stats;
    });
  }
}
