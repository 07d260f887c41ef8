import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { decodeCursor, Page, toPage } from '../common/pagination';
import type { NotificationKind, WebhookFormat } from './notification-events';
import type { DeliveryChannel, DeliveryStatus } from './webhook-delivery.entity';

type Queryable = Pick<EntityManager, 'query'>;

export interface NewNotification {
  kind: NotificationKind;
  dedupeKey: string;
  managerId: string | null;
  accountId: string | null;
  subjectId: string | null;
  localDate: string | null;
  payload: Record<string, unknown>;
  occurredAt: Date;
}

/** A delivery claimed for sending, with what it needs to send. */
export interface ClaimedDelivery {
  id: string;
  notificationId: string;
  channel: DeliveryChannel;
  webhookId: string | null;
  recipient: string | null;
  attempts: number;
  maxAttempts: number;
  claimedBy: string;
  kind: NotificationKind;
  payload: Record<string, unknown>;
  occurredAt: Date;
  url: string | null;
  format: WebhookFormat | null;
  secret: string | null;
}

export interface AttemptResult {
  deliveryId: string;
  attempt: number;
  claimedBy: string;
  startedAt: Date;
  latencyMs: number;
  statusCode: number | null;
  outcome: 'succeeded' | 'failed';
  error: string | null;
  /** What the delivery becomes: delivered, retried at `nextAttemptAt`, or dead. */
  status: 'succeeded' | 'pending' | 'dead';
  nextAttemptAt: Date | null;
}

export interface DeliveryAttemptRecord {
  attempt: number;
  startedAt: string;
  latencyMs: number;
  statusCode: number | null;
  outcome: 'succeeded' | 'failed';
  error: string | null;
}

export interface DeliveryRecord {
  id: string;
  notificationId: string;
  eventType: NotificationKind;
  channel: DeliveryChannel;
  webhookId: string | null;
  recipient: string | null;
  status: DeliveryStatus;
  attempts: number;
  maxAttempts: number;
  nextAttemptAt: Date | null;
  lastStatusCode: number | null;
  lastError: string | null;
  deliveredAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  attemptLog: DeliveryAttemptRecord[];
}

const DELIVERY_COLUMNS = `d.id, d.notification_id AS "notificationId", n.kind AS "eventType", d.channel, d.webhook_id AS "webhookId", d.recipient, d.status,
  d.attempts, d.max_attempts AS "maxAttempts", CASE WHEN d.status = 'pending' THEN d.next_attempt_at END AS "nextAttemptAt",
  d.last_status_code AS "lastStatusCode", d.last_error AS "lastError", d.delivered_at AS "deliveredAt", d.created_at AS "createdAt", d.updated_at AS "updatedAt",
  COALESCE((SELECT json_agg(json_build_object('attempt', a.attempt, 'startedAt', a.started_at, 'latencyMs', a.latency_ms, 'statusCode', a.status_code,
    'outcome', a.outcome, 'error', a.error) ORDER BY a.attempt) FROM webhook_delivery_attempts a WHERE a.delivery_id = d.id), '[]'::json) AS "attemptLog"`;

/**
 * Notifications, their deliveries and the attempt log; and the relay that turns outbox events
 * into notifications. Every claim is `FOR UPDATE SKIP LOCKED`, so instances share the work
 * without waiting on each other or taking the same row.
 */
