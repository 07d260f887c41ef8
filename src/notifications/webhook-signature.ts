/**
 * Signatures on `json` deliveries: HMAC-SHA256 with the subscription's secret over
 * `<timestamp>.<raw body>`, sent as `X-AccountHealth-Signature: v1=<hex>` with the timestamp
 * (Unix seconds) in `X-AccountHealth-Timestamp`. Signing the timestamp lets receivers refuse
 * replays older than a few minutes. The README shows the receiver's side.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-accounthealth-signature';
export const TIMESTAMP_HEADER = 'x-accounthealth-timestamp';
export const DELIVERY_HEADER = 'x-accounthealth-delivery';
export const EVENT_HEADER = 'x-accounthealth-event';
export const SIGNATURE_VERSION = 'v1';

export function signatureOf(secret: string, timestampSeconds: number, body: string): string {
  return `${SIGNATURE_VERSION}=${createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex')}`;
}

/** The receiver's check, kept here so the README snippet and the tests use the same logic. */
export function verifySignature(secret: string, timestampHeader: string, body: string, signatureHeader: string, nowSeconds: number, toleranceSeconds = 300): boolean {
  const timestamp = Number(timestampHeader);
  if (!Number.isInteger(timestamp) || Math.abs(nowSeconds - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(signatureOf(secret, timestamp, body));
  const received = Buffer.from(signatureHeader);
  return expected.length === received.length && timingSafeEqual(expected, received);
}
