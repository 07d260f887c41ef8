import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { KeysetPosition } from '../../common/pagination';
import { storedDriversOf } from '../snapshots/snapshot';
import type { ComputedSnapshot } from './health-scoring';
import type { HealthRunKind, HealthRunStatus } from './health-run.entity';

export interface HealthRunRecord {
  id: string;
  jobRunId: string | null;
  kind: HealthRunKind;
  asOf: string;
  status: HealthRunStatus;
  accountsScored: number;
  error: string | null;
  startedAt: Date;
  completedAt: Date | null;
}

const COLUMNS = `r.id, r.job_run_id AS "jobRunId", r.kind, r.as_of AS "asOf", r.status, r.accounts_scored AS "accountsScored", r.error,
  r.started_at AS "startedAt", r.completed_at AS "completedAt"`;

/** The columns a completing run copies from its official snapshots. */
const SNAPSHOT_COLUMNS = ['run_id', 'model_id', 'model_version', 'score', 'band', 'coverage', 'components', 'drivers', 'computed_at'];

@Injectable()
export class HealthRunRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  inTransaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** A pooled connection of its own for the duration of `work` (autocommit reads), released after. */
  async withConnection<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      return await work(runner.manager);
    } finally {
      await runner.release();
    }
  }

  async create(run: { kind: HealthRunKind; asOf: string; jobRunId: string | null; startedAt: Date }): Promise<HealthRunRecord> {
    const rows: HealthRunRecord[] = await this.dataSource.query(
      `INSERT INTO health_runs AS r (job_run_id, kind, as_of, status, accounts_scored, started_at, created_at, updated_at)
       VALUES ($1, $2, $3, 'running', 0, $4, $4, now()) RETURNING ${COLUMNS}`,
      [run.jobRunId, run.kind, run.asOf, run.startedAt],
    );
    return rows[0];
  }

  async findById(id: string): Promise<HealthRunRecord | undefined> {
    const rows: HealthRunRecord[] = await this.dataSource.query(`SELECT ${COLUMNS} FROM health_runs r WHERE r.id = $1`, [id]);
    return rows[0];
  }

  /** Newest first; keyset on (started_at, id). */
  list(filter: { status?: HealthRunStatus; kind?: HealthRunKind; after?: KeysetPosition; limit: number }): Promise<HealthRunRecord[]> {
    return this.dataSource.query(
      `SELECT ${COLUMNS} FROM health_runs r
       WHERE ($1::text IS NULL OR r.status = $1) AND ($2::text IS NULL OR r.kind = $2)
         AND ($3::timestamptz IS NULL OR (r.started_at, r.id) < ($3::timestamptz, $4::uuid))
       ORDER BY r.started_at DESC, r.id DESC LIMIT $5`,
      [filter.status ?? null, filter.kind ?? null, filter.after?.sortValue ?? null, filter.after?.id ?? null, filter.limit + 1],
    );
  }

  /**
   * The run is alive (database clock, like job leases); also records progress. False when the run
   * is no longer running, or when its completing transaction holds the row: then the heartbeat skips
   * rather than waits (SKIP LOCKED), so it does not sit on a pooled connection while the run
   * completes. Not flushed to disk on its own (see `withoutWaitingForFlush`).
   */
  async heartbeat(id: string, accountsScored?: number): Promise<boolean> {
    return this.withoutWaitingForFlush(async (manager) => {
      const [, count]: [unknown, number] = await manager.query(
        `UPDATE health_runs r SET updated_at = now(), accounts_scored = coalesce($2, r.accounts_scored)
         FROM (SELECT id FROM health_runs WHERE id = $1 AND status = 'running' FOR NO KEY UPDATE SKIP LOCKED) alive
         WHERE r.id = alive.id`,
        [id, accountsScored ?? null],
      );
      return count > 0;
    });
  }

  /**
   * A transaction whose commit does not wait for its WAL to reach the disk (`synchronous_commit =
   * off`), for what a running run writes before it completes: its snapshots and heartbeats. A crash
   * can lose the last few of them, which costs nothing: the run is then abandoned and redone, and
   * the completing transaction commits synchronously, flushing everything written before it. So
   * the chunks do not each wait for the disk behind the run's own writes (one flush a chunk).
   */
  private withoutWaitingForFlush<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SET LOCAL synchronous_commit = off`);
      return work(manager);
    });
  }

  /**
   * Marks runs that can no longer finish as abandoned and drops their snapshots: runs of a job run
   * that is not running any more (its lease expired, or it ended without completing the health run),
   * and API-started runs whose heartbeat is older than the lease.
   */
  async sweepAbandoned(leaseSeconds: number): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const [rows]: [{ id: string }[], number] = await manager.query(
        `UPDATE health_runs r SET status = 'abandoned', error = 'the process running it stopped before it completed', updated_at = now()
         WHERE r.status = 'running' AND (
           (r.job_run_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM job_runs j WHERE j.id = r.job_run_id AND j.status = 'running'))
           OR (r.job_run_id IS NULL AND r.updated_at < now() - make_interval(secs => $1)))
         RETURNING r.id`,
        [leaseSeconds],
      );
      if (rows.length > 0) await manager.query(`DELETE FROM health_scores WHERE run_id = ANY($1::uuid[])`, [rows.map((row) => row.id)]);
      return rows.length;
    });
  }

  /** A failed run keeps its row (with the error) but none of its snapshots. */
  async fail(id: string, error: string, at: Date): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query(`UPDATE health_runs SET status = 'failed', error = $2, completed_at = $3, updated_at = now() WHERE id = $1 AND status = 'running'`, [id, error.slice(0, 2000), at]);
      await manager.query(`DELETE FROM health_scores WHERE run_id = $1`, [id]);
    });
  }

  /**
   * Deletes the snapshots of runs that ended (completed, failed or abandoned) and started before
   * `before`, a few runs per statement so no single transaction holds a whole month of rows. The
   * runs' own rows stay (their history is small); the daily record and current health are copies.
   */
  async pruneSnapshots(before: Date, runsPerBatch = 20): Promise<{ runs: number; snapshots: number }> {
    let runs = 0;
    let snapshots = 0;
    for (;;) {
      const rows: { runs: number; snapshots: number }[] = await this.dataSource.query(
        `WITH old_runs AS (
           SELECT r.id FROM health_runs r
           WHERE r.status <> 'running' AND r.started_at < $1 AND EXISTS (SELECT 1 FROM health_scores s WHERE s.run_id = r.id)
           ORDER BY r.started_at LIMIT $2
         ), deleted AS (
           DELETE FROM health_scores s USING old_runs o WHERE s.run_id = o.id RETURNING s.run_id
         )
         SELECT (SELECT count(*)::int FROM old_runs) AS runs, (SELECT count(*)::int FROM deleted) AS snapshots`,
        [before, runsPerBatch],
      );
      runs += rows[0].runs;
      snapshots += rows[0].snapshots;
      if (rows[0].runs < runsPerBatch) return { runs, snapshots };
    }
  }

  /** The latest completed full run for the day, if any. */
  async latestCompleted(kind: HealthRunKind, asOf: string): Promise<HealthRunRecord | undefined> {
    const rows: HealthRunRecord[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM health_runs r WHERE r.kind = $1 AND r.as_of = $2 AND r.status = 'completed' ORDER BY r.started_at DESC LIMIT 1`,
      [kind, asOf],
    );
    return rows[0];
  }

  /** A chunk's snapshots in one statement, tagged with the run (not waiting for the flush: see `withoutWaitingForFlush`). */
  async insertSnapshots(runId: string, asOf: string, computedAt: Date, snapshots: ComputedSnapshot[]): Promise<void> {
    if (snapshots.length === 0) return;
    const payload = JSON.stringify(
      snapshots.map((snapshot) => ({
        account_id: snapshot.accountId,
        model_id: snapshot.modelId,
        model_version: snapshot.modelVersion,
        official: snapshot.official,
        score: snapshot.score,
        band: snapshot.band,
        coverage: Math.round(snapshot.coverage * 10_000) / 10_000,
        components: snapshot.components,
        drivers: storedDriversOf(snapshot.drivers),
        change: snapshot.change,
      })),
    );
    await this.withoutWaitingForFlush((manager) =>
      manager.query(
        `INSERT INTO health_scores (account_id, run_id, model_id, model_version, official, as_of, score, band, coverage, components, drivers, change, computed_at, created_at, updated_at)
         SELECT s.account_id, $2, s.model_id, s.model_version, s.official, $3, s.score, s.band, s.coverage, s.components, s.drivers, s.change, $4, $4, $4
         FROM jsonb_to_recordset($1::jsonb) AS s(account_id uuid, model_id uuid, model_version int, official boolean, score numeric, band text, coverage numeric,
                                                components jsonb, drivers jsonb, change jsonb)
         ON CONFLICT (account_id, run_id, model_id) DO UPDATE SET score = EXCLUDED.score, band = EXCLUDED.band, coverage = EXCLUDED.coverage,
           components = EXCLUDED.components, drivers = EXCLUDED.drivers, change = EXCLUDED.change, official = EXCLUDED.official, updated_at = EXCLUDED.updated_at`,
        [payload, runId, asOf, computedAt],
      ),
    );
  }

  /**
   * Makes a run visible, in the caller's transaction: marks it completed (false when it is no longer
   * running: it was swept as abandoned), writes the day's record and the current health from its
   * official snapshots (current never moves back to an earlier day), and after a full run forgets
   * the current health of accounts no longer scored (archived, sandbox). Rows go in account order.
   */
  async complete(manager: EntityManager, run: { id: string; kind: HealthRunKind; asOf: string }, accountsScored: number, at: Date): Promise<{ completed: boolean; accountIds: string[] }> {
    const [, marked]: [unknown, number] = await manager.query(
      `UPDATE health_runs SET status = 'completed', completed_at = $2, accounts_scored = $3, updated_at = now() WHERE id = $1 AND status = 'running'`,
      [run.id, at, accountsScored],
    );
    if (marked === 0) return { completed: false, accountIds: [] };
    const set = SNAPSHOT_COLUMNS.map((column) => `${column} = EXCLUDED.${column}`).join(', ');
    await manager.query(
      `INSERT INTO health_daily_scores (account_id, day, ${SNAPSHOT_COLUMNS.join(', ')}, created_at, updated_at)
       SELECT s.account_id, s.as_of, ${SNAPSHOT_COLUMNS.map((column) => `s.${column}`).join(', ')}, $2, $2
       FROM health_scores s WHERE s.run_id = $1 AND s.official ORDER BY s.account_id
       ON CONFLICT (account_id, day) DO UPDATE SET ${set}, updated_at = EXCLUDED.updated_at`,
      [run.id, at],
    );
    // A data-modifying CTE read by a SELECT answers plain rows (not TypeORM's [rows, count]).
    const rows: { accountId: string }[] = await manager.query(
      `WITH written AS (
         INSERT INTO account_health_current AS c (account_id, as_of, change, ${SNAPSHOT_COLUMNS.join(', ')}, created_at, updated_at)
         SELECT s.account_id, s.as_of, coalesce(s.change, '{"sincePrevious": null, "sinceWeekAgo": null}'::jsonb), ${SNAPSHOT_COLUMNS.map((column) => `s.${column}`).join(', ')}, $2, $2
         FROM health_scores s WHERE s.run_id = $1 AND s.official ORDER BY s.account_id
         ON CONFLICT (account_id) DO UPDATE SET as_of = EXCLUDED.as_of, change = EXCLUDED.change, ${set}, updated_at = EXCLUDED.updated_at
         WHERE c.as_of <= EXCLUDED.as_of
         RETURNING c.account_id
       ) SELECT account_id AS "accountId" FROM written`,
      [run.id, at],
    );
    if (run.kind === 'full') {
      // Every current row at or before the run's day was just rewritten with this run's id, so the
      // rest are accounts the run did not score. (An anti-join against health_scores here was planned
      // before the run's fresh rows were analysed: a nested loop over the whole run per current row,
      // minutes at 100,000 accounts.)
      await manager.query(`DELETE FROM account_health_current c WHERE c.as_of <= $2 AND c.run_id <> $1`, [run.id, run.asOf]);
    }
    return { completed: true, accountIds: rows.map((row) => row.accountId) };
  }
}
