import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { CoAdoptionRow, PeerCountRow, RetentionRow, UsageLiftRow } from './recommendation-ranking';
import type { RecommendationEvidence } from './recommendation';

export interface StoredRecommendationRow {
  accountId: string;
  rank: number;
  featureId: string;
  featureKey: string;
  featureName: string;
  productKey: string;
  score: number;
  rationale: string;
  evidence: RecommendationEvidence;
  docs: string | null;
  guide: string | null;
  training: string | null;
  computedAt: Date;
}

export interface RecommendationStateRow {
  accountId: string;
  asOf: string;
  computedAt: Date;
  eligibleFeatures: number;
}

/** The catalog as a run needs it (small: read once per run). */
export interface RecommendationCatalog {
  features: { id: string; key: string; name: string; product: string; prerequisites: string[]; eligibleSegments: string[]; useCases: string[] }[];
  products: { key: string; name: string; mainMetric: string | null; mainMetricName: string | null }[];
  segments: { key: string; name: string }[];
}

export interface RunAccountRow {
  id: string;
  segment: string;
  industry: string | null;
  products: string[];
  useCases: string[];
  reporting: boolean;
  adoptedFeatureIds: string[];
  /** Features it reports a share above 0 but below the threshold of, with that share. */
  trialFeatureIds: string[];
  trialPcts: number[];
}

export interface RecommendationWrite {
  accountId: string;
  featureId: string;
  rank: number;
  score: number;
  rationale: string;
  evidence: RecommendationEvidence;
}

export interface StatisticsWindows {
  /** The business day the statistics stand for: nothing after it is read. */
  asOfDay: string;
  thresholdPct: number;
  /** Usage lift: days of usage before asOf that adoption windows may start in. */
  usageLookbackDays: number;
  /** Usage lift: length of the before and after windows, in whole weeks. */
  liftWindowWeeks: number;
  /** A non-adopter cell (segment × week) needs this many accounts to compare with. */
  minComparisonsPerWindow: number;
  /** Retention reads each account's latest outcome within this many days before asOf. */
  outcomeLookbackDays: number;
}

/**
 * SQL of the recommendations: the set-based statistics of a run (over temporary tables of the
 * run's transaction), the per-chunk writes, and the plain reads of stored recommendations.
 */
