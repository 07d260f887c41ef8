import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import { ProductEntity } from './product.entity';

/**
 * A feature of a product line whose adoption we track. Links to other catalog rows are key arrays:
 * the service validates them (prerequisites without cycles, known use cases and segments), and
 * `&&` on an indexed array answers "features relevant to these use cases" in one statement.
 */
@Entity({ name: 'features' })
@Unique('features_key_key', ['key'])
@Index('features_product_idx', ['product'])
export class FeatureEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  key: string;

  @Column({ type: 'text' })
  product: string;

  @ManyToOne(() => ProductEntity, { nullable: false, onDelete: 'RESTRICT', onUpdate: 'CASCADE' })
  @JoinColumn({ name: 'product', referencedColumnName: 'key', foreignKeyConstraintName: 'features_product_fkey' })
  productDefinition?: ProductEntity;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  /** Keys of the features that must be adopted first; never a cycle. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  prerequisites: string[];

  /** Segment keys this feature suits; empty means every segment. */
  @Column({ name: 'eligible_segments', type: 'text', array: true, default: () => "'{}'" })
  eligibleSegments: string[];

  /** Use case keys this feature serves (GIN index created by hand in the migration, hence not synchronised). */
  @Index('features_use_cases_idx', { synchronize: false })
  @Column({ name: 'use_cases', type: 'text', array: true, default: () => "'{}'" })
  useCases: string[];

  @Column({ name: 'documentation_url', type: 'text', nullable: true })
  documentationUrl: string | null;

  @Column({ name: 'guide_url', type: 'text', nullable: true })
  guideUrl: string | null;

  @Column({ name: 'training_url', type: 'text', nullable: true })
  trainingUrl: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
