import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Clock } from '../common/clock';
import { ConflictError, NotFoundError } from '../common/problem';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { DEFAULT_PAGE_SIZE, Page } from '../common/pagination';
import { emailContent, webhookRequest } from './delivery-request';
import { EmailSender } from './email-sender';
import { isOutboxEventType, NotificationKind, OUTBOX_EVENT_TYPES } from './notification-events';
import { EMAIL_SENDER } from './notification-providers';
import { ClaimedDelivery, DeliveryRecord, NewNotification, NotificationRepository, OutboxRow } from './notification.repository';
import { retryDelayMs, RetryPolicy } from './retry-policy';
import { WebhookHttpSender } from './webhook-http-sender';
import { WebhookRepository } from './webhook.repository';

const OUTBOX_BATCH = 500;
const CLAIM_BATCH = 20;
/** Notifications and their delivery logs are kept this long (weekly reminders need only the last week). */
export const NOTIFICATION_RETENTION_DAYS = 90;
const RETENTION_BATCH = 5000;
/** A run stops after this many claim rounds; the next run carries on. */
const MAX_ROUNDS_PER_RUN = 50;

/** Outbox events become notifications one to one; the event id is the dedupe key. */
export function notificationOfOutboxEvent(event: OutboxRow): NewNotification | null {
  if (!isOutboxEventType(event.topic)) return null;
  return {
    kind: event.topic,
    dedupeKey: `outbox:${event.id}`,
    managerId: null,
    accountId: event.accountId,
    subjectId: event.id,
    localDate: null,
    payload: event.payload,
    occurredAt: new Date(event.occurredAt),
  };
}

/**
 * Moves notifications out: relays the outbox into notifications and deliveries, then claims due
 * deliveries, sends them (webhook or email), logs each attempt and schedules retries with backoff
 * until the attempts run out (dead).
 */
@Injectable()
export class DeliveryService implements OnApplicationShutdown {
  private readonly logger = new Logger(DeliveryService.name);