@Injectable()
export class RecommendationRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The run's transaction: one run at a time, every write visible together. */
  inRunTransaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('job:recommendation-stats'))`);
      await manager.query(`SET LOCAL work_mem = '64MB'`);
      return work(manager);
    });
  }

  async loadCatalog(manager: EntityManager): Promise<RecommendationCatalog> {
    const features = await manager.query(
      `SELECT id, key, name, product, prerequisites, eligible_segments AS "eligibleSegments", use_cases AS "useCases" FROM features ORDER BY key`,
    );
    const products = await manager.query(
      `SELECT p.key, p.name, p.main_metric AS "mainMetric", m.name AS "mainMetricName" FROM products p LEFT JOIN metrics m ON m.key = p.main_metric ORDER BY p.key`,
    );
    const segments = await manager.query(`SELECT key, name FROM segments ORDER BY rank, key`);
    return { features, products, segments };
  }

  /**
   * Two temporary tables the statistics read: every non-test account (archived ones too, for
   * retention and usage lift; `active` marks the ones recommended to and counted as peers), and
   * each account's adoption state per feature as of the day: adopted when its latest report on or
   * before the day reaches the threshold, with the first day it did.
   */
  async prepareRun(manager: EntityManager, windows: StatisticsWindows): Promise<void> {
    await manager.query(
      `CREATE TEMP TABLE rec_adoption ON COMMIT DROP AS
       WITH latest AS (
         SELECT DISTINCT ON (d.account_id, d.feature_id) d.account_id, d.feature_id, d.adoption_pct
         FROM feature_adoption_daily d JOIN accounts a ON a.id = d.account_id AND NOT a.is_test
         WHERE d.day <= $1::date
         ORDER BY d.account_id, d.feature_id, d.day DESC
       ), first_adopted AS (
         SELECT d.account_id, d.feature_id, min(d.day) AS day
         FROM feature_adoption_daily d WHERE d.day <= $1::date AND d.adoption_pct >= $2::numeric
         GROUP BY d.account_id, d.feature_id
       )
       SELECT l.account_id, l.feature_id, l.adoption_pct, l.adoption_pct >= $2::numeric AS adopted, fa.day AS first_adopted_on
       FROM latest l LEFT JOIN first_adopted fa ON fa.account_id = l.account_id AND fa.feature_id = l.feature_id`,
      [windows.asOfDay, windows.thresholdPct],
    );
    await manager.query(`CREATE INDEX ON rec_adoption (account_id, feature_id)`);
    await manager.query(
      `CREATE TEMP TABLE rec_accounts ON COMMIT DROP AS
       SELECT a.id, a.segment, coalesce(a.industry, '') AS industry, a.industry AS industry_or_null, a.products, a.use_cases,
              a.archived_at IS NULL AS active,
              EXISTS (SELECT 1 FROM rec_adoption r WHERE r.account_id = a.id) AS reporting
       FROM accounts a WHERE NOT a.is_test`,
    );
    await manager.query(`CREATE UNIQUE INDEX ON rec_accounts (id)`);
    await manager.query(`ANALYZE rec_adoption`);
    await manager.query(`ANALYZE rec_accounts`);
  }

  /** Peers per (feature, segment, industry): active accounts reporting adoption that are open to the feature, and how many of them use it. */
  peerCounts(manager: EntityManager): Promise<PeerCountRow[]> {
    return manager.query(
      `SELECT f.id AS "featureId", a.segment, a.industry, count(*)::int AS peers, count(*) FILTER (WHERE r.adopted)::int AS adopters
       FROM rec_accounts a
       JOIN features f ON (cardinality(a.products) = 0 OR f.product = ANY(a.products)) AND (cardinality(f.eligible_segments) = 0 OR a.segment = ANY(f.eligible_segments))
       LEFT JOIN rec_adoption r ON r.account_id = a.id AND r.feature_id = f.id
       WHERE a.active AND a.reporting
       GROUP BY f.id, a.segment, a.industry`,
    );
  }

  /** For every pair of features: active accounts using the first and open to the second, and how many use both. */
  coAdoptionCounts(manager: EntityManager): Promise<CoAdoptionRow[]> {
    return manager.query(
      `SELECT x.feature_id AS "withFeatureId", f.id AS "featureId", count(*)::int AS "withUsers", count(*) FILTER (WHERE r.adopted)::int AS "bothUsers"
       FROM rec_adoption x
       JOIN rec_accounts a ON a.id = x.account_id AND a.active
       JOIN features f ON f.id <> x.feature_id AND (cardinality(a.products) = 0 OR f.product = ANY(a.products)) AND (cardinality(f.eligible_segments) = 0 OR a.segment = ANY(f.eligible_segments))
       LEFT JOIN rec_adoption r ON r.account_id = x.account_id AND r.feature_id = f.id
       WHERE x.adopted
       GROUP BY x.feature_id, f.id`,
    );
  }

  /**
   * Usage lift per feature. For each adoption (the week of the first day at the threshold), the
   * account's growth of its product line's main metric: mean daily value over the N weeks after
   * the adoption week against the N weeks before, as a log ratio. The same for the accounts of the
   * same segment reporting that metric that have not adopted the feature (as of asOf), over the
   * same calendar weeks. Lift = exp(mean over adoptions of (adopter log growth − mean non-adopter
   * log growth of its cell)) − 1. Only windows complete on or before asOf; archived accounts count
   * (history). Non-adopters are all accounts minus adopters per cell, so the work grows with
   * accounts + adoptions × weeks, never cells × accounts.
   */
  async usageLift(manager: EntityManager, windows: StatisticsWindows): Promise<UsageLiftRow[]> {
    // Growth per (account, main metric, week) first, into a temporary table with statistics, so the
    // joins below are planned on real row counts.
    await manager.query(
      `CREATE TEMP TABLE rec_usage_growth ON COMMIT DROP AS
       WITH weekly AS (
         SELECT u.account_id, u.metric, date_trunc('week', u.day)::date AS week, sum(u.value) AS total, count(*) AS days
         FROM usage_daily u JOIN rec_accounts a ON a.id = u.account_id
         WHERE u.metric IN (SELECT p.main_metric FROM products p WHERE p.main_metric IS NOT NULL) AND u.day > $1::date - $2::int AND u.day <= $1::date
         GROUP BY u.account_id, u.metric, date_trunc('week', u.day)
       ), growth AS (
         SELECT w.account_id, w.metric, w.week,
                sum(w.total) OVER before_window / nullif(sum(w.days) OVER before_window, 0) AS before_mean,
                sum(w.total) OVER after_window / nullif(sum(w.days) OVER after_window, 0) AS after_mean,
                sum(w.days) OVER before_window AS before_days, sum(w.days) OVER after_window AS after_days
         FROM weekly w
         WINDOW before_window AS (PARTITION BY w.account_id, w.metric ORDER BY w.week RANGE BETWEEN make_interval(days => 7 * $3::int) PRECEDING AND INTERVAL '7 days' PRECEDING),
                after_window AS (PARTITION BY w.account_id, w.metric ORDER BY w.week RANGE BETWEEN INTERVAL '7 days' FOLLOWING AND make_interval(days => 7 * $3::int) FOLLOWING)
       )
       SELECT account_id, metric, week, ln(after_mean / before_mean) AS log_growth
       FROM growth
       WHERE before_mean > 0 AND after_mean > 0
         AND before_days >= 7 * $3::int / 2 AND after_days >= 7 * $3::int / 2
         AND week - 7 * $3::int > $1::date - $2::int
         AND week + 7 * ($3::int + 1) - 1 <= $1::date`,
      [windows.asOfDay, windows.usageLookbackDays, windows.liftWindowWeeks],
    );
    await manager.query(`CREATE INDEX ON rec_usage_growth (metric, week, account_id)`);
    await manager.query(`ANALYZE rec_usage_growth`);
    return manager.query(
      `WITH main AS (
         SELECT f.id AS feature_id, f.product, p.main_metric AS metric
         FROM features f JOIN products p ON p.key = f.product WHERE p.main_metric IS NOT NULL
       ), adopter_obs AS (
         SELECT m.feature_id, a.segment, g.week, g.log_growth
         FROM rec_adoption r
         JOIN main m ON m.feature_id = r.feature_id
         JOIN rec_accounts a ON a.id = r.account_id
         JOIN rec_usage_growth g ON g.account_id = r.account_id AND g.metric = m.metric AND g.week = date_trunc('week', r.first_adopted_on)::date
         WHERE r.first_adopted_on IS NOT NULL
       ), cells AS (
         SELECT DISTINCT feature_id, segment, week FROM adopter_obs
       ), totals AS (
         -- Every account of a segment reporting the metric, per week: one pass over the growth rows.
         SELECT g.metric, a.segment, g.week, sum(g.log_growth) AS log_growth_sum, count(*) AS observations
         FROM rec_usage_growth g JOIN rec_accounts a ON a.id = g.account_id
         GROUP BY g.metric, a.segment, g.week
       ), adopted AS (
         -- Of those, the accounts that adopted the feature (by asOf): subtracted below. Adoptions × weeks rows.
         SELECT r.feature_id, a.segment, g.week, sum(g.log_growth) AS log_growth_sum, count(*) AS observations
         FROM rec_adoption r
         JOIN main m ON m.feature_id = r.feature_id
         JOIN rec_accounts a ON a.id = r.account_id
         JOIN rec_usage_growth g ON g.account_id = r.account_id AND g.metric = m.metric
         WHERE r.first_adopted_on IS NOT NULL
         GROUP BY r.feature_id, a.segment, g.week
       ), baseline AS (
         SELECT c.feature_id, c.segment, c.week,
                (t.log_growth_sum - coalesce(d.log_growth_sum, 0)) / (t.observations - coalesce(d.observations, 0)) AS mean_log_growth,
                t.observations - coalesce(d.observations, 0) AS observations
         FROM cells c
         JOIN main m ON m.feature_id = c.feature_id
         JOIN totals t ON t.metric = m.metric AND t.segment = c.segment AND t.week = c.week
         LEFT JOIN adopted d ON d.feature_id = c.feature_id AND d.segment = c.segment AND d.week = c.week
         WHERE t.observations - coalesce(d.observations, 0) >= $1::int
       ), compared AS (
         SELECT o.feature_id, o.log_growth - b.mean_log_growth AS log_lift
         FROM adopter_obs o JOIN baseline b ON b.feature_id = o.feature_id AND b.segment = o.segment AND b.week = o.week
       )
       SELECT c.feature_id AS "featureId", count(*)::int AS adopters,
              (SELECT coalesce(sum(b.observations), 0)::int FROM baseline b WHERE b.feature_id = c.feature_id) AS comparisons,
              (exp(avg(c.log_lift)) - 1) * 100 AS "liftPct"
       FROM compared c
       GROUP BY c.feature_id`,
      [windows.minComparisonsPerWindow],
    );
  }

  /**
   * Retention per feature: each account's latest outcome on or before asOf (within the lookback),
   * retained unless churned; an adopter is an account that reached the threshold on or before the
   * outcome's day. Among accounts open to the feature; archived (churned) accounts count.
   */
  retention(manager: EntityManager, windows: StatisticsWindows): Promise<RetentionRow[]> {
    return manager.query(
      `WITH last_outcome AS (
         SELECT DISTINCT ON (o.account_id) o.account_id, o.kind, o.date
         FROM outcomes o JOIN rec_accounts a ON a.id = o.account_id
         WHERE o.date <= $1::date AND o.date > $1::date - $2::int
         ORDER BY o.account_id, o.date DESC, o.id
       ), sides AS (
         SELECT f.id AS feature_id, (r.first_adopted_on IS NOT NULL AND r.first_adopted_on <= lo.date) AS adopted, lo.kind <> 'churned' AS retained
         FROM last_outcome lo
         JOIN rec_accounts a ON a.id = lo.account_id
         JOIN features f ON (cardinality(a.products) = 0 OR f.product = ANY(a.products)) AND (cardinality(f.eligible_segments) = 0 OR a.segment = ANY(f.eligible_segments))
         LEFT JOIN rec_adoption r ON r.account_id = lo.account_id AND r.feature_id = f.id
       )
       SELECT feature_id AS "featureId",
              count(*) FILTER (WHERE adopted)::int AS adopters, count(*) FILTER (WHERE adopted AND retained)::int AS "adoptersRetained",
              count(*) FILTER (WHERE NOT adopted)::int AS "nonAdopters", count(*) FILTER (WHERE NOT adopted AND retained)::int AS "nonAdoptersRetained"
       FROM sides GROUP BY feature_id`,
      [windows.asOfDay, windows.outcomeLookbackDays],
    );
  }

  /** The next chunk of active accounts after `afterId` (keyset), with the features each has adopted. */
  accountsChunk(manager: EntityManager, afterId: string | null, size: number): Promise<RunAccountRow[]> {
    return manager.query(
      `SELECT a.id, a.segment, a.industry_or_null AS industry, a.products, a.use_cases AS "useCases", a.reporting,
              coalesce((SELECT array_agg(r.feature_id ORDER BY r.feature_id) FROM rec_adoption r WHERE r.account_id = a.id AND r.adopted), '{}') AS "adoptedFeatureIds",
              coalesce((SELECT array_agg(r.feature_id ORDER BY r.feature_id) FROM rec_adoption r WHERE r.account_id = a.id AND NOT r.adopted AND r.adoption_pct > 0), '{}') AS "trialFeatureIds",
              coalesce((SELECT array_agg(r.adoption_pct::float8 ORDER BY r.feature_id) FROM rec_adoption r WHERE r.account_id = a.id AND NOT r.adopted AND r.adoption_pct > 0), '{}') AS "trialPcts"
       FROM rec_accounts a
       WHERE a.active AND ($1::uuid IS NULL OR a.id > $1::uuid)
       ORDER BY a.id LIMIT $2`,
      [afterId, size],
    );
  }

  /**
   * Replaces the chunk's recommendations: upserts the new rows (a row whose content did not change
   * is left alone, so a rerun with the same data and clock writes nothing) and deletes the rows of
   * these accounts that are no longer recommended. Records each account's state likewise.
   */
  async writeChunk(
    manager: EntityManager,
    accountIds: string[],
    eligibleCounts: number[],
    rows: RecommendationWrite[],
    asOfDay: string,
    computedAt: Date,
  ): Promise<{ written: number; deleted: number }> {
    const written: unknown[] = await manager.query(
      `INSERT INTO account_recommendations AS r (account_id, feature_id, rank, score, rationale, evidence, as_of, computed_at, created_at, updated_at)
       SELECT n.account_id, n.feature_id, n.rank, n.score, n.rationale, n.evidence, $7::date, $8, $8, $8
       FROM unnest($1::uuid[], $2::uuid[], $3::int[], $4::numeric[], $5::text[], $6::jsonb[]) AS n(account_id, feature_id, rank, score, rationale, evidence)
       ON CONFLICT (account_id, feature_id) DO UPDATE
         SET rank = EXCLUDED.rank, score = EXCLUDED.score, rationale = EXCLUDED.rationale, evidence = EXCLUDED.evidence,
             as_of = EXCLUDED.as_of, computed_at = EXCLUDED.computed_at, updated_at = EXCLUDED.updated_at
         WHERE (r.rank, r.score, r.rationale, r.evidence, r.as_of, r.computed_at) IS DISTINCT FROM (EXCLUDED.rank, EXCLUDED.score, EXCLUDED.rationale, EXCLUDED.evidence, EXCLUDED.as_of, EXCLUDED.computed_at)
       RETURNING 1`,
      [
        rows.map((row) => row.accountId),
        rows.map((row) => row.featureId),
        rows.map((row) => row.rank),
        rows.map((row) => row.score),
        rows.map((row) => row.rationale),
        rows.map((row) => JSON.stringify(row.evidence)),
        asOfDay,
        computedAt,
      ],
    );
    const [, deleted] = (await manager.query(
      `DELETE FROM account_recommendations r
       WHERE r.account_id = ANY($1::uuid[])
         AND NOT EXISTS (SELECT 1 FROM unnest($2::uuid[], $3::uuid[]) AS k(account_id, feature_id) WHERE k.account_id = r.account_id AND k.feature_id = r.feature_id)`,
      [accountIds, rows.map((row) => row.accountId), rows.map((row) => row.featureId)],
    )) as [unknown, number];
    await manager.query(
      `INSERT INTO account_recommendation_state AS s (account_id, as_of, computed_at, eligible_features, created_at, updated_at)
       SELECT n.account_id, $3::date, $4, n.eligible, $4, $4 FROM unnest($1::uuid[], $2::int[]) AS n(account_id, eligible)
       ON CONFLICT (account_id) DO UPDATE
         SET as_of = EXCLUDED.as_of, computed_at = EXCLUDED.computed_at, eligible_features = EXCLUDED.eligible_features, updated_at = EXCLUDED.updated_at
         WHERE (s.as_of, s.computed_at, s.eligible_features) IS DISTINCT FROM (EXCLUDED.as_of, EXCLUDED.computed_at, EXCLUDED.eligible_features)`,
      [accountIds, eligibleCounts, asOfDay, computedAt],
    );
    return { written: written.length, deleted };
  }

  /** Drops what the run did not cover: accounts archived, turned test, or gone since the last run. */
  async deleteUncovered(manager: EntityManager): Promise<number> {
    const [, recommendations] = (await manager.query(
      `DELETE FROM account_recommendations r WHERE NOT EXISTS (SELECT 1 FROM rec_accounts a WHERE a.id = r.account_id AND a.active)`,
    )) as [unknown, number];
    await manager.query(`DELETE FROM account_recommendation_state s WHERE NOT EXISTS (SELECT 1 FROM rec_accounts a WHERE a.id = s.account_id AND a.active)`);
    return recommendations;
  }

  /** Stored recommendations of these accounts, best first, at most `limit` each. */
  recommendationsFor(accountIds: string[], limit: number): Promise<StoredRecommendationRow[]> {
    if (accountIds.length === 0) return Promise.resolve([]);
    return this.dataSource.query(
      `SELECT r.account_id AS "accountId", r.rank, r.feature_id AS "featureId", f.key AS "featureKey", f.name AS "featureName", f.product AS "productKey",
              r.score::float8 AS score, r.rationale, r.evidence,
              f.documentation_url AS docs, f.guide_url AS guide, f.training_url AS training, r.computed_at AS "computedAt"
       FROM account_recommendations r JOIN features f ON f.id = r.feature_id
       WHERE r.account_id = ANY($1::uuid[]) AND r.rank <= $2
       ORDER BY r.account_id, r.rank`,
      [accountIds, limit],
    );
  }

  async stateOf(accountId: string): Promise<RecommendationStateRow | undefined> {
    const rows: RecommendationStateRow[] = await this.dataSource.query(
      `SELECT account_id AS "accountId", as_of AS "asOf", computed_at AS "computedAt", eligible_features AS "eligibleFeatures" FROM account_recommendation_state WHERE account_id = $1`,
      [accountId],
    );
    return rows[0];
  }
}
