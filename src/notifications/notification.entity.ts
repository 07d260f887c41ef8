import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { NotificationKind } from './notification-events';

/**
 * One thing to tell, decided once: an outbox event, a manager's digest for a local day, an overdue
 * reminder for a review and recipient on a day, a ping. `dedupe_key` makes deciding idempotent:
 * two runs racing to decide the same thing insert one row, and deliveries hang off that row.
 */
@Entity({ name: 'notifications' })
@Index('notifications_dedupe_key', ['dedupeKey'], { unique: true })
@Index('notifications_recipient_idx', ['managerId', 'kind', 'occurredAt'])
@Index('notifications_subject_idx', ['kind', 'subjectId', 'managerId', 'localDate'])
export class NotificationEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'notifications_pkey' })
  id: string;

  @Column({ type: 'text' })
  kind: NotificationKind;

  /** e.g. `outbox:<event id>`, `digest.daily:<manager id>:<local date>`, `review.reminder:<review id>:<recipient id>:<local date>`. */
  @Column({ name: 'dedupe_key', type: 'text' })
  dedupeKey: string;

  /** The manager the notification is for (digests, reminders); null for events about an account. */
  @Column({ name: 'manager_id', type: 'uuid', nullable: true })
  managerId: string | null;

  @Column({ name: 'account_id', type: 'uuid', nullable: true })
  accountId: string | null;

  /** What it is about besides the account: the review of a reminder, the source outbox event. */
  @Column({ name: 'subject_id', type: 'uuid', nullable: true })
  subjectId: string | null;

  /** The recipient's local day, for digests and reminders. */
  @Column({ name: 'local_date', type: 'date', nullable: true })
  localDate: string | null;

  @Column({ type: 'jsonb' })
  payload: Record<string, unknown>;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
