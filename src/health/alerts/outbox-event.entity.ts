import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/**
 * Events written in the same transaction as the change they announce; the notifications job
 * delivers them later (claimed with FOR UPDATE SKIP LOCKED) and stamps `published_at`.
 */
@Entity({ name: 'outbox_events' })
@Index('outbox_events_unpublished_idx', ['occurredAt', 'id'], { where: 'published_at IS NULL' })
@Index('outbox_events_account_id_idx', ['accountId'])
export class OutboxEventEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'outbox_events_pkey' })
  id: string;

  /** The account the event is about, if any (no foreign key: an event outlives what it tells of). */
  @Column({ name: 'account_id', type: 'uuid', nullable: true })
  accountId: string | null;

  /** e.g. `alert.opened`, `sla.warning`, `account.turned_red`. */
  @Column({ type: 'text' })
  topic: string;

  @Column({ type: 'jsonb' })
  payload: Record<string, unknown>;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt: Date;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt: Date | null;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
