import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { HealthModelDefinition } from '../scoring';

export const HEALTH_MODEL_STATUSES = ['draft', 'active', 'shadow', 'retired'] as const;
export type HealthModelStatus = (typeof HEALTH_MODEL_STATUSES)[number];

/**
 * One version of a health model. Versions of a model share its `key`; a version that was ever
 * activated or shadowed is immutable (changing the scorecard means a new draft version), so every
 * stored snapshot can be explained by the definition it names.
 */
@Entity({ name: 'health_models' })
@Check('health_models_status_check', "status IN ('draft', 'active', 'shadow', 'retired')")
@Check('health_models_version_check', 'version >= 1')
@Index('health_models_key_version_key', ['key', 'version'], { unique: true })
export class HealthModelEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'health_models_pkey' })
  id: string;

  @Column({ type: 'text' })
  key: string;

  @Column({ type: 'int' })
  version: number;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', default: 'draft' })
  status: HealthModelStatus;

  @Column({ type: 'jsonb' })
  definition: HealthModelDefinition;

  @Column({ name: 'activated_at', type: 'timestamptz', nullable: true })
  activatedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
