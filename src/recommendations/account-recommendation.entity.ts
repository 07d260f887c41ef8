import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { AccountEntity } from '../accounts/account.entity';
import { FeatureEntity } from '../catalog/feature.entity';
import type { RecommendationEvidence } from './recommendation';

/**
 * The ranked recommendations of an account as the `recommendation-stats` job last computed them,
 * so reads, review documents and exports are plain SELECTs. Rewritten per account by each run.
 */
@Entity({ name: 'account_recommendations' })
@Index('account_recommendations_rank_idx', ['accountId', 'rank'])
@Index('account_recommendations_feature_idx', ['featureId'])
@Check('account_recommendations_rank_check', 'rank >= 1')
@Check('account_recommendations_score_check', 'score >= 0 AND score <= 100')
export class AccountRecommendationEntity {
  @PrimaryColumn({ name: 'account_id', type: 'uuid', primaryKeyConstraintName: 'account_recommendations_pkey' })
  accountId: string;

  @PrimaryColumn({ name: 'feature_id', type: 'uuid', primaryKeyConstraintName: 'account_recommendations_pkey' })
  featureId: string;

  @ManyToOne(() => AccountEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_id', foreignKeyConstraintName: 'account_recommendations_account_id_fkey' })
  account?: AccountEntity;

  @ManyToOne(() => FeatureEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'feature_id', foreignKeyConstraintName: 'account_recommendations_feature_id_fkey' })
  feature?: FeatureEntity;

  @Column({ type: 'int' })
  rank: number;

  /** 0–100, two decimals. */
  @Column({ type: 'numeric', precision: 5, scale: 2 })
  score: string;

  @Column({ type: 'text' })
  rationale: string;

  @Column({ type: 'jsonb' })
  evidence: RecommendationEvidence;

  /** The business day the statistics stand for (adoption, usage and outcomes up to it). */
  @Column({ name: 'as_of', type: 'date' })
  asOf: string;

  @Column({ name: 'computed_at', type: 'timestamptz' })
  computedAt: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
