import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { BulkCounts } from '../common/bulk/bulk-ingest';

export interface AdoptionWrite {
  accountId: string;
  featureId: string;
  day: string;
  activeUsers: number | null;
  eligibleUsers: number | null;
  adoptionPct: string;
}

export interface FeatureAdoptionRecord {
  accountId: string;
  featureId: string;
  featureKey: string;
  featureName: string;
  product: string;
  adoptionPct: number;
  activeUsers: number | null;
  eligibleUsers: number | null;
  reportedOn: string;
  adopted: boolean;
  pct28DaysAgo: number | null;
  comparedWithDay: string | null;
  change28Days: number | null;
  firstAdoptedOn: string | null;
}

/** Where an account's features stood on a day: what health scoring needs of adoption. */
export interface AccountAdoptionState {
  accountId: string;
  /** The features whose latest report on or before the day counts as adopted. */
  adoptedFeatureIds: string[];
  /** The latest report day among all the account's features. */
  lastReportedOn: string;
}

/** How far back "change over 28 days" compares. */
export const ADOPTION_CHANGE_WINDOW_DAYS = 28;

@Injectable()
export class AdoptionRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * A batch's transaction. Batches into this table take turns: a streamed batch writes chunk after
   * chunk, and two batches sharing keys in different chunk orders would otherwise deadlock.
   */
  inIngestTransaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('ingest:feature_adoption_daily'))`);
      return work(manager);
    });
  }

  /** Feature ids by key, and by (lower-case) id for rows that name a feature by id; one statement. */
  async featureIds(manager: EntityManager, keysOrIds: string[]): Promise<Map<string, string>> {
    if (keysOrIds.length === 0) return new Map();
    const ids = keysOrIds.filter((value) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)).map((id) => id.toLowerCase());
    const rows: { reference: string; id: string }[] = await manager.query(
      `SELECT f.key AS reference, f.id FROM features f WHERE f.key = ANY($1::text[])
       UNION ALL
       SELECT f.id::text, f.id FROM features f WHERE f.id = ANY($2::uuid[])`,
      [keysOrIds, ids],
    );
    return new Map(rows.map((row) => [row.reference, row.id]));
  }

  /**
   * Upserts a chunk on (account, feature, day) in one statement from arrays; a row whose values
   * did not change is not touched, so the counts are exact.
   */
  async upsert(manager: EntityManager, rows: AdoptionWrite[], at: Date): Promise<BulkCounts> {
    if (rows.length === 0) return { inserted: 0, updated: 0, unchanged: 0 };
    const written: { inserted: boolean }[] = await manager.query(
      `INSERT INTO feature_adoption_daily AS f (account_id, feature_id, day, active_users, eligible_users, adoption_pct, created_at, updated_at)
       SELECT r.account_id, r.feature_id, r.day, r.active_users, r.eligible_users, r.adoption_pct, $7, $7
       FROM unnest($1::uuid[], $2::uuid[], $3::date[], $4::int[], $5::int[], $6::numeric[]) AS r(account_id, feature_id, day, active_users, eligible_users, adoption_pct)
       ON CONFLICT (account_id, feature_id, day) DO UPDATE
         SET active_users = EXCLUDED.active_users, eligible_users = EXCLUDED.eligible_users, adoption_pct = EXCLUDED.adoption_pct, updated_at = EXCLUDED.updated_at
         WHERE (f.active_users, f.eligible_users, f.adoption_pct) IS DISTINCT FROM (EXCLUDED.active_users, EXCLUDED.eligible_users, EXCLUDED.adoption_pct)
       RETURNING (xmax = 0) AS inserted`,
      [
        rows.map((row) => row.accountId),
        rows.map((row) => row.featureId),
        rows.map((row) => row.day),
        rows.map((row) => row.activeUsers),
        rows.map((row) => row.eligibleUsers),
        rows.map((row) => row.adoptionPct),
        at,
      ],
    );
    const inserted = written.filter((row) => row.inserted).length;
    return { inserted, updated: written.length - inserted, unchanged: rows.length - written.length };
  }

  /**
   * Per account and feature with a report on or before `asOf`: the latest report, the latest on or
   * before `asOf` − 28 days, and the first day at or above the threshold. Set-based over any number
   * of accounts (the health run reads many at once); `asOf` is a parameter, never `now()`.
   */
  adoptionAsOf(accountIds: string[], asOf: string, thresholdPct: number): Promise<FeatureAdoptionRecord[]> {
    if (accountIds.length === 0) return Promise.resolve([]);
    return this.dataSource.query(
      `WITH latest AS (
         SELECT DISTINCT ON (d.account_id, d.feature_id) d.account_id, d.feature_id, d.day, d.adoption_pct, d.active_users, d.eligible_users
         FROM feature_adoption_daily d WHERE d.account_id = ANY($1::uuid[]) AND d.day <= $2::date
         ORDER BY d.account_id, d.feature_id, d.day DESC
       ), earlier AS (
         SELECT DISTINCT ON (d.account_id, d.feature_id) d.account_id, d.feature_id, d.day, d.adoption_pct
         FROM feature_adoption_daily d WHERE d.account_id = ANY($1::uuid[]) AND d.day <= $2::date - $4::int
         ORDER BY d.account_id, d.feature_id, d.day DESC
       ), first_adopted AS (
         SELECT d.account_id, d.feature_id, min(d.day) AS day
         FROM feature_adoption_daily d WHERE d.account_id = ANY($1::uuid[]) AND d.day <= $2::date AND d.adoption_pct >= $3::numeric
         GROUP BY d.account_id, d.feature_id
       )
       SELECT l.account_id AS "accountId", f.id AS "featureId", f.key AS "featureKey", f.name AS "featureName", f.product,
              l.adoption_pct::float8 AS "adoptionPct", l.active_users AS "activeUsers", l.eligible_users AS "eligibleUsers", l.day AS "reportedOn",
              l.adoption_pct >= $3::numeric AS adopted,
              e.adoption_pct::float8 AS "pct28DaysAgo", e.day AS "comparedWithDay", (l.adoption_pct - e.adoption_pct)::float8 AS "change28Days",
              fa.day AS "firstAdoptedOn"
       FROM latest l
       JOIN features f ON f.id = l.feature_id
       LEFT JOIN earlier e ON e.account_id = l.account_id AND e.feature_id = l.feature_id
       LEFT JOIN first_adopted fa ON fa.account_id = l.account_id AND fa.feature_id = l.feature_id
       ORDER BY l.account_id, f.key`,
      [accountIds, asOf, thresholdPct, ADOPTION_CHANGE_WINDOW_DAYS],
    );
  }

  /**
   * Each account's adoption as of a day, from the latest report of each feature: one backward
   * (index-only) probe of the primary key per (account, feature), so the cost does not grow with
   * the length of the history, folded into one row per account (adopted features by their position
   * in `featureIds`, so 1,000 accounts × 20 features answer 1,000 small rows, not 20,000).
   * Accounts without any report are left out.
   */
  async adoptionStateAsOf(accountIds: string[], featureIds: string[], asOf: string, thresholdPct: number): Promise<AccountAdoptionState[]> {
    if (accountIds.length === 0 || featureIds.length === 0) return [];
    const rows: { accountId: string; lastReportedOn: string; adopted: number[] }[] = await this.dataSource.query(
      // Pairs in key order (OFFSET 0 keeps the sort), so the probes walk the index forwards.
      `SELECT p.account_id AS "accountId", max(l.day) AS "lastReportedOn", coalesce(array_agg(p.n) FILTER (WHERE l.adopted), '{}') AS adopted
       FROM (SELECT a.id AS account_id, f.id AS feature_id, f.n FROM unnest($1::uuid[]) AS a(id) CROSS JOIN unnest($2::uuid[]) WITH ORDINALITY AS f(id, n) ORDER BY 1, 2 OFFSET 0) p
       CROSS JOIN LATERAL (
         SELECT d.day, d.adoption_pct >= $4::numeric AS adopted FROM feature_adoption_daily d
         WHERE d.account_id = p.account_id AND d.feature_id = p.feature_id AND d.day <= $3::date ORDER BY d.day DESC LIMIT 1
       ) l
       GROUP BY p.account_id`,
      [accountIds, featureIds, asOf, thresholdPct],
    );
    return rows.map((row) => ({ accountId: row.accountId, lastReportedOn: row.lastReportedOn, adoptedFeatureIds: row.adopted.map((position) => featureIds[Number(position) - 1]) }));
  }

  /** Accounts with adoption rows written at or after `since`, with the latest such time (incremental health runs). */
  async changedAccountsSince(since: Date): Promise<Map<string, Date>> {
    const rows: { accountId: string; at: Date }[] = await this.dataSource.query(
      `SELECT account_id AS "accountId", max(updated_at) AS at FROM feature_adoption_daily WHERE updated_at >= $1 GROUP BY account_id`,
      [since],
    );
    return new Map(rows.map((row) => [row.accountId, row.at]));
  }
}
