import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { KeysetPosition } from '../common/pagination';
import { JobRunEntity, JobRunStatus, JobTrigger } from './job-run.entity';

export type ClaimResult =
  | { claimed: true; run: JobRunEntity }
  /** Another run of the job is running (its id), or another instance already claimed this slot. */
  | { claimed: false; runningRunId: string | null };

interface RawJobRun {
  id: string;
  job: string;
  slot: Date;
  trigger: JobTrigger;
  instance: string;
  lease_until: Date;
  status: JobRunStatus;
  stats: Record<string, unknown>;
  error: string | null;
  started_at: Date;
  finished_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

function toEntity(row: RawJobRun): JobRunEntity {
  return Object.assign(new JobRunEntity(), {
    id: row.id,
    job: row.job,
    slot: row.slot,
    trigger: row.trigger,
    instance: row.instance,
    leaseUntil: row.lease_until,
    status: row.status,
    stats: row.stats,
    error: row.error,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  });
}

export const ABANDONED_ERROR = 'lease expired: the instance running it stopped before finishing';

@Injectable()
export class JobRunRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Claims a slot for a job. Under a transaction-scoped advisory lock per job: runs whose lease
   * expired become `abandoned`; a live running run wins; otherwise the (job, slot) row is inserted,
   * and only the instance that got the row back works. Leases use the database clock, shared by all.
   */
  async claim(job: string, slot: Date, trigger: JobTrigger, instance: string, leaseSeconds: number): Promise<ClaimResult> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('job:' || $1))`, [job]);
      await manager.query(
        `UPDATE job_runs SET status = 'abandoned', finished_at = now(), error = $2, updated_at = now()
         WHERE job = $1 AND status = 'running' AND lease_until < now()`,
        [job, ABANDONED_ERROR],
      );
      const running: Array<{ id: string }> = await manager.query(`SELECT id FROM job_runs WHERE job = $1 AND status = 'running'`, [job]);
      if (running.length > 0) return { claimed: false, runningRunId: running[0].id };
      const inserted: RawJobRun[] = await manager.query(
        `INSERT INTO job_runs (job, slot, trigger, instance, lease_until, status, started_at)
         VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5), 'running', now())
         ON CONFLICT (job, slot) DO NOTHING
         RETURNING *`,
        [job, slot, trigger, instance, leaseSeconds],
      );
      return inserted.length > 0 ? { claimed: true, run: toEntity(inserted[0]) } : { claimed: false, runningRunId: null };
    });
  }

  /** Extends the lease; false when the run is no longer ours to finish (it was marked abandoned). */
  async renewLease(runId: string, leaseSeconds: number): Promise<boolean> {
    const [, count]: [unknown, number] = await this.dataSource.query(
      `UPDATE job_runs SET lease_until = now() + make_interval(secs => $2), updated_at = now() WHERE id = $1 AND status = 'running'`,
      [runId, leaseSeconds],
    );
    return count > 0;
  }

  async finish(runId: string, status: 'succeeded' | 'failed', stats: Record<string, unknown>, error: string | null): Promise<boolean> {
    const [, count]: [unknown, number] = await this.dataSource.query(
      `UPDATE job_runs SET status = $2, stats = $3, error = $4, finished_at = now(), updated_at = now() WHERE id = $1 AND status = 'running'`,
      [runId, status, JSON.stringify(stats), error],
    );
    return count > 0;
  }

  findById(runId: string): Promise<JobRunEntity | null> {
    return this.dataSource.getRepository(JobRunEntity).findOneBy({ id: runId });
  }

  /** Newest first, keyset-paginated on (started_at, id). */
  list(filter: { job?: string; status?: JobRunStatus; after?: KeysetPosition; limit: number }): Promise<JobRunEntity[]> {
    const query = this.dataSource.getRepository(JobRunEntity).createQueryBuilder('r').orderBy('r.started_at', 'DESC').addOrderBy('r.id', 'DESC').limit(filter.limit + 1);
    if (filter.job) query.andWhere('r.job = :job', { job: filter.job });
    if (filter.status) query.andWhere('r.status = :status', { status: filter.status });
    if (filter.after) query.andWhere('(r.started_at, r.id) < (:afterAt::timestamptz, :afterId::uuid)', { afterAt: filter.after.sortValue, afterId: filter.after.id });
    return query.getMany();
  }

  async deleteFinishedBefore(cutoff: Date): Promise<number> {
    const [, count]: [unknown, number] = await this.dataSource.query(`DELETE FROM job_runs WHERE status <> 'running' AND started_at < $1`, [cutoff]);
    return count;
  }
}
