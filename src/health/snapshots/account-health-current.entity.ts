import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { AccountEntity } from '../../accounts/account.entity';
import type { SnapshotChange, SnapshotComponents, StoredDrivers } from './snapshot';

/** Each account's latest official snapshot, with what changed; lists filter and sort on it. */
@Entity({ name: 'account_health_current' })
@Check('account_health_current_band_check', "band IN ('green', 'yellow', 'red', 'unknown')")
@Index('account_health_current_band_score_idx', ['band', 'score', 'accountId'])
@Index('account_health_current_score_idx', ['score', 'accountId'])
export class AccountHealthCurrentEntity {
  @PrimaryColumn({ name: 'account_id', type: 'uuid', primaryKeyConstraintName: 'account_health_current_pkey' })
  accountId: string;

  @ManyToOne(() => AccountEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_id', foreignKeyConstraintName: 'account_health_current_account_id_fkey' })
  account?: AccountEntity;

  @Column({ name: 'run_id', type: 'uuid' })
  runId: string;

  @Column({ name: 'model_id', type: 'uuid' })
  modelId: string;

  @Column({ name: 'model_version', type: 'int' })
  modelVersion: number;

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

  @Column({ type: 'jsonb' })
  change: SnapshotChange;

  @Column({ name: 'computed_at', type: 'timestamptz' })
  computedAt: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
