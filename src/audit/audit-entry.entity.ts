import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

@Entity({ name: 'audit_log' })
@Index('audit_log_occurred_at_idx', ['occurredAt'])
@Index('audit_log_entity_idx', ['entityType', 'entityId', 'occurredAt'])
@Index('audit_log_actor_idx', ['actorKeyId', 'occurredAt'])
export class AuditEntryEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt: Date;

  @Column({ name: 'actor_key_id', type: 'uuid', nullable: true })
  actorKeyId: string | null;

  @Column({ name: 'actor_key_name', type: 'text', nullable: true })
  actorKeyName: string | null;

  /** What was done, e.g. `api-key.create`, `api-key.revoke`. */
  @Column({ type: 'text' })
  action: string;

  @Column({ name: 'entity_type', type: 'text' })
  entityType: string;

  @Column({ name: 'entity_id', type: 'text', nullable: true })
  entityId: string | null;

  @Column({ name: 'http_method', type: 'text' })
  httpMethod: string;

  @Column({ type: 'text' })
  route: string;

  @Column({ name: 'status_code', type: 'int' })
  statusCode: number;

  /** The change as sent (secrets removed, large bodies summarised) and, for bulk writes, the counts. */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  summary: Record<string, unknown>;

  @Column({ name: 'request_id', type: 'text', nullable: true })
  requestId: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
