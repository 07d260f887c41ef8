import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { AccountEntity } from '../accounts/account.entity';

/** What became of an account at a commercial moment; backtests check health scores against these. */
export const OUTCOME_KINDS = ['renewed', 'expanded', 'contracted', 'churned'] as const;
export type OutcomeKind = (typeof OUTCOME_KINDS)[number];

@Entity({ name: 'outcomes' })
@Check('outcomes_kind_check', "kind IN ('renewed', 'expanded', 'contracted', 'churned')")
@Check('outcomes_currency_check', "currency ~ '^[A-Z]{3}$'")
@Check('outcomes_arr_change_sign_check', "(kind <> 'expanded' OR arr_change > 0) AND (kind <> 'contracted' OR arr_change < 0) AND (kind <> 'churned' OR arr_change <= 0)")
@Index('outcomes_external_id_key', ['accountId', 'externalId'], { unique: true, where: 'external_id IS NOT NULL' })
@Index('outcomes_account_date_idx', ['accountId', 'date', 'id'])
export class OutcomeEntity {
  @PrimaryColumn({ name: 'account_id', type: 'uuid', primaryKeyConstraintName: 'outcomes_pkey' })
  accountId: string;

  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'outcomes_pkey' })
  id: string;

  @ManyToOne(() => AccountEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_id', foreignKeyConstraintName: 'outcomes_account_id_fkey' })
  account?: AccountEntity;

  @Column({ name: 'external_id', type: 'text', nullable: true })
  externalId: string | null;

  @Column({ type: 'text' })
  kind: OutcomeKind;

  /** The calendar day it took effect. */
  @Column({ type: 'date' })
  date: string;

  /** Signed change of ARR: positive for an expansion, negative for a contraction or churn. */
  @Column({ name: 'arr_change', type: 'numeric', precision: 14, scale: 2 })
  arrChange: string;

  /** ISO 4217; the account's currency unless the sender named another. */
  @Column({ type: 'text' })
  currency: string;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
