/**
 * The event types a webhook can subscribe to and the notification kinds the module records. Pure.
 *
 * - Outbox topics written by other modules in the same transaction as their change
 *   (`alert.opened`, `sla.warning`, `account.turned_red` by alerts; `review.agenda_ready`,
 *   `review.nudge` by reviews) become one notification each, delivered as soon as the
 *   notification-delivery job runs.
 * - `digest.daily` (one per manager per local business day) and `review.reminder` (an overdue
 *   review, weekly; the team lead too from 14 days) are built by the reminders job.
 * - `webhook.ping` is what `POST /webhooks/:id/ping` sends; it cannot be subscribed to.
 */
export const OUTBOX_EVENT_TYPES = ['alert.opened', 'sla.warning', 'account.turned_red', 'review.agenda_ready', 'review.nudge'] as const;
export const WEBHOOK_EVENT_TYPES = ['digest.daily', 'review.reminder', ...OUTBOX_EVENT_TYPES] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];
export type NotificationKind = WebhookEventType | 'webhook.ping';

export const WEBHOOK_FORMATS = ['json', 'slack', 'feishu'] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];

/** Bumped when a payload the module itself builds (digest, reminder, ping) changes incompatibly. */
export const NOTIFICATION_SCHEMA_VERSION = 1;

export function isOutboxEventType(topic: string): topic is (typeof OUTBOX_EVENT_TYPES)[number] {
  return (OUTBOX_EVENT_TYPES as readonly string[]).includes(topic);
}

/** What every `json` delivery posts: the notification's id and type around its payload. */
export interface WebhookEnvelope {
  /** The notification's id: the same for every retry and every subscription. */
  id: string;
  type: NotificationKind;
  /** ISO-8601 instant the event happened (outbox) or the notification was built. */
  occurredAt: string;
  data: Record<string, unknown>;
}
