import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { AccountEntity } from '../accounts/account.entity';
import { FeatureEntity } from '../catalog/feature.entity';

/**
 * The latest report of each (account, feature) in `feature_adoption_daily`, kept by that table's
 * statement triggers in the writing transaction (migration 1795335000000-FeatureAdoptionLatest;
 * TypeORM does not model triggers). Health runs read adoption as of today from it.
 */
@Entity({ name: 'feature_adoption_latest' })
export class FeatureAdoptionLatestEntity {
  @PrimaryColumn({ name: 'account_id', type: 'uuid', primaryKeyConstraintName: 'feature_adoption_latest_pkey' })
  accountId: string;

  @PrimaryColumn({ name: 'feature_id', type: 'uuid', primaryKeyConstraintName: 'feature_adoption_latest_pkey' })
  featureId: string;

  @ManyToOne(() => AccountEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_id', foreignKeyConstraintName: 'feature_adoption_latest_account_id_fkey' })
  account?: AccountEntity;

  @ManyToOne(() => FeatureEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'feature_id', foreignKeyConstraintName: 'feature_adoption_latest_feature_id_fkey' })
  feature?: FeatureEntity;

  /** The day of the latest report. */
  @Column({ type: 'date' })
  day: string;

  /** That report's percent, as in `feature_adoption_daily`. */
  @Column({ name: 'adoption_pct', type: 'numeric', precision: 5, scale: 2 })
  adoptionPct: string;
}
