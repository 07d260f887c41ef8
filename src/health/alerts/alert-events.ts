/**
 * The outbox events a new alert writes, in the shapes the notifications issue delivers. Pure.
 *
 * - `alert.opened`: every new alert (digests list them; webhooks subscribe to it).
 * - `sla.warning`: a P1/P2 ticket at 75% of its first-response target without a response (sent at once).
 * - `account.turned_red`: a strategic or enterprise account whose band dropped to red (sent at once).
 *
 * The repository adds `alertId` and `openedAt` to every payload when the alert is inserted.
 */
import type { HealthBand } from '../scoring/score';
import { AlertDraft, IMMEDIATE_RED_SEGMENTS } from './alert-rules';

export const OUTBOX_TOPICS = ['alert.opened', 'sla.warning', 'account.turned_red'] as const;
export type OutboxTopic = (typeof OUTBOX_TOPICS)[number];
/** Bumped when a payload changes incompatibly. */
export const ALERT_EVENT_SCHEMA_VERSION = 1;

export interface AlertEventAccount {
  accountId: string;
  name: string;
  externalId: string;
  segment: string;
}

export interface AlertEventHealth {
  band: HealthBand | null;
  score: number | null;
}

export interface AlertOpenedPayload {
  schemaVersion: number;
  accountId: string;
  accountName: string;
  accountExternalId: string;
  segment: string;
  kind: AlertDraft['kind'];
  severity: AlertDraft['severity'];
  title: string;
  /** The numbers and the CSM-readable `sentence`. */
  facts: AlertDraft['facts'];
  sourceRef: string;
  /** The account's band and score when the alert opened (null before its first score). */
  band: HealthBand | null;
  score: number | null;
  /** The day (`YYYY-MM-DD`, health kinds) or instant (SLA kinds) the alert was judged as of. */
  asOf: string;
  /** True when a notification should go out now rather than in the next digest. */
  immediate: boolean;
}

export interface SlaWarningPayload {
  schemaVersion: number;
  accountId: string;
  accountName: string;
  segment: string;
  ticketId: string;
  ticketExternalId: string;
  ticketSeverity: string;
  subject: string | null;
  targetMinutes: number;
  targetUsedPct: number;
  firstResponseDueAt: string | null;
  sentence: string;
}

export interface AccountTurnedRedPayload {
  schemaVersion: number;
  accountId: string;
  accountName: string;
  accountExternalId: string;
  segment: string;
  fromBand: string;
  band: 'red';
  score: number | null;
  /** First red day of the episode. */
  since: string;
  day: string;
  sentence: string;
}

export function turnsRed(draft: AlertDraft, segment: string): boolean {
  return draft.kind === 'band_dropped' && draft.facts.toBand === 'red' && IMMEDIATE_RED_SEGMENTS.includes(segment);
}

/** Every event a draft writes when it turns out to be new, `alert.opened` first. */
export function alertEvents(draft: AlertDraft, account: AlertEventAccount, health: AlertEventHealth, asOf: string): { topic: OutboxTopic; payload: Record<string, unknown> }[] {
  const immediate = draft.kind === 'sla_response_at_risk' || turnsRed(draft, account.segment);
  const opened: AlertOpenedPayload = {
    schemaVersion: ALERT_EVENT_SCHEMA_VERSION,
    accountId: account.accountId,
    accountName: account.name,
    accountExternalId: account.externalId,
    segment: account.segment,
    kind: draft.kind,
    severity: draft.severity,
    title: draft.title,
    facts: draft.facts,
    sourceRef: draft.sourceRef,
    band: health.band,
    score: health.score,
    asOf,
    immediate,
  };
  const events: { topic: OutboxTopic; payload: Record<string, unknown> }[] = [{ topic: 'alert.opened', payload: { ...opened } }];
  if (draft.kind === 'sla_response_at_risk') {
    const warning: SlaWarningPayload = {
      schemaVersion: ALERT_EVENT_SCHEMA_VERSION,
      accountId: account.accountId,
      accountName: account.name,
      segment: account.segment,
      ticketId: String(draft.facts.ticketId),
      ticketExternalId: String(draft.facts.externalId),
      ticketSeverity: String(draft.facts.ticketSeverity),
      subject: (draft.facts.subject as string | null) ?? null,
      targetMinutes: Number(draft.facts.targetMinutes),
      targetUsedPct: Number(draft.facts.targetUsedPct),
      firstResponseDueAt: (draft.facts.firstResponseDueAt as string | null) ?? null,
      sentence: draft.facts.sentence,
    };
    events.push({ topic: 'sla.warning', payload: { ...warning } });
  }
  if (turnsRed(draft, account.segment)) {
    const red: AccountTurnedRedPayload = {
      schemaVersion: ALERT_EVENT_SCHEMA_VERSION,
      accountId: account.accountId,
      accountName: account.name,
      accountExternalId: account.externalId,
      segment: account.segment,
      fromBand: String(draft.facts.fromBand),
      band: 'red',
      score: (draft.facts.score as number | null) ?? null,
      since: String(draft.facts.since),
      day: String(draft.facts.day),
      sentence: `${account.name} (${account.segment}) turned red: ${draft.facts.sentence}`,
    };
    events.push({ topic: 'account.turned_red', payload: { ...red } });
  }
  return events;
}
