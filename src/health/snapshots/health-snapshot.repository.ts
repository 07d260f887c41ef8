import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { HealthBand, HealthModelDefinition } from '../scoring';
import { ComparableSnapshot, driversOf, SnapshotChange, SnapshotComponents, SnapshotDrivers, StoredDrivers } from './snapshot';

export interface CurrentHealthRecord {
  accountId: string;
  runId: string;
  modelId: string;
  modelKey: string;
  modelName: string;
  modelVersion: number;
  asOf: string;
  score: number | null;
  band: HealthBand;
  coverage: number;
  components: SnapshotComponents;
  drivers: SnapshotDrivers;
  change: SnapshotChange;
  computedAt: Date;
}

export interface DailyHealthRecord {
  day: string;
  runId: string;
  modelId: string;
  modelKey: string;
  modelVersion: number;
  score: number | null;
  band: HealthBand;
  coverage: number;
  components: SnapshotComponents;
  drivers: SnapshotDrivers;
  computedAt: Date;
}

export interface ShadowScoreRecord {
  runId: string;
  modelId: string;
  modelKey: string;
  modelName: string;
  modelVersion: number;
  asOf: string;
  score: number | null;
  band: HealthBand;
  coverage: number;
  components: SnapshotComponents;
  drivers: SnapshotDrivers;
  computedAt: Date;
}

/** What a stored row needs to answer its drivers: the stored part (an organisation's roll-up) and its model's neutral score. */
const DRIVER_INPUTS = (alias: string, model: string) =>
  `${alias}.drivers AS "storedDrivers", ${model}.definition->'neutralScore' AS "neutralScore", ${model}.definition->'bands' AS bands`;

interface DriverInputs {
  storedDrivers: StoredDrivers;
  neutralScore: number | null;
  bands: HealthModelDefinition['bands'];
}

/** A read row with its drivers worked out from its components (they are not stored, see `driversOf`). */
function withDrivers<T extends DriverInputs & { components: SnapshotComponents }>(row: T): Omit<T, keyof DriverInputs> & { drivers: SnapshotDrivers } {
  const { storedDrivers, neutralScore, bands, ...rest } = row;
  return { ...rest, drivers: driversOf(row.components, storedDrivers, { neutralScore: neutralScore ?? undefined, bands }) };
}

const COMPARABLE = `score::float8 AS score, band, model_version AS "modelVersion", components, computed_at AS "computedAt"`;

/** `full`: the stored components; `scores`: only what what-changed compares. */
export type ComparisonDetail = 'full' | 'scores';

/**
 * What "what changed" compares, and no more: each component's key, label, weight and score, cut
 * out of the stored components in SQL, so a health run does not ship and parse their facts and details.
 */
const COMPONENT_SCORES_COMPARABLE = `score::float8 AS score, band, model_version AS "modelVersion", computed_at AS "computedAt",
  (SELECT coalesce(jsonb_agg(jsonb_build_object('key', c->'key', 'label', c->'label', 'weight', c->'weight', 'score', c->'score') ORDER BY n), '[]'::jsonb)
   FROM jsonb_array_elements(components) WITH ORDINALITY AS e(c, n)) AS components`;

