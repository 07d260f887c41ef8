import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { AccountEntity } from '../../accounts/account.entity';
import { HealthModelEntity } from '../models/health-model.entity';
import { HealthRunEntity } from '../runs/health-run.entity';
import type { SnapshotChange, SnapshotComponents, StoredDrivers } from './snapshot';

/**
 * Every snapshot of every run, shadow models included (`official` false). Rows of a run that did
 * not complete are never read: the daily record and the current table are filled from a run's
 * official rows in the transaction that completes it.
 */
@Entity({ name: 'health_scores' })
@Check('health_scores_band_check', "band IN ('green', 'yellow', 'red', 'unknown')")
@Index('health_scores_run_idx', ['runId', 'official'])
export class HealthScoreEntity {
  @PrimaryColumn({ name: 'account_id', type: 'uuid', primaryKeyConstraintName: 'health_scores_pkey' })
  accountId: string;

  @PrimaryColumn({ name: 'run_id', type: 'uuid', primaryKeyConstraintName: 'health_scores_pkey' })
  runId: string;

  @PrimaryColumn({ name: 'model_id', type: 'uuid', primaryKeyConstraintName: 'health_scores_pkey' })
  modelId: string;

  @ManyToOne(() => AccountEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_id', foreignKeyConstraintName: 'health_scores_account_id_fkey' })
  account?: AccountEntity;

  @ManyToOne(() => HealthRunEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'run_id', foreignKeyConstraintName: 'health_scores_run_id_fkey' })
  run?: HealthRunEntity;

  @ManyToOne(() => HealthModelEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'model_id', foreignKeyConstraintName: 'health_scores_model_id_fkey' })
  model?: HealthModelEntity;

  @Column({ name: 'model_version', type: 'int' })
  modelVersion: number;

  /** The snapshot of the model that was active for the account's segment (not a shadow model). */
  @Column({ type: 'boolean' })
  official: boolean;

  @Column({ name: 'as_of', type: 'date' })
  asOf: string;

  @Column({ type: 'numeric', precision: 5, scale: 1, nullable: true })
  score: string | null;

  @Column({ type: 'text' })
  band: string;

  @Column({ type: 'numeric', precision: 5, scale: 4 })
  coverage: string;

  @Column({ type: 'jsonb' })
  components: SnapshotComponents;

  /** Only an organisation's roll-up (`{}` for an account): drivers are worked out from the components on read. */
  @Column({ type: 'jsonb' })
  drivers: StoredDrivers;

  /** What changed against the account's current health when the snapshot was taken (official rows); copied to the current table at completion. */
  @Column({ type: 'jsonb', nullable: true })
  change: SnapshotChange | null;

  @Column({ name: 'computed_at', type: 'timestamptz' })
  computedAt: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
