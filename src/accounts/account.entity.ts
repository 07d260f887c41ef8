import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { SegmentEntity } from './segment.entity';

export const BILLING_MODELS = ['commit', 'payg'] as const;
export type BillingModel = (typeof BILLING_MODELS)[number];
export const COMMIT_PERIODS = ['month', 'quarter', 'year'] as const;
export type CommitPeriod = (typeof COMMIT_PERIODS)[number];

export type AttributeValue = string | number | boolean;

@Entity({ name: 'accounts' })
@Check('accounts_billing_model_check', "billing_model IN ('commit', 'payg')")
@Check('accounts_commit_period_check', "commit_period IS NULL OR commit_period IN ('month', 'quarter', 'year')")
// A pay-as-you-go account has no commit and nothing to renew.
@Check('accounts_payg_terms_check', "billing_model = 'commit' OR (commit_amount IS NULL AND commit_period IS NULL AND renewal_date IS NULL)")
@Check('accounts_arr_check', 'arr >= 0')
@Check('accounts_commit_amount_check', 'commit_amount IS NULL OR commit_amount >= 0')
@Check('accounts_currency_check', "currency ~ '^[A-Z]{3}$'")
@Check('accounts_not_own_parent_check', 'parent_id IS NULL OR parent_id <> id')
@Index('accounts_external_id_key', ['externalId'], { unique: true })
@Index('accounts_parent_id_idx', ['parentId'])
@Index('accounts_segment_idx', ['segment'])
@Index('accounts_renewal_date_idx', ['renewalDate'])
export class AccountEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'accounts_pkey' })
  id: string;

  /** The id the vendor's CRM or billing system knows the account by; bulk upserts key on it. */
  @Column({ name: 'external_id', type: 'text' })
  externalId: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  segment: string;

  @ManyToOne(() => SegmentEntity, { onDelete: 'RESTRICT', onUpdate: 'CASCADE' })
  @JoinColumn({ name: 'segment', referencedColumnName: 'key', foreignKeyConstraintName: 'accounts_segment_fkey' })
  segmentRecord?: SegmentEntity;

  @Column({ type: 'text', nullable: true })
  industry: string | null;

  @Column({ type: 'text', nullable: true })
  region: string | null;

  @Column({ type: 'text', nullable: true })
  timezone: string | null;

  /** The organisation this account belongs to. */
  @Column({ name: 'parent_id', type: 'uuid', nullable: true })
  parentId: string | null;

  @ManyToOne(() => AccountEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'parent_id', foreignKeyConstraintName: 'accounts_parent_id_fkey' })
  parent?: AccountEntity;

  /** Mirrors account_app_ids (which enforces uniqueness across accounts), kept sorted, so reads and diffs need no join. */
  @Column({ name: 'app_ids', type: 'text', array: true, default: () => "'{}'" })
  appIds: string[];

  /** Sandbox accounts: excluded from scoring, reviews and exports by default. */
  @Column({ name: 'is_test', type: 'boolean', default: false })
  isTest: boolean;

  @Column({ name: 'billing_model', type: 'text', default: 'commit' })
  billingModel: BillingModel;

  @Column({ name: 'commit_amount', type: 'numeric', precision: 14, scale: 2, nullable: true })
  commitAmount: string | null;

  @Column({ name: 'commit_period', type: 'text', nullable: true })
  commitPeriod: CommitPeriod | null;

  @Column({ name: 'auto_renew', type: 'boolean', default: false })
  autoRenew: boolean;

  @Column({ name: 'renewal_date', type: 'date', nullable: true })
  renewalDate: string | null;

  @Column({ type: 'numeric', precision: 14, scale: 2, default: 0 })
  arr: string;

  @Column({ type: 'text' })
  currency: string;

  @Column({ name: 'support_plan', type: 'text', nullable: true })
  supportPlan: string | null;

  /** Licensed product lines (catalog product keys). */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  products: string[];

  /** Catalog use-case keys. */
  @Column({ name: 'use_cases', type: 'text', array: true, default: () => "'{}'" })
  useCases: string[];

  @Column({ name: 'lifecycle_stage', type: 'text', nullable: true })
  lifecycleStage: string | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  attributes: Record<string, AttributeValue>;

  @Column({ name: 'archived_at', type: 'timestamptz', nullable: true })
  archivedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
