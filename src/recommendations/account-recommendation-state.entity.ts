import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { AccountEntity } from '../accounts/account.entity';

/**
 * One row per account the last `recommendation-stats` run covered, even when it found nothing to
 * recommend: it tells "computed, nothing eligible" apart from "never computed" (no row).
 */
@Entity({ name: 'account_recommendation_state' })
export class AccountRecommendationStateEntity {
  @PrimaryColumn({ name: 'account_id', type: 'uuid', primaryKeyConstraintName: 'account_recommendation_state_pkey' })
  accountId: string;

  @ManyToOne(() => AccountEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_id', foreignKeyConstraintName: 'account_recommendation_state_account_id_fkey' })
  account?: AccountEntity;

  @Column({ name: 'as_of', type: 'date' })
  asOf: string;

  @Column({ name: 'computed_at', type: 'timestamptz' })
  computedAt: Date;

  /** Features eligible for the account in that run (the stored recommendations are the best of them). */
  @Column({ name: 'eligible_features', type: 'int' })
  eligibleFeatures: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
