import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { WebhookEventType, WebhookFormat } from './notification-events';

/** A subscription: where to post which event types, in which format. Deleting keeps the row (its delivery log stays readable). */
@Entity({ name: 'webhooks' })
@Check('webhooks_format_check', "format IN ('json', 'slack', 'feishu')")
@Check('webhooks_event_types_check', 'cardinality(event_types) > 0')
export class WebhookEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'webhooks_pkey' })
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  url: string;

  @Column({ type: 'text' })
  format: WebhookFormat;

  @Column({ name: 'event_types', type: 'text', array: true })
  eventTypes: WebhookEventType[];

  /** HMAC key for `json` signatures and Feishu's `sign`; kept in clear because signing needs it. */
  @Column({ type: 'text', nullable: true })
  secret: string | null;

  @Column({ type: 'boolean', default: true })
  enabled: boolean;

  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
