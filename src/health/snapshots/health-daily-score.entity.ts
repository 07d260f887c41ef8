import { Check, Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { AccountEntity } from '../../accounts/account.entity';
import type { SnapshotComponents, StoredDrivers } from './snapshot';

/** The daily record: one official snapshot per account per day, from the latest completed run for that day. */
@Entity({ name: 'health_daily_scores' })
@Check('health_daily_scores_band_check', "band IN ('green', 'yellow', 'red', 'unknown')")
export class HealthDailyScoreEntity {
  @PrimaryColumn({ name: 'account_id', type: 'uuid', primaryKeyConstraintName: 'health_daily_scores_pkey' })
  accountId: string;

  @PrimaryColumn({ type: 'date', primaryKeyConstraintName: 'health_daily_scores_pkey' })
  day: string;

  @ManyToOne(() => AccountEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_id', foreignKeyConstraintName: 'health_daily_scores_account_id_fkey' })
  account?: AccountEntity;

  @Column({ name: 'run_id', type: 'uuid' })
  runId: string;

  @Column({ name: 'model_id', type: 'uuid' })
  modelId: string;

  @Column({ name: 'model_version', type: 'int' })
  modelVersion: number;

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

  @Column({ name: 'computed_at', type: 'timestamptz' })
  computedAt: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
