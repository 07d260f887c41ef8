import { Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { AccountEntity } from '../accounts/account.entity';
import { MetricEntity } from '../catalog/metric.entity';

/**
 * Days of `usage_daily` from which the last day of each (account, metric) is read: the pair's
 * highest row here is its last reported day. Kept by `usage_daily`'s triggers in the writing
 * transaction, usually one row per pair (migration 1795336000000-UsageLastReported, which says why
 * it is not one row updated in place; TypeORM does not model triggers).
 */
@Entity({ name: 'usage_last_reported' })
export class UsageLastReportedEntity {
  @PrimaryColumn({ name: 'account_id', type: 'uuid', primaryKeyConstraintName: 'usage_last_reported_pkey' })
  accountId: string;

  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'usage_last_reported_pkey' })
  metric: string;

  @PrimaryColumn({ type: 'date', primaryKeyConstraintName: 'usage_last_reported_pkey' })
  day: string;

  @ManyToOne(() => AccountEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_id', foreignKeyConstraintName: 'usage_last_reported_account_id_fkey' })
  account?: AccountEntity;

  @ManyToOne(() => MetricEntity, { onDelete: 'CASCADE', onUpdate: 'CASCADE' })
  @JoinColumn({ name: 'metric', referencedColumnName: 'key', foreignKeyConstraintName: 'usage_last_reported_metric_fkey' })
  metricDefinition?: MetricEntity;
}
