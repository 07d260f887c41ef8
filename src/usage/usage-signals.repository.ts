import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { RUN_RATE_SPAN_DAYS, runRateOf } from './usage-trends';

/** One window of one metric of one account to aggregate (days inclusive). */
export interface UsageWindowRequest {
  accountId: string;
  metric: string;
  from: string;
  to: string;
  /** Also read the value of the latest day in the window (metrics rolled up by `last`); otherwise `last` is null. */
  withLast?: boolean;
}

/**
 * The raw pieces of a window, so the caller rolls it up by the metric's rule (sum, avg, max, last,
 * ratio) exactly as `aggregateDays` does; `days` 0 means no data in the window.
 */
export interface UsageWindowAggregate {
  days: number;
  sum: number | null;
  max: number | null;
  /** The value of the latest day in the window, when the request asked for it. */
  last: number | null;
  /** Ratio metrics: Σ value × weight and Σ weight. */
  weightedSum: number | null;
  weight: number | null;
  /** The latest day with data in the window. */
  lastDay: string | null;
}

export interface RunRateRequest {
  accountId: string;
  metric: string;
  /** The last day of the current 28-day window (the account's last reported day). */
  endDay: string;
}

export interface RunRate {
  accountId: string;
  /** Sum of the 28 days ending on `endDay`. */
  runRate: number;
  /** Highest 28-day sum among the windows that lie inside the 90 days ending on `endDay`. */
  peakRunRate: number;
}

/** Big GROUP BYs over usage_daily get this much memory (PLATFORM.md measured limits). */
const SIGNAL_WORK_MEM = '64MB';

/**
 * Set-based usage reads for health scoring: a chunk of accounts in a few statements, every bound a
 * parameter (no `now()`), so any past day can be scored again.
 */
@Injectable()
export class UsageSignalsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * The last reported day of each (account, metric) pair on or before `asOf`, looking back to
   * `since`: one backward probe of the primary key per pair instead of reading every day of the
   * window. Pairs without data in that span are left out.
   */
  lastDays(pairs: { accountId: string; metric: string }[], since: string, asOf: string): Promise<{ accountId: string; metric: string; lastDay: string }[]> {
    if (pairs.length === 0) return Promise.resolve([]);
    return this.inSignalTransaction((query) =>
      query(
        // Pairs in key order (OFFSET 0 keeps the sort), so the probes walk the index forwards.
        // ORDER BY … LIMIT 1 rather than max(): the planner's min/max rewrite costs an InitPlan per pair (2.5x slower).
        `SELECT p.account_id AS "accountId", p.metric, l.last_day AS "lastDay"
         FROM (SELECT * FROM unnest($1::uuid[], $2::text[]) AS p(account_id, metric) ORDER BY 1, 2 OFFSET 0) p
         CROSS JOIN LATERAL (
           SELECT u.day AS last_day FROM usage_daily u WHERE u.account_id = p.account_id AND u.metric = p.metric AND u.day BETWEEN $3::date AND $4::date ORDER BY u.day DESC LIMIT 1
         ) l`,
        [pairs.map((pair) => pair.accountId), pairs.map((pair) => pair.metric), since, asOf],
      ),
    );
  }

  /**
   * Aggregates for many (account, metric, window) requests in one statement; answers in request
   * order. The latest day's value is a separate probe, read only for requests that ask for it: an
   * ordered array_agg in every window tripled the statement's time.
   */
  async windows(requests: UsageWindowRequest[]): Promise<UsageWindowAggregate[]> {
    if (requests.length === 0) return [];
    const rows: (UsageWindowAggregate & { i: string })[] = await this.inSignalTransaction((query) =>
      query(
        `SELECT r.i, w.days, w.sum, w.max, w.weighted_sum AS "weightedSum", w.weight, w.last_day AS "lastDay",
                CASE WHEN r.with_last THEN (
                  SELECT l.value FROM usage_daily l WHERE l.account_id = r.account_id AND l.metric = r.metric AND l.day BETWEEN r.from_day AND r.to_day ORDER BY l.day DESC LIMIT 1
                ) END AS last
         FROM unnest($1::uuid[], $2::text[], $3::date[], $4::date[], $5::boolean[]) WITH ORDINALITY AS r(account_id, metric, from_day, to_day, with_last, i)
         CROSS JOIN LATERAL (
           SELECT count(*)::int AS days, sum(u.value) AS sum, max(u.value) AS max,
                  sum(u.value * u.weight) AS weighted_sum, sum(u.weight) AS weight, max(u.day) AS last_day
           FROM usage_daily u WHERE u.account_id = r.account_id AND u.metric = r.metric AND u.day BETWEEN r.from_day AND r.to_day
         ) w`,
        [requests.map((r) => r.accountId), requests.map((r) => r.metric), requests.map((r) => r.from), requests.map((r) => r.to), requests.map((r) => r.withLast === true)],
      ),
    );
    const byIndex = new Map(rows.map((row) => [Number(row.i), row]));
    return requests.map((_request, index) => {
      const row = byIndex.get(index + 1);
      return row
        ? { days: row.days, sum: row.sum, max: row.max, last: row.last, weightedSum: row.weightedSum, weight: row.weight, lastDay: row.lastDay }
        : { days: 0, sum: null, max: null, last: null, weightedSum: null, weight: null, lastDay: null };
    });
  }

  /**
   * Pay-as-you-go run-rates: the last 28 days' sum against the highest 28-day sum inside the 90 days
   * ending on each account's end day, in request order (accounts without a day in the span left
   * out). Postgres answers each account's days as two arrays and `runRateOf` rolls them up: a
   * 28-day RANGE window over float8 (no inverse transition, so every frame is summed again) cost
   * ~2 µs a row, most of this statement's time.
   */
  async runRates(requests: RunRateRequest[]): Promise<RunRate[]> {
    if (requests.length === 0) return [];
    const rows: { accountId: string; offsets: number[]; values: number[] }[] = await this.inSignalTransaction((query) =>
      query(
        `SELECT r.account_id AS "accountId", d.offsets, d.values
         FROM unnest($1::uuid[], $2::text[], $3::date[]) WITH ORDINALITY AS r(account_id, metric, end_day, i)
         CROSS JOIN LATERAL (
           SELECT array_agg(u.day - r.end_day ORDER BY u.day) AS offsets, array_agg(u.value ORDER BY u.day) AS values
           FROM usage_daily u WHERE u.account_id = r.account_id AND u.metric = r.metric AND u.day BETWEEN r.end_day - ${RUN_RATE_SPAN_DAYS - 1} AND r.end_day
         ) d
         WHERE d.offsets IS NOT NULL
         ORDER BY r.i`,
        [requests.map((r) => r.accountId), requests.map((r) => r.metric), requests.map((r) => r.endDay)],
      ),
    );
    return rows.map((row) => ({ accountId: row.accountId, ...runRateOf(row.offsets, row.values) }));
  }

  /** Accounts with usage rows recorded at or after `since`, with the latest such time (incremental health runs). */
  async changedAccountsSince(since: Date): Promise<Map<string, Date>> {
    const rows: { accountId: string; at: Date }[] = await this.dataSource.query(
      `SELECT account_id AS "accountId", max(recorded_at) AS at FROM usage_daily WHERE recorded_at >= $1 GROUP BY account_id`,
      [since],
    );
    return new Map(rows.map((row) => [row.accountId, row.at]));
  }

  private inSignalTransaction<T>(work: (query: (sql: string, params: unknown[]) => Promise<T>) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SET LOCAL work_mem = '${SIGNAL_WORK_MEM}'`);
      return work((sql, params) => manager.query(sql, params));
    });
  }
}
