import { Check, Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { AccountEntity } from '../accounts/account.entity';
import { MetricEntity } from '../catalog/metric.entity';

/**
 * One value per (account, metric, day), the day as the sender reports it. The primary key starts
 * with the account (Citus-ready) and serves every read: one account's metric over a range, or all
 * its metrics over the trend windows. It also carries `value` and `weight` (INCLUDE, migration
 * 1795334000000-UsageCoveringKey; TypeORM does not model it), so those reads are index-only.
 *
 * `value` is the day's figure as sent. For a `ratio` metric it is the day's ratio (0–1) and
 * `weight` its denominator (e.g. join attempts), so the numerator is `value * weight` and a week or
 * month is `sum(value * weight) / sum(weight)`: the exact weighted mean of the days. `weight` is
 * null for every other aggregation. `recorded_at` is when the stored value was last sent with a
 * change (the ingest's clock), so re-sending the same value leaves it alone.
 */
@Entity({ name: 'usage_daily' })
@Check('usage_daily_weight_check', 'weight IS NULL OR weight > 0')
export class UsageDailyEntity {
  @PrimaryColumn({ name: 'account_id', type: 'uuid', primaryKeyConstraintName: 'usage_daily_pkey' })
  accountId: string;

  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'usage_daily_pkey' })
  metric: string;

  @PrimaryColumn({ type: 'date', primaryKeyConstraintName: 'usage_daily_pkey' })
  day: string;

  @ManyToOne(() => AccountEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_id', foreignKeyConstraintName: 'usage_daily_account_id_fkey' })
  account?: AccountEntity;

  @ManyToOne(() => MetricEntity, { onDelete: 'RESTRICT', onUpdate: 'CASCADE' })
  @JoinColumn({ name: 'metric', referencedColumnName: 'key', foreignKeyConstraintName: 'usage_daily_metric_fkey' })
  metricDefinition?: MetricEntity;

  @Column({ type: 'double precision' })
  value: number;

  @Column({ type: 'double precision', nullable: true })
  weight: number | null;

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
