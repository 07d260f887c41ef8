import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import { MetricEntity } from './metric.entity';

/** A product line the vendor sells (voice calling, video calling, ...). Accounts license products by key. */
@Entity({ name: 'products' })
@Unique('products_key_key', ['key'])
export class ProductEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  key: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  /** The metric that carries an account's usage trend for this product line. */
  @Column({ name: 'main_metric', type: 'text', nullable: true })
  mainMetric: string | null;

  @ManyToOne(() => MetricEntity, { nullable: true, onDelete: 'RESTRICT', onUpdate: 'CASCADE' })
  @JoinColumn({ name: 'main_metric', referencedColumnName: 'key', foreignKeyConstraintName: 'products_main_metric_fkey' })
  mainMetricDefinition?: MetricEntity | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
