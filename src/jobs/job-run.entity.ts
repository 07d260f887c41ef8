import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';

export const JOB_RUN_STATUSES = ['running', 'succeeded', 'failed', 'abandoned'] as const;
export type JobRunStatus = (typeof JOB_RUN_STATUSES)[number];
export type JobTrigger = 'schedule' | 'manual';

@Entity({ name: 'job_runs' })
@Check('job_runs_status_check', "status IN ('running', 'succeeded', 'failed', 'abandoned')")
@Check('job_runs_trigger_check', "trigger IN ('schedule', 'manual')")
@Unique('job_runs_job_slot_key', ['job', 'slot'])
// At most one running run per job, whichever instance holds it.
@Index('job_runs_one_running_per_job', ['job'], { unique: true, where: "status = 'running'" })
@Index('job_runs_job_started_idx', ['job', 'startedAt'])
export class JobRunEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  job: string;

  /** The scheduled tick this run claims; for a manual run, the moment it was asked for. */
  @Column({ type: 'timestamptz' })
  slot: Date;

  @Column({ type: 'text' })
  trigger: JobTrigger;

  @Column({ type: 'text' })
  instance: string;

  @Column({ name: 'lease_until', type: 'timestamptz' })
  leaseUntil: Date;

  @Column({ type: 'text' })
  status: JobRunStatus;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  stats: Record<string, unknown>;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt: Date;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
