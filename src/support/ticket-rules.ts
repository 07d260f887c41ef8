import type { TicketEscalation, TicketSeverity, TicketStatus } from './ticket-sla';

/**
 * The rules a ticket must follow beyond field types: times in a possible order, a status history
 * that ends in the current status, and nothing in the future. Times are stored as ISO-8601 UTC with
 * milliseconds, so the same instant written two ways compares equal and re-sending is harmless.
 */

/** Clocks of the sending systems may run a little ahead of ours. */
export const FUTURE_TOLERANCE_MS = 5 * 60_000;
/** No ticket of ours is older; it also bounds how far back the SLA clock has to walk. */
export const EARLIEST_TICKET_TIME = '2000-01-01T00:00:00Z';

export interface TicketInput {
  externalId: string;
  severity: TicketSeverity;
  status: TicketStatus;
  statusHistory?: { status: TicketStatus; at: string }[] | null;
  openedAt: string;
  firstResponseAt?: string | null;
  resolvedAt?: string | null;
  escalation?: TicketEscalation | null;
  subject?: string | null;
}

export interface NormalisedTicket {
  externalId: string;
  severity: TicketSeverity;
  status: TicketStatus;
  statusHistory: { status: TicketStatus; at: string }[];
  openedAt: string;
  firstResponseAt: string | null;
  resolvedAt: string | null;
  escalation: TicketEscalation | null;
  subject: string | null;
}

export interface TicketRuleError {
  path: string;
  message: string;
}

const iso = (value: string) => new Date(value).toISOString();

/** True for a status that ends the resolution clock for good. */
export function isResolvedStatus(status: TicketStatus): boolean {
  return status === 'resolved' || status === 'closed';
}

/**
 * Checks and normalises a ticket. Without a status history the ticket is taken to have been open
 * since openedAt and, if resolved or closed, to have changed at resolvedAt; a ticket waiting on the
 * customer must say since when.
 */
export function normaliseTicket(input: TicketInput, now: Date): { ticket?: NormalisedTicket; errors: TicketRuleError[] } {
  const errors: TicketRuleError[] = [];
  const latest = now.getTime() + FUTURE_TOLERANCE_MS;
  const openedAt = Date.parse(input.openedAt);
  const firstResponseAt = input.firstResponseAt ? Date.parse(input.firstResponseAt) : null;
  const resolvedAt = input.resolvedAt ? Date.parse(input.resolvedAt) : null;
  const earliest = Date.parse(EARLIEST_TICKET_TIME);
  const notFuture = (path: string, value: number | null) => {
    if (value !== null && value > latest) errors.push({ path, message: `${path} is in the future` });
    if (value !== null && value < earliest) errors.push({ path, message: `${path} is before ${EARLIEST_TICKET_TIME.slice(0, 10)}` });
  };
  // Postgres text cannot hold NUL: refusing it here rejects the row instead of failing the batch.
  for (const path of ['externalId', 'subject'] as const) {
    if (input[path]?.includes('\u0000')) errors.push({ path, message: `${path} must be text without NUL characters` });
  }
  notFuture('openedAt', openedAt);
  notFuture('firstResponseAt', firstResponseAt);
  notFuture('resolvedAt', resolvedAt);
  if (firstResponseAt !== null && firstResponseAt < openedAt) errors.push({ path: 'firstResponseAt', message: 'firstResponseAt must not be before openedAt' });
  if (resolvedAt !== null && resolvedAt < openedAt) errors.push({ path: 'resolvedAt', message: 'resolvedAt must not be before openedAt' });
  if (firstResponseAt !== null && resolvedAt !== null && firstResponseAt > resolvedAt) {
    errors.push({ path: 'firstResponseAt', message: 'firstResponseAt must not be after resolvedAt' });
  }
  if (isResolvedStatus(input.status) && resolvedAt === null) errors.push({ path: 'resolvedAt', message: `a ${input.status} ticket needs resolvedAt` });
  if (!isResolvedStatus(input.status) && resolvedAt !== null) {
    errors.push({ path: 'resolvedAt', message: `a ticket that is ${input.status} has no resolvedAt (a reopened ticket is unresolved)` });
  }

  let history: { status: TicketStatus; at: string }[];
  if (input.statusHistory && input.statusHistory.length > 0) {
    history = input.statusHistory.map((change) => ({ status: change.status, at: iso(change.at) }));
    let previous = openedAt;
    input.statusHistory.forEach((change, index) => {
      const at = Date.parse(change.at);
      const path = `statusHistory[${index}].at`;
      if (at < openedAt) errors.push({ path, message: 'a status change must not be before openedAt' });
      else if (at < previous) errors.push({ path, message: 'status changes must be in time order' });
      if (at > latest) errors.push({ path, message: `${path} is in the future` });
      previous = Math.max(previous, at);
    });
    const last = input.statusHistory[input.statusHistory.length - 1];
    if (last.status !== input.status) errors.push({ path: 'status', message: `status must be the last status of statusHistory (${last.status})` });
  } else if (input.status === 'waiting_on_customer') {
    errors.push({ path: 'statusHistory', message: 'a ticket waiting on the customer needs its statusHistory, so the clock knows since when it is paused' });
    history = [];
  } else {
    history = [{ status: 'open', at: iso(input.openedAt) }];
    if (isResolvedStatus(input.status) && input.resolvedAt) history.push({ status: input.status, at: iso(input.resolvedAt) });
  }
  if (errors.length > 0) return { errors };
  return {
    errors,
    ticket: {
      externalId: input.externalId,
      severity: input.severity,
      status: input.status,
      statusHistory: history,
      openedAt: iso(input.openedAt),
      firstResponseAt: input.firstResponseAt ? iso(input.firstResponseAt) : null,
      resolvedAt: input.resolvedAt ? iso(input.resolvedAt) : null,
      escalation: input.escalation ?? null,
      subject: input.subject ?? null,
    },
  };
}
