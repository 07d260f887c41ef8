import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { AccountEntity, AttributeValue, BillingModel, CommitPeriod } from './account.entity';

/**
 * A version of an account's tracked fields, valid over [valid_from, valid_to); the open version
 * (valid_to null) equals the account row. Answers "as of" questions for any past date.
 */
@Entity({ name: 'account_history' })
@Index('account_history_one_open_version', ['accountId'], { unique: true, where: 'valid_to IS NULL' })
export class AccountHistoryEntity {
  @PrimaryColumn({ name: 'account_id', type: 'uuid', primaryKeyConstraintName: 'account_history_pkey' })
  accountId: string;

  @PrimaryColumn({ name: 'valid_from', type: 'timestamptz', primaryKeyConstraintName: 'account_history_pkey' })
  validFrom: Date;

  @ManyToOne(() => AccountEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_id', foreignKeyConstraintName: 'account_history_account_id_fkey' })
  account?: AccountEntity;

  @Column({ name: 'valid_to', type: 'timestamptz', nullable: true })
  validTo: Date | null;

  @Column({ type: 'text' })
  segment: string;

  @Column({ type: 'numeric', precision: 14, scale: 2 })
  arr: string;

  @Column({ type: 'text' })
  currency: string;

  @Column({ name: 'billing_model', type: 'text' })
  billingModel: BillingModel;

  @Column({ name: 'commit_amount', type: 'numeric', precision: 14, scale: 2, nullable: true })
  commitAmount: string | null;

  @Column({ name: 'commit_period', type: 'text', nullable: true })
  commitPeriod: CommitPeriod | null;

  @Column({ name: 'auto_renew', type: 'boolean' })
  autoRenew: boolean;

  @Column({ name: 'renewal_date', type: 'date', nullable: true })
  renewalDate: string | null;

  @Column({ name: 'support_plan', type: 'text', nullable: true })
  supportPlan: string | null;

  @Column({ type: 'text', array: true })
  products: string[];

  @Column({ name: 'use_cases', type: 'text', array: true })
  useCases: string[];

  @Column({ type: 'jsonb' })
  attributes: Record<string, AttributeValue>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