/** Reads of the snapshots: only the current table, the daily record and completed runs' rows. */
@Injectable()
export class HealthSnapshotRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * The current health of a chunk of accounts, to say what changed since. `scores` reads only what
   * what-changed compares (each component's key, label, weight and score), as health runs need.
   */
  currentForComparison(accountIds: string[], detail: ComparisonDetail = 'full'): Promise<Map<string, ComparableSnapshot>> {
    return this.comparable(`account_health_current WHERE account_id = ANY($1::uuid[])`, 'as_of', [accountIds], detail);
  }

  /** The daily record of a chunk of accounts on one day (`detail` as for the current health). */
  dailyForComparison(accountIds: string[], day: string, detail: ComparisonDetail = 'full'): Promise<Map<string, ComparableSnapshot>> {
    return this.comparable(`health_daily_scores WHERE account_id = ANY($1::uuid[]) AND day = $2::date`, 'day', [accountIds, day], detail);
  }

  private async comparable(fromWhere: string, dayColumn: string, params: [string[], ...unknown[]], detail: ComparisonDetail): Promise<Map<string, ComparableSnapshot>> {
    if (params[0].length === 0) return new Map();
    const rows: (ComparableSnapshot & { accountId: string })[] = await this.dataSource.query(
      `SELECT account_id AS "accountId", ${dayColumn} AS day, ${detail === 'scores' ? COMPONENT_SCORES_COMPARABLE : COMPARABLE} FROM ${fromWhere}`,
      params,
    );
    return new Map(rows.map(({ accountId, ...snapshot }) => [accountId, snapshot]));
  }

  /** Children's official score and band: this run's snapshot when it scored them, else their current health. */
  async childScores(runId: string, accountIds: string[]): Promise<Map<string, { score: number | null; band: HealthBand }>> {
    if (accountIds.length === 0) return new Map();
    const rows: { accountId: string; score: number | null; band: HealthBand }[] = await this.dataSource.query(
      `SELECT ids.id AS "accountId", coalesce(s.score, c.score)::float8 AS score, coalesce(s.band, c.band) AS band
       FROM unnest($2::uuid[]) AS ids(id)
       LEFT JOIN health_scores s ON s.account_id = ids.id AND s.run_id = $1 AND s.official
       LEFT JOIN account_health_current c ON c.account_id = ids.id
       WHERE s.account_id IS NOT NULL OR c.account_id IS NOT NULL`,
      [runId, accountIds],
    );
    return new Map(rows.map((row) => [row.accountId, { score: row.score, band: row.band }]));
  }

  /** When each of these accounts' current health was computed. */
  async computedAt(accountIds: string[]): Promise<Map<string, Date>> {
    if (accountIds.length === 0) return new Map();
    const rows: { accountId: string; computedAt: Date }[] = await this.dataSource.query(
      `SELECT account_id AS "accountId", computed_at AS "computedAt" FROM account_health_current WHERE account_id = ANY($1::uuid[])`,
      [accountIds],
    );
    return new Map(rows.map((row) => [row.accountId, row.computedAt]));
  }

  /** The oldest current health (null when no account has one yet). */
  async oldestComputedAt(): Promise<Date | null> {
    const rows: { at: Date | null }[] = await this.dataSource.query(`SELECT min(computed_at) AS at FROM account_health_current`);
    return rows[0]?.at ?? null;
  }

  async current(accountId: string): Promise<CurrentHealthRecord | undefined> {
    const rows: (Omit<CurrentHealthRecord, 'drivers'> & DriverInputs)[] = await this.dataSource.query(
      `SELECT c.account_id AS "accountId", c.run_id AS "runId", c.model_id AS "modelId", m.key AS "modelKey", m.name AS "modelName", c.model_version AS "modelVersion",
              c.as_of AS "asOf", c.score::float8 AS score, c.band, c.coverage::float8 AS coverage, c.components, ${DRIVER_INPUTS('c', 'm')}, c.change, c.computed_at AS "computedAt"
       FROM account_health_current c JOIN health_models m ON m.id = c.model_id WHERE c.account_id = $1`,
      [accountId],
    );
    return rows.length === 0 ? undefined : withDrivers(rows[0]);
  }

  /** The latest completed snapshot of each model now in shadow. */
  async shadowScores(accountId: string): Promise<ShadowScoreRecord[]> {
    const rows: (Omit<ShadowScoreRecord, 'drivers'> & DriverInputs)[] = await this.dataSource.query(
      `SELECT DISTINCT ON (s.model_id) s.run_id AS "runId", s.model_id AS "modelId", m.key AS "modelKey", m.name AS "modelName", s.model_version AS "modelVersion",
              s.as_of AS "asOf", s.score::float8 AS score, s.band, s.coverage::float8 AS coverage, s.components, ${DRIVER_INPUTS('s', 'm')}, s.computed_at AS "computedAt"
       FROM health_scores s
       JOIN health_models m ON m.id = s.model_id AND m.status = 'shadow'
       JOIN health_runs r ON r.id = s.run_id AND r.status = 'completed'
       WHERE s.account_id = $1 AND NOT s.official
       ORDER BY s.model_id, s.computed_at DESC, r.completed_at DESC`,
      [accountId],
    );
    return rows.map(withDrivers);
  }

  /** The daily record between two days (inclusive), oldest first. */
  async history(accountId: string, from: string, to: string): Promise<DailyHealthRecord[]> {
    const rows: (Omit<DailyHealthRecord, 'drivers'> & DriverInputs)[] = await this.dataSource.query(
      `SELECT d.day, d.run_id AS "runId", d.model_id AS "modelId", m.key AS "modelKey", d.model_version AS "modelVersion", d.score::float8 AS score, d.band,
              d.coverage::float8 AS coverage, d.components, ${DRIVER_INPUTS('d', 'm')}, d.computed_at AS "computedAt"
       FROM health_daily_scores d JOIN health_models m ON m.id = d.model_id
       WHERE d.account_id = $1 AND d.day BETWEEN $2::date AND $3::date ORDER BY d.day`,
      [accountId, from, to],
    );
    return rows.map(withDrivers);
  }
}
