import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { NotificationEntity } from './notification.entity';
import { WebhookEntity } from './webhook.entity';

export const DELIVERY_STATUSES = ['pending', 'delivering', 'succeeded', 'dead', 'cancelled'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];
export const DELIVERY_CHANNELS = ['webhook', 'email'] as const;
export type DeliveryChannel = (typeof DELIVERY_CHANNELS)[number];

/**
 * One notification to one destination (a webhook, or an email address for digests), and its
 * progress. Senders claim due rows with FOR UPDATE SKIP LOCKED and hold them for a lease; a row
 * whose lease ran out (its process died mid-send) is claimed again, with the same delivery id so
 * the receiver can tell a repeat.
 */
@Entity({ name: 'webhook_deliveries' })
@Check('webhook_deliveries_status_check', "status IN ('pending', 'delivering', 'succeeded', 'dead', 'cancelled')")
@Check('webhook_deliveries_channel_check', "(channel = 'webhook' AND webhook_id IS NOT NULL AND recipient IS NULL) OR (channel = 'email' AND webhook_id IS NULL AND recipient IS NOT NULL)")
@Check('webhook_deliveries_lease_check', "status <> 'delivering' OR lease_until IS NOT NULL")
@Index('webhook_deliveries_webhook_key', ['notificationId', 'webhookId'], { unique: true, where: 'webhook_id IS NOT NULL' })
@Index('webhook_deliveries_email_key', ['notificationId', 'recipient'], { unique: true, where: 'recipient IS NOT NULL' })
@Index('webhook_deliveries_pending_idx', ['nextAttemptAt'], { where: "status = 'pending'" })
@Index('webhook_deliveries_lease_idx', ['leaseUntil'], { where: "status = 'delivering'" })
@Index('webhook_deliveries_webhook_idx', ['webhookId', 'createdAt', 'id'])
export class WebhookDeliveryEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'webhook_deliveries_pkey' })
  id: string;

  @Column({ name: 'notification_id', type: 'uuid' })
  notificationId: string;

  @ManyToOne(() => NotificationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'notification_id', foreignKeyConstraintName: 'webhook_deliveries_notification_id_fkey' })
  notification?: NotificationEntity;

  @Column({ type: 'text' })
  channel: DeliveryChannel;

  @Column({ name: 'webhook_id', type: 'uuid', nullable: true })
  webhookId: string | null;

  @ManyToOne(() => WebhookEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'webhook_id', foreignKeyConstraintName: 'webhook_deliveries_webhook_id_fkey' })
  webhook?: WebhookEntity;

  /** The email address, for the email channel. */
  @Column({ type: 'text', nullable: true })
  recipient: string | null;

  @Column({ type: 'text', default: 'pending' })
  status: DeliveryStatus;

  /** Attempts started so far (a claim counts one). */
  @Column({ type: 'int', default: 0 })
  attempts: number;

  /** Attempts allowed before the delivery is dead; a redelivery grants a fresh allowance. */
  @Column({ name: 'max_attempts', type: 'int' })
  maxAttempts: number;

  @Column({ name: 'next_attempt_at', type: 'timestamptz' })
  nextAttemptAt: Date;

  @Column({ name: 'lease_until', type: 'timestamptz', nullable: true })
  leaseUntil: Date | null;

  @Column({ name: 'claimed_by', type: 'text', nullable: true })
  claimedBy: string | null;

  @Column({ name: 'last_status_code', type: 'int', nullable: true })
  lastStatusCode: number | null;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true })
  deliveredAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
