import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { MetricAggregation, MetricKind } from '../catalog/metric.entity';
import type { BulkCounts } from '../common/bulk/bulk-ingest';
import type { UsageMetricRule } from './usage-row';

/** A chunk of resolved, checked rows as parallel arrays (one `unnest` per column). */
export interface UsageDayColumns {
  accountIds: string[];
  metrics: string[];
  days: string[];
  values: number[];
  weights: (number | null)[];
  /** Each row's line in the batch, to name the rows that repeat an earlier chunk's key. */
  lines: number[];
  /** Rows whose key an earlier chunk may have given (the batch's Bloom filter said maybe): only these are looked up. */
  checks: boolean[];
}

export interface UsageUpsertOutcome extends BulkCounts {
  /** Rows whose (account, metric, day) an earlier chunk of the same batch already gave with a different value, with that value. */
  conflicts: { line: number; value: number; weight: number | null }[];
}

export interface MetricDefinitionRecord {
  key: string;
  name: string;
  unit: string;
  aggregation: MetricAggregation;
  kind: MetricKind;
  higherIsBetter: boolean;
}

export type UsageGranularity = 'day' | 'week' | 'month';

export interface UsagePeriodRecord {
  metric: string;
  period: string;
  from: string;
  to: string;
  days: number;
  value: number | null;
  weight: number | null;
}

export interface UsageDayRecord {
  metric: string;
  day: string;
  value: number;
  weight: number | null;
}

const PERIOD_START: Record<UsageGranularity, string> = {
  day: 'u.day',
  week: "date_trunc('week', u.day)::date",
  month: "date_trunc('month', u.day)::date",
};
const PERIOD_END: Record<UsageGranularity, string> = {
  day: 'p.period',
  week: 'p.period + 6',
  month: "(p.period + interval '1 month' - interval '1 day')::date",
};

