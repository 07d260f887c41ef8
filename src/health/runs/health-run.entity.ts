import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const HEALTH_RUN_KINDS = ['full', 'incremental', 'on_demand'] as const;
export type HealthRunKind = (typeof HEALTH_RUN_KINDS)[number];
export const HEALTH_RUN_STATUSES = ['running', 'completed', 'failed', 'abandoned'] as const;
export type HealthRunStatus = (typeof HEALTH_RUN_STATUSES)[number];

/**
 * A scoring run. Its snapshots (health_scores) count only once it is `completed`: readers go through
 * the daily record and the current table, which the completing transaction fills.
 */
@Entity({ name: 'health_runs' })
@Check('health_runs_kind_check', "kind IN ('full', 'incremental', 'on_demand')")
@Check('health_runs_status_check', "status IN ('running', 'completed', 'failed', 'abandoned')")
@Index('health_runs_as_of_idx', ['asOf', 'kind', 'status'])
@Index('health_runs_job_run_id_idx', ['jobRunId'])
export class HealthRunEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'health_runs_pkey' })
  id: string;

  /** The job run doing the work; null for an on-demand run started from the API. */
  @Column({ name: 'job_run_id', type: 'uuid', nullable: true })
  jobRunId: string | null;

  @Column({ type: 'text' })
  kind: HealthRunKind;

  @Column({ name: 'as_of', type: 'date' })
  asOf: string;

  @Column({ type: 'text', default: 'running' })
  status: HealthRunStatus;

  @Column({ name: 'accounts_scored', type: 'int', default: 0 })
  accountsScored: number;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt: Date;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
