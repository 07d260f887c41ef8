import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { AccountEntity } from '../../accounts/account.entity';

/**
 * A CSM's override of an account's band (and optional score). Replacing or clearing one sets
 * `cleared_at`, so the rows are the override history; at most one is uncleared per account.
 * Expiry needs no job: readers compare `expires_at` with their `asOf`.
 */
@Entity({ name: 'health_overrides' })
@Check('health_overrides_band_check', "band IN ('green', 'yellow', 'red')")
@Check('health_overrides_score_check', 'score IS NULL OR (score >= 0 AND score <= 100)')
@Index('health_overrides_one_open_per_account', ['accountId'], { unique: true, where: 'cleared_at IS NULL' })
export class HealthOverrideEntity {
  @PrimaryColumn({ name: 'account_id', type: 'uuid', primaryKeyConstraintName: 'health_overrides_pkey' })
  accountId: string;

  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'health_overrides_pkey' })
  id: string;

  @ManyToOne(() => AccountEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_id', foreignKeyConstraintName: 'health_overrides_account_id_fkey' })
  account?: AccountEntity;

  @Column({ type: 'text' })
  band: string;

  @Column({ type: 'numeric', precision: 5, scale: 1, nullable: true })
  score: string | null;

  @Column({ name: 'reason_code', type: 'text' })
  reasonCode: string;

  @Column({ type: 'text' })
  note: string;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  /** The API key that set it. */
  @Column({ name: 'set_by_key_id', type: 'uuid', nullable: true })
  setByKeyId: string | null;

  @Column({ name: 'cleared_at', type: 'timestamptz', nullable: true })
  clearedAt: Date | null;

  /** The API key that cleared or replaced it. */
  @Column({ name: 'cleared_by_key_id', type: 'uuid', nullable: true })
  clearedByKeyId: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
