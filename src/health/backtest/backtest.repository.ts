import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { OutcomeKind } from '../../outcomes/outcome.entity';
import type { Band, HealthBand } from '../scoring';
import type { SnapshotComponents } from '../snapshots/snapshot';

export interface BacktestOutcome {
  id: string;
  accountId: string;
  kind: OutcomeKind;
  date: string;
}

export interface DailyRecordScore {
  accountId: string;
  day: string;
  modelId: string;
  score: number | null;
  band: HealthBand;
  coverage: number;
  components: SnapshotComponents;
}

/**
 * Reads for backtests, all set-based (one statement per chunk of accounts and days): outcomes,
 * the daily record, overrides in force at past instants, and which accounts were organisations
 * then. Reads only; backtests store nothing.
 */
@Injectable()
export class BacktestRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Outcomes of non-sandbox accounts up to `lastDay` (archived accounts included: churned ones usually are). */
  outcomesUpTo(lastDay: string): Promise<BacktestOutcome[]> {
    return this.dataSource.query(
      `SELECT o.id, o.account_id AS "accountId", o.kind, o.date
       FROM outcomes o JOIN accounts a ON a.id = o.account_id
       WHERE NOT a.is_test AND o.date <= $1::date
       ORDER BY o.date, o.account_id, o.id`,
      [lastDay],
    );
  }

  /** Daily-record snapshots of these (account, day) pairs made by any of `modelIds`. */
  dailyRecordScores(pairs: { accountId: string; day: string }[], modelIds: string[]): Promise<DailyRecordScore[]> {
    if (pairs.length === 0 || modelIds.length === 0) return Promise.resolve([]);
    return this.dataSource.query(
      `SELECT d.account_id AS "accountId", d.day, d.model_id AS "modelId", d.score::float8 AS score, d.band, d.coverage::float8 AS coverage, d.components
       FROM unnest($1::uuid[], $2::date[]) AS r(account_id, day)
       JOIN health_daily_scores d ON d.account_id = r.account_id AND d.day = r.day
       WHERE d.model_id = ANY($3::uuid[])`,
      [pairs.map((pair) => pair.accountId), pairs.map((pair) => pair.day), modelIds],
    );
  }

  /**
   * The override band in force for each (account, instant): set by then, not cleared or replaced
   * by then, not expired by then. Answers by the pair's index in `pairs`.
   */
  async overrideBandsAt(pairs: { accountId: string; at: Date }[]): Promise<Map<number, Band>> {
    if (pairs.length === 0) return new Map();
    const rows: { i: string; band: Band }[] = await this.dataSource.query(
      `SELECT DISTINCT ON (r.i) r.i, o.band
       FROM unnest($1::uuid[], $2::timestamptz[]) WITH ORDINALITY AS r(account_id, at, i)
       JOIN health_overrides o ON o.account_id = r.account_id AND o.created_at <= r.at AND (o.cleared_at IS NULL OR o.cleared_at > r.at) AND o.expires_at > r.at
       ORDER BY r.i, o.created_at DESC`,
      [pairs.map((pair) => pair.accountId), pairs.map((pair) => pair.at)],
    );
    return new Map(rows.map((row) => [Number(row.i) - 1, row.band]));
  }

  /** Which of these accounts had a scored child at `at` (organisations are rolled up from their children, not scored on their own signals). */
  async organisationsAmong(accountIds: string[], at: Date): Promise<Set<string>> {
    if (accountIds.length === 0) return new Set();
    const rows: { parentId: string }[] = await this.dataSource.query(
      `SELECT DISTINCT c.parent_id AS "parentId"
       FROM accounts c JOIN account_history h ON h.account_id = c.id AND h.valid_from <= $2 AND (h.valid_to IS NULL OR h.valid_to > $2)
       WHERE c.parent_id = ANY($1::uuid[]) AND NOT c.is_test AND (c.archived_at IS NULL OR c.archived_at > $2)`,
      [accountIds, at],
    );
    return new Set(rows.map((row) => row.parentId));
  }
}
