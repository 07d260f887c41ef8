import { Check, Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { AccountEntity } from '../accounts/account.entity';
import { FeatureEntity } from '../catalog/feature.entity';

/**
 * How much of an account uses a feature on a day, as the sender reports it. `adoption_pct` is
 * always set (computed from the user counts when they are sent); the counts are null when only
 * a percentage was sent.
 */
@Entity({ name: 'feature_adoption_daily' })
@Check('feature_adoption_daily_pct_check', 'adoption_pct >= 0 AND adoption_pct <= 100')
@Check('feature_adoption_daily_users_check', '(active_users IS NULL) = (eligible_users IS NULL) AND (eligible_users IS NULL OR (eligible_users > 0 AND active_users >= 0 AND active_users <= eligible_users))')
export class FeatureAdoptionDailyEntity {
  @PrimaryColumn({ name: 'account_id', type: 'uuid', primaryKeyConstraintName: 'feature_adoption_daily_pkey' })
  accountId: string;

  @PrimaryColumn({ name: 'feature_id', type: 'uuid', primaryKeyConstraintName: 'feature_adoption_daily_pkey' })
  featureId: string;

  @PrimaryColumn({ type: 'date', primaryKeyConstraintName: 'feature_adoption_daily_pkey' })
  day: string;

  @ManyToOne(() => AccountEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_id', foreignKeyConstraintName: 'feature_adoption_daily_account_id_fkey' })
  account?: AccountEntity;

  @ManyToOne(() => FeatureEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'feature_id', foreignKeyConstraintName: 'feature_adoption_daily_feature_id_fkey' })
  feature?: FeatureEntity;

  @Column({ name: 'active_users', type: 'int', nullable: true })
  activeUsers: number | null;

  @Column({ name: 'eligible_users', type: 'int', nullable: true })
  eligibleUsers: number | null;

  /** Percent with two decimals, 0–100. */
  @Column({ name: 'adoption_pct', type: 'numeric', precision: 5, scale: 2 })
  adoptionPct: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
