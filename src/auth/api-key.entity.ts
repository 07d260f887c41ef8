import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { ManagerEntity } from '../accounts/manager.entity';

export const API_KEY_ROLES = ['admin', 'manager', 'lead', 'csm', 'ingest', 'bi'] as const;
export type ApiKeyRole = (typeof API_KEY_ROLES)[number];

@Entity({ name: 'api_keys' })
@Check('api_keys_role_check', "role IN ('admin', 'manager', 'lead', 'csm', 'ingest', 'bi')")
@Check('api_keys_manager_scope_check', "(role IN ('csm', 'lead')) = (manager_id IS NOT NULL)")
export class ApiKeyEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  name: string;

  /** The first characters of the key, shown in lists so a person can tell keys apart. */
  @Index('api_keys_prefix_key', { unique: true })
  @Column({ type: 'text' })
  prefix: string;

  /** SHA-256 of the whole key, hex: keys are high-entropy, so a fast hash is enough. */
  @Index('api_keys_secret_sha256_key', { unique: true })
  @Column({ name: 'secret_sha256', type: 'text' })
  secretSha256: string;

  @Column({ type: 'text' })
  role: ApiKeyRole;

  @Column({ name: 'manager_id', type: 'uuid', nullable: true })
  managerId: string | null;

  @ManyToOne(() => ManagerEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'manager_id', foreignKeyConstraintName: 'api_keys_manager_id_fkey' })
  manager?: ManagerEntity;

  /** `api` (created through the API), `bootstrap` (printed on first start) or `env` (ADMIN_API_KEY). */
  @Column({ type: 'text', default: 'api' })
  origin: string;

  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt: Date | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true })
  lastUsedAt: Date | null;

  @Column({ name: 'created_by_key_id', type: 'uuid', nullable: true })
  createdByKeyId: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
