import { Check, Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** One unit of `currency` is worth `rate` units of the reporting currency on `date`. */
@Entity({ name: 'fx_rates' })
@Check('fx_rates_currency_check', "currency ~ '^[A-Z]{3}$'")
@Check('fx_rates_rate_check', 'rate > 0')
export class FxRateEntity {
  @PrimaryColumn({ type: 'date', primaryKeyConstraintName: 'fx_rates_pkey' })
  date: string;

  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'fx_rates_pkey' })
  currency: string;

  @Column({ type: 'numeric', precision: 20, scale: 10 })
  rate: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
