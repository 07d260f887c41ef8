import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';

export const METRIC_AGGREGATIONS = ['sum', 'avg', 'max', 'last', 'ratio'] as const;
export type MetricAggregation = (typeof METRIC_AGGREGATIONS)[number];
export const METRIC_KINDS = ['usage', 'quality', 'commercial'] as const;
export type MetricKind = (typeof METRIC_KINDS)[number];

/**
 * A metric definition. Usage rows name a metric by key; `aggregation` says how days roll up into
 * weeks and months (a `ratio` metric is stored as value and weight, numerator and denominator).
 */
@Entity({ name: 'metrics' })
@Unique('metrics_key_key', ['key'])
@Check('metrics_aggregation_check', "aggregation IN ('sum', 'avg', 'max', 'last', 'ratio')")
@Check('metrics_kind_check', "kind IN ('usage', 'quality', 'commercial')")
export class MetricEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  key: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  /** e.g. `minutes`, `users`, `ratio`, `ms`, `currency` (the account's currency). */
  @Column({ type: 'text' })
  unit: string;

  @Column({ type: 'text' })
  aggregation: MetricAggregation;

  @Column({ name: 'higher_is_better', type: 'boolean', default: true })
  higherIsBetter: boolean;

  @Column({ name: 'allow_negative', type: 'boolean', default: false })
  allowNegative: boolean;

  @Column({ type: 'text' })
  kind: MetricKind;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
