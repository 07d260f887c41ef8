/** The HTTP request (body and headers) a delivery sends in its subscription's format. Pure. */
import { emailMessage, feishuMessage, messageViewOf, slackMessage } from './message-formats';
import type { NotificationKind, WebhookEnvelope, WebhookFormat } from './notification-events';
import { DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, signatureOf, TIMESTAMP_HEADER } from './webhook-signature';

export interface DeliveryContent {
  deliveryId: string;
  notificationId: string;
  kind: NotificationKind;
  payload: Record<string, unknown>;
  occurredAt: Date;
}

export function webhookRequest(content: DeliveryContent, format: WebhookFormat, secret: string | null, nowSeconds: number, baseUrl: string): { body: string; headers: Record<string, string> } {
  const headers: Record<string, string> = { [DELIVERY_HEADER]: content.deliveryId, [EVENT_HEADER]: content.kind, 'idempotency-key': content.deliveryId };
  if (format === 'json') {
    const envelope: WebhookEnvelope = { id: content.notificationId, type: content.kind, occurredAt: new Date(content.occurredAt).toISOString(), data: content.payload };
    const body = JSON.stringify(envelope);
    headers[TIMESTAMP_HEADER] = String(nowSeconds);
    if (secret) headers[SIGNATURE_HEADER] = signatureOf(secret, nowSeconds, body);
    return { body, headers };
  }
  const view = messageViewOf(content.kind, content.payload, baseUrl);
  if (format === 'slack') return { body: JSON.stringify(slackMessage(view)), headers };
  return { body: JSON.stringify(feishuMessage(view, secret ? { secret, timestampSeconds: nowSeconds } : undefined)), headers };
}

export function emailContent(content: DeliveryContent, baseUrl: string): { subject: string; text: string; headers: Record<string, string> } {
  const { subject, text } = emailMessage(messageViewOf(content.kind, content.payload, baseUrl));
  return { subject, text, headers: { 'X-AccountHealth-Delivery': content.deliveryId, 'X-AccountHealth-Event': content.kind } };
}