@Injectable()
export class UsageRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  inTransaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /**
   * The batch transaction's id as an `xid` (its low 32 bits): rows this transaction inserted carry
   * it as xmin, rows it updated or left unchanged (locked by ON CONFLICT) as xmin or xmax.
   */
  async transactionId(manager: EntityManager): Promise<string> {
    const rows: { xid: string }[] = await manager.query(`SELECT (pg_current_xact_id()::text::bigint % 4294967296)::text AS xid`);
    return rows[0].xid;
  }

  async metricRules(manager: EntityManager): Promise<UsageMetricRule[]> {
    return manager.query(`SELECT key, aggregation, allow_negative AS "allowNegative" FROM metrics`);
  }

  /**
   * Upserts a chunk in one statement. A row whose value and weight equal the stored ones is left
   * alone (`unchanged`; ON CONFLICT still locks it). A key the same batch already wrote or locked
   * in an earlier chunk (found through xmin/xmax = this transaction, read before this statement
   * touches it) is not written again: an equal value counts as unchanged, a different one comes
   * back as a conflict. So repeats across chunks are found in the database, not in memory; only
   * rows flagged in `checks` pay for that lookup.
   */
  async upsertDays(manager: EntityManager, rows: UsageDayColumns, transactionId: string, at: Date): Promise<UsageUpsertOutcome> {
    if (rows.accountIds.length === 0) return { inserted: 0, updated: 0, unchanged: 0, conflicts: [] };
    const result: { inserted: number; updated: number; conflicts: UsageUpsertOutcome['conflicts'] }[] = await manager.query(
      `WITH input AS (
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::date[], $4::float8[], $5::float8[], $6::int[], $9::boolean[]) AS i(account_id, metric, day, value, weight, line, lookup)
       ),
       checked AS (
         SELECT i.account_id, i.metric, i.day, i.value, i.weight, i.line, (s.xmin = $7::xid OR s.xmax = $7::xid) AS earlier, s.value AS stored_value, s.weight AS stored_weight,
                (s.value, s.weight) IS NOT DISTINCT FROM (i.value, i.weight) AS same
         FROM input i
         -- LIMIT keeps this a per-row primary-key probe (a pulled-up join could scan the whole table).
         LEFT JOIN LATERAL (
           SELECT u.xmin, u.xmax, u.value, u.weight FROM usage_daily u WHERE i.lookup AND u.account_id = i.account_id AND u.metric = i.metric AND u.day = i.day LIMIT 1
         ) s ON TRUE
       ),
       written AS (
         INSERT INTO usage_daily AS u (account_id, metric, day, value, weight, recorded_at, created_at, updated_at)
         SELECT c.account_id, c.metric, c.day, c.value, c.weight, $8, $8, $8 FROM checked c WHERE c.earlier IS NOT TRUE
         ON CONFLICT (account_id, metric, day) DO UPDATE
           SET value = EXCLUDED.value, weight = EXCLUDED.weight, recorded_at = EXCLUDED.recorded_at, updated_at = EXCLUDED.updated_at
           WHERE (u.value, u.weight) IS DISTINCT FROM (EXCLUDED.value, EXCLUDED.weight)
         RETURNING (u.xmax = 0) AS inserted
       )
       SELECT (SELECT count(*) FROM written WHERE inserted)::int AS inserted,
              (SELECT count(*) FROM written WHERE NOT inserted)::int AS updated,
              (SELECT coalesce(json_agg(json_build_object('line', c.line, 'value', c.stored_value, 'weight', c.stored_weight) ORDER BY c.line), '[]')
               FROM checked c WHERE c.earlier AND NOT c.same) AS conflicts`,
      [
        arrayLiteral(rows.accountIds),
        arrayLiteral(rows.metrics.map(quoteElement)),
        arrayLiteral(rows.days),
        arrayLiteral(rows.values),
        arrayLiteral(rows.weights.map((weight) => (weight === null ? 'NULL' : weight))),
        arrayLiteral(rows.lines),
        transactionId,
        at,
        arrayLiteral(rows.checks),
      ],
    );
    const { inserted, updated, conflicts } = result[0];
    return { inserted, updated, unchanged: rows.accountIds.length - inserted - updated - conflicts.length, conflicts };
  }

  async metricDefinition(key: string): Promise<MetricDefinitionRecord | undefined> {
    const rows: MetricDefinitionRecord[] = await this.dataSource.query(`SELECT ${METRIC_COLUMNS} FROM metrics m WHERE m.key = $1`, [key]);
    return rows[0];
  }

  /** Definitions of the metrics the account has data for in [from, to] (or just `metric`), by key. */
  async metricsWithData(accountId: string, from: string, to: string, metric?: string): Promise<MetricDefinitionRecord[]> {
    return this.dataSource.query(
      `SELECT ${METRIC_COLUMNS} FROM metrics m
       WHERE ($4::text IS NULL OR m.key = $4)
         AND EXISTS (SELECT 1 FROM usage_daily u WHERE u.account_id = $1 AND u.metric = m.key AND u.day BETWEEN $2::date AND $3::date)
       ORDER BY m.key`,
      [accountId, from, to, metric ?? null],
    );
  }

  /**
   * One account's values in [from, to] rolled up per period by each metric's rule: sum, avg (of
   * the days with data), max, last (the latest day's value), ratio (sum(value * weight) / sum(weight)).
   * Weeks start on Monday; a period's from/to are clipped to the range; periods without data are absent.
   */
  async periods(accountId: string, from: string, to: string, granularity: UsageGranularity, metric?: string): Promise<UsagePeriodRecord[]> {
    return this.dataSource.query(
      `WITH p AS (
         SELECT u.metric, ${PERIOD_START[granularity]} AS period, count(*)::int AS days, m.aggregation,
                sum(u.value) AS sum_value, avg(u.value) AS avg_value, max(u.value) AS max_value,
                (array_agg(u.value ORDER BY u.day DESC))[1] AS last_value,
                sum(u.value * u.weight) AS weighted_value, sum(u.weight) AS weight
         FROM usage_daily u JOIN metrics m ON m.key = u.metric
         WHERE u.account_id = $1 AND u.day BETWEEN $2::date AND $3::date AND ($4::text IS NULL OR u.metric = $4)
         GROUP BY u.metric, m.aggregation, 2
       )
       SELECT p.metric, p.period, greatest(p.period, $2::date) AS "from", least(${PERIOD_END[granularity]}, $3::date) AS "to", p.days,
              CASE p.aggregation WHEN 'sum' THEN p.sum_value WHEN 'avg' THEN p.avg_value WHEN 'max' THEN p.max_value
                WHEN 'last' THEN p.last_value WHEN 'ratio' THEN p.weighted_value / nullif(p.weight, 0) END AS value,
              CASE WHEN p.aggregation = 'ratio' THEN p.weight END AS weight
       FROM p ORDER BY p.metric, p.period`,
      [accountId, from, to, metric ?? null],
    );
  }

  /** One account's daily rows in [from, to] (the trend windows), by metric and day. */
  async days(accountId: string, from: string, to: string, metric?: string): Promise<UsageDayRecord[]> {
    return this.dataSource.query(
      `SELECT u.metric, u.day, u.value, u.weight FROM usage_daily u
       WHERE u.account_id = $1 AND u.day BETWEEN $2::date AND $3::date AND ($4::text IS NULL OR u.metric = $4)
       ORDER BY u.metric, u.day`,
      [accountId, from, to, metric ?? null],
    );
  }

  /** What the trends read judges an account's usage by: its region (for the calendar's holidays) and the main metrics of its product lines. */
  async trendContext(accountId: string): Promise<{ region: string | null; mainMetrics: string[] }> {
    const rows: { region: string | null; mainMetrics: string[] }[] = await this.dataSource.query(
      `SELECT a.region, coalesce(array_agg(DISTINCT p.main_metric) FILTER (WHERE p.main_metric IS NOT NULL), '{}') AS "mainMetrics"
       FROM accounts a LEFT JOIN products p ON p.key = ANY(a.products) WHERE a.id = $1 GROUP BY a.id`,
      [accountId],
    );
    return rows[0] ?? { region: null, mainMetrics: [] };
  }
}

/**
 * A Postgres array literal built in one join: node-pg would escape every element into its own
 * string, which is most of the garbage a large ingest makes. Elements are uuids, dates, numbers,
 * booleans and NULL, which need no quoting, or strings quoted with `quoteElement`.
 */
function arrayLiteral(items: readonly (string | number | boolean)[]): string {
  return `{${items.join(',')}}`;
}

function quoteElement(text: string): string {
  return `"${text.replace(/[\\"]/g, '\\$&')}"`;
}

const METRIC_COLUMNS = `m.key, m.name, m.unit, m.aggregation, m.kind, m.higher_is_better AS "higherIsBetter"`;