@Injectable()
export class NotificationRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  inTransaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /**
   * Records notifications that are new; answers the ids of those inserted (a dedupe key seen
   * before inserts nothing, so a second run deciding the same thing sends nothing).
   */
  async insertNotifications(manager: Queryable, notifications: NewNotification[]): Promise<{ id: string; kind: NotificationKind; dedupeKey: string }[]> {
    if (notifications.length === 0) return [];
    return manager.query(
      `INSERT INTO notifications (kind, dedupe_key, manager_id, account_id, subject_id, local_date, payload, occurred_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::uuid[], $4::uuid[], $5::uuid[], $6::date[], $7::jsonb[], $8::timestamptz[])
       ON CONFLICT (dedupe_key) DO NOTHING
       RETURNING id, kind, dedupe_key AS "dedupeKey"`,
      [
        notifications.map((n) => n.kind),
        notifications.map((n) => n.dedupeKey),
        notifications.map((n) => n.managerId),
        notifications.map((n) => n.accountId),
        notifications.map((n) => n.subjectId),
        notifications.map((n) => n.localDate),
        notifications.map((n) => JSON.stringify(n.payload)),
        notifications.map((n) => n.occurredAt.toISOString()),
      ],
    );
  }

  /** One pending delivery per live subscription of each notification's type. */
  async fanOutToWebhooks(manager: Queryable, notifications: { id: string; kind: string }[], now: Date, maxAttempts: number): Promise<number> {
    if (notifications.length === 0) return 0;
    const rows: unknown[] = await manager.query(
      `INSERT INTO webhook_deliveries (notification_id, channel, webhook_id, max_attempts, next_attempt_at)
       SELECT n.id, 'webhook', w.id, $3, $4 FROM unnest($1::uuid[], $2::text[]) n(id, kind)
       JOIN webhooks w ON w.enabled AND w.deleted_at IS NULL AND n.kind = ANY(w.event_types)
       ON CONFLICT DO NOTHING RETURNING id`,
      [notifications.map((n) => n.id), notifications.map((n) => n.kind), maxAttempts, now],
    );
    return rows.length;
  }

  async insertWebhookDelivery(manager: Queryable, notificationId: string, webhookId: string, now: Date, maxAttempts: number): Promise<string> {
    const rows: { id: string }[] = await manager.query(
      `INSERT INTO webhook_deliveries (notification_id, channel, webhook_id, max_attempts, next_attempt_at) VALUES ($1, 'webhook', $2, $3, $4) RETURNING id`,
      [notificationId, webhookId, maxAttempts, now],
    );
    return rows[0].id;
  }

  async insertEmailDeliveries(manager: Queryable, emails: { notificationId: string; recipient: string }[], now: Date, maxAttempts: number): Promise<void> {
    if (emails.length === 0) return;
    await manager.query(
      `INSERT INTO webhook_deliveries (notification_id, channel, recipient, max_attempts, next_attempt_at)
       SELECT id, 'email', recipient, $3, $4 FROM unnest($1::uuid[], $2::text[]) e(id, recipient)
       ON CONFLICT DO NOTHING`,
      [emails.map((e) => e.notificationId), emails.map((e) => e.recipient), maxAttempts, now],
    );
  }

  /**
   * Turns up to `limit` unpublished outbox events into notifications and deliveries and marks them
   * published, all in one transaction: a crash rolls the batch back and its row locks go with it,
   * so another instance (or the next run) takes it whole. No lease is needed because nothing
   * leaves the database here. Only the topics this module delivers are taken, so a topic another
   * consumer may add later is not marked published behind its back. Answers how many were taken.
   */
  async relayOutboxBatch(limit: number, topics: readonly string[], now: Date, maxAttempts: number, toNotification: (event: OutboxRow) => NewNotification | null): Promise<{ events: number; notifications: number; deliveries: number }> {
    return this.inTransaction(async (manager) => {
      const events: OutboxRow[] = await manager.query(
        `SELECT id, account_id AS "accountId", topic, payload, occurred_at AS "occurredAt" FROM outbox_events
         WHERE published_at IS NULL AND topic = ANY($2::text[]) ORDER BY occurred_at, id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [limit, topics],
      );
      if (events.length === 0) return { events: 0, notifications: 0, deliveries: 0 };
      const notifications = events.map(toNotification).filter((n): n is NewNotification => n !== null);
      const inserted = await this.insertNotifications(manager, notifications);
      const deliveries = await this.fanOutToWebhooks(manager, inserted, now, maxAttempts);
      await manager.query(`UPDATE outbox_events SET published_at = $2, attempts = attempts + 1, updated_at = now() WHERE id = ANY($1::uuid[])`, [events.map((e) => e.id), now]);
      return { events: events.length, notifications: inserted.length, deliveries };
    });
  }

  /**
   * Claims due deliveries: pending ones whose time has come, and ones whose sender's lease ran out
   * (it died mid-send). Each claim counts an attempt and holds the row until `leaseUntil`.
   */
  async claimDue(now: Date, limit: number, instanceId: string, leaseUntil: Date, onlyDeliveryId?: string): Promise<ClaimedDelivery[]> {
    return this.dataSource.query(
      `WITH due AS (
         SELECT d.id FROM webhook_deliveries d
         WHERE ${onlyDeliveryId ? 'd.id = $5 AND' : ''} ((d.status = 'pending' AND d.next_attempt_at <= $1) OR (d.status = 'delivering' AND d.lease_until <= $1))
           AND (d.webhook_id IS NULL OR EXISTS (SELECT 1 FROM webhooks w WHERE w.id = d.webhook_id AND w.enabled AND w.deleted_at IS NULL))
         ORDER BY d.next_attempt_at, d.id LIMIT $2 FOR UPDATE SKIP LOCKED),
       claimed AS (
         UPDATE webhook_deliveries d SET status = 'delivering', attempts = d.attempts + 1, lease_until = $4, claimed_by = $3, updated_at = now()
         FROM due WHERE d.id = due.id
         RETURNING d.id, d.notification_id, d.channel, d.webhook_id, d.recipient, d.attempts, d.max_attempts, d.claimed_by)
       SELECT c.id, c.notification_id AS "notificationId", c.channel, c.webhook_id AS "webhookId", c.recipient, c.attempts, c.max_attempts AS "maxAttempts",
         c.claimed_by AS "claimedBy", n.kind, n.payload, n.occurred_at AS "occurredAt", w.url, w.format, w.secret
       FROM claimed c JOIN notifications n ON n.id = c.notification_id LEFT JOIN webhooks w ON w.id = c.webhook_id`,
      onlyDeliveryId ? [now, limit, instanceId, leaseUntil, onlyDeliveryId] : [now, limit, instanceId, leaseUntil],
    );
  }

  /**
   * Logs an attempt and moves the delivery on, in one transaction. The log row is unique per
   * (delivery, attempt), and the status changes only if this sender still holds the claim: a sender
   * that outlived its lease logs what it saw but leaves the row to whoever claimed it since.
   */
  async recordAttempt(result: AttemptResult): Promise<boolean> {
    return this.inTransaction(async (manager) => {
      await manager.query(
        `INSERT INTO webhook_delivery_attempts (delivery_id, attempt, started_at, latency_ms, status_code, outcome, error)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (delivery_id, attempt) DO NOTHING`,
        [result.deliveryId, result.attempt, result.startedAt, result.latencyMs, result.statusCode, result.outcome, result.error],
      );
      const [, count]: [unknown, number] = await manager.query(
        `UPDATE webhook_deliveries SET status = $4, next_attempt_at = COALESCE($5, next_attempt_at), lease_until = NULL, claimed_by = NULL,
           last_status_code = $6, last_error = $7, delivered_at = CASE WHEN $4 = 'succeeded' THEN $8::timestamptz ELSE delivered_at END, updated_at = now()
         WHERE id = $1 AND claimed_by = $2 AND attempts = $3 AND status = 'delivering'`,
        [result.deliveryId, result.claimedBy, result.attempt, result.status, result.nextAttemptAt, result.statusCode, result.error, new Date(result.startedAt.getTime() + result.latencyMs)],
      );
      return count === 1;
    });
  }

  /**
   * Deletes notifications recorded before `before` (their deliveries and attempt logs go with them),
   * up to `limit` at a time, keeping any still waiting to be sent.
   */
  async deleteRecordedBefore(before: Date, limit: number): Promise<number> {
    const [, count]: [unknown, number] = await this.dataSource.query(
      `DELETE FROM notifications WHERE id IN (
         SELECT n.id FROM notifications n WHERE n.occurred_at < $1
           AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.notification_id = n.id AND d.status IN ('pending', 'delivering'))
         LIMIT $2)`,
      [before, limit],
    );
    return count;
  }

  async listForWebhook(webhookId: string, limit: number, cursor: string | undefined): Promise<Page<DeliveryRecord>> {
    const after = decodeCursor(cursor);
    const rows: DeliveryRecord[] = await this.dataSource.query(
      `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries d JOIN notifications n ON n.id = d.notification_id
       WHERE d.webhook_id = $1 ${after ? 'AND (d.created_at, d.id) < ($3::timestamptz, $4::uuid)' : ''}
       ORDER BY d.created_at DESC, d.id DESC LIMIT $2`,
      after ? [webhookId, limit + 1, after.sortValue, after.id] : [webhookId, limit + 1],
    );
    return toPage(rows, limit, (row) => row, (row) => ({ sortValue: new Date(row.createdAt).toISOString(), id: row.id }));
  }

  async findDelivery(id: string): Promise<DeliveryRecord | undefined> {
    const rows: DeliveryRecord[] = await this.dataSource.query(`SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries d JOIN notifications n ON n.id = d.notification_id WHERE d.id = $1`, [id]);
    return rows[0];
  }

  /**
   * Queues a delivery again with a fresh allowance of attempts, unless it is being sent right now
   * or its subscription is gone. Answers false when it was not queued.
   */
  async requeue(id: string, now: Date, maxAttempts: number): Promise<boolean> {
    const [, count]: [unknown, number] = await this.dataSource.query(
      `UPDATE webhook_deliveries d SET status = 'pending', next_attempt_at = $2, max_attempts = d.attempts + $3, lease_until = NULL, claimed_by = NULL, updated_at = now()
       WHERE d.id = $1 AND d.status <> 'delivering'
         AND (d.webhook_id IS NULL OR EXISTS (SELECT 1 FROM webhooks w WHERE w.id = d.webhook_id AND w.enabled AND w.deleted_at IS NULL))`,
      [id, now, maxAttempts],
    );
    return count === 1;
  }
}

export interface OutboxRow {
  id: string;
  accountId: string | null;
  topic: string;
  payload: Record<string, unknown>;
  occurredAt: Date;
}