  constructor(
    private readonly notifications: NotificationRepository,
    private readonly webhooks: WebhookRepository,
    private readonly http: WebhookHttpSender,
    @Inject(EMAIL_SENDER) private readonly email: EmailSender | null,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationShutdown(): void {
    this.email?.close();
  }

  get retryPolicy(): RetryPolicy {
    const settings = this.config.notifications;
    return { maxAttempts: settings.webhookMaxAttempts, baseSeconds: settings.webhookRetryBaseSeconds, maxDelaySeconds: settings.webhookRetryMaxSeconds };
  }

  private leaseUntil(now: Date): Date {
    return new Date(now.getTime() + Math.max(60_000, 3 * this.config.notifications.webhookTimeoutMs));
  }

  async relayOutbox(signal?: AbortSignal): Promise<{ events: number; notifications: number; deliveries: number }> {
    const total = { events: 0, notifications: 0, deliveries: 0 };
    for (;;) {
      const batch = await this.notifications.relayOutboxBatch(OUTBOX_BATCH, OUTBOX_EVENT_TYPES, this.clock.now(), this.retryPolicy.maxAttempts, notificationOfOutboxEvent);
      total.events += batch.events;
      total.notifications += batch.notifications;
      total.deliveries += batch.deliveries;
      if (batch.events < OUTBOX_BATCH || signal?.aborted) return total;
    }
  }

  /** Deletes notifications older than the retention, a batch per run (later runs carry on). */
  async pruneOld(): Promise<number> {
    return this.notifications.deleteRecordedBefore(new Date(this.clock.now().getTime() - NOTIFICATION_RETENTION_DAYS * 86_400_000), RETENTION_BATCH);
  }

  /** Sends everything due now, a batch at a time. */
  async deliverDue(signal?: AbortSignal): Promise<{ attempted: number; succeeded: number; failed: number; dead: number }> {
    const stats = { attempted: 0, succeeded: 0, failed: 0, dead: 0 };
    for (let round = 0; round < MAX_ROUNDS_PER_RUN && !signal?.aborted; round += 1) {
      const now = this.clock.now();
      const claimed = await this.notifications.claimDue(now, CLAIM_BATCH, this.config.instanceId, this.leaseUntil(now));
      if (claimed.length === 0) break;
      const outcomes = await Promise.all(claimed.map((delivery) => this.send(delivery)));
      for (const status of outcomes) {
        stats.attempted += 1;
        if (status === 'succeeded') stats.succeeded += 1;
        else if (status === 'dead') stats.dead += 1;
        else stats.failed += 1;
      }
      if (claimed.length < CLAIM_BATCH) break;
    }
    return stats;
  }

  /** Sends one claimed delivery and records the attempt; answers what the delivery became. */
  private async send(delivery: ClaimedDelivery): Promise<'succeeded' | 'pending' | 'dead'> {
    const startedAt = this.clock.now();
    const content = { deliveryId: delivery.id, notificationId: delivery.notificationId, kind: delivery.kind, payload: delivery.payload, occurredAt: delivery.occurredAt };
    const baseUrl = this.config.notifications.publicBaseUrl;
    let outcome;
    try {
      if (delivery.channel === 'email') {
        if (!this.email) {
          outcome = { ok: false, statusCode: null, error: 'SMTP is not configured (SMTP_URL, EMAIL_FROM)', latencyMs: 0 };
        } else {
          const mail = emailContent(content, baseUrl);
          outcome = await this.email.send(delivery.recipient!, mail.subject, mail.text, mail.headers);
        }
      } else {
        const request = webhookRequest(content, delivery.format!, delivery.secret, Math.floor(startedAt.getTime() / 1000), baseUrl);
        outcome = await this.http.post(delivery.url!, request.body, request.headers);
      }
    } catch (error) {
      outcome = { ok: false, statusCode: null, error: error instanceof Error ? error.message : String(error), latencyMs: 0 };
    }
    const policy = { ...this.retryPolicy, maxAttempts: delivery.maxAttempts };
    const delay = outcome.ok ? null : retryDelayMs(delivery.attempts, policy);
    const status = outcome.ok ? 'succeeded' : delay === null ? 'dead' : 'pending';
    await this.notifications.recordAttempt({
      deliveryId: delivery.id,
      attempt: delivery.attempts,
      claimedBy: delivery.claimedBy,
      startedAt,
      latencyMs: outcome.latencyMs,
      statusCode: outcome.statusCode,
      outcome: outcome.ok ? 'succeeded' : 'failed',
      error: outcome.error?.slice(0, 2000) ?? null,
      status,
      nextAttemptAt: delay === null ? null : new Date(startedAt.getTime() + delay),
    });
    if (status === 'dead') this.logger.warn({ deliveryId: delivery.id, channel: delivery.channel, webhookId: delivery.webhookId, error: outcome.error }, 'delivery dead after its last attempt');
    return status;
  }

  /** Sends a test message to one subscription now (one attempt, no retry) and answers the delivery. */
  async ping(webhookId: string): Promise<DeliveryRecord> {
    const webhook = await this.webhooks.findLive(webhookId);
    if (!webhook) throw new NotFoundError('Webhook', webhookId);
    if (!webhook.enabled) throw new ConflictError(`Webhook ${webhookId} is disabled; enable it before pinging.`);
    const now = this.clock.now();
    const deliveryId = await this.notifications.inTransaction(async (manager) => {
      const [notification] = await this.notifications.insertNotifications(manager, [
        { kind: 'webhook.ping' as NotificationKind, dedupeKey: `webhook.ping:${randomUUID()}`, managerId: null, accountId: null, subjectId: webhookId, localDate: null, payload: { schemaVersion: 1, webhookId, sentAt: now.toISOString() }, occurredAt: now },
      ]);
      return this.notifications.insertWebhookDelivery(manager, notification.id, webhookId, now, 1);
    });
    const [claimed] = await this.notifications.claimDue(now, 1, this.config.instanceId, this.leaseUntil(now), deliveryId);
    if (claimed) await this.send(claimed);
    return (await this.notifications.findDelivery(deliveryId))!;
  }

  async listForWebhook(webhookId: string, limit: number | undefined, cursor: string | undefined): Promise<Page<DeliveryRecord>> {
    if (!(await this.webhooks.findLive(webhookId))) throw new NotFoundError('Webhook', webhookId);
    return this.notifications.listForWebhook(webhookId, limit ?? DEFAULT_PAGE_SIZE, cursor);
  }

  async get(deliveryId: string): Promise<DeliveryRecord> {
    const delivery = await this.notifications.findDelivery(deliveryId);
    if (!delivery) throw new NotFoundError('Delivery', deliveryId);
    return delivery;
  }

  /** Queues a delivery again (whatever its state but "being sent"), with a fresh allowance of attempts. */
  async redeliver(deliveryId: string): Promise<DeliveryRecord> {
    const existing = await this.get(deliveryId);
    if (!(await this.notifications.requeue(deliveryId, this.clock.now(), this.retryPolicy.maxAttempts))) {
      throw new ConflictError(
        existing.status === 'delivering' ? `Delivery ${deliveryId} is being sent right now.` : `Delivery ${deliveryId} belongs to a disabled or deleted subscription.`,
      );
    }
    return this.get(deliveryId);
  }
}
