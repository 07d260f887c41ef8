import type { SlaState, TicketEscalation, TicketSeverity } from './ticket-sla';

/** An account's support pressure as of an instant, in the shape health scoring reads (`SupportSignals`). */
export interface AccountSupportSignals {
  /** P1 tickets opened by asOf and not resolved at it. */
  openP1: number;
  openP2: number;
  /** Tickets opened in the window whose first-response or resolution target was breached (each counted once), by severity. */
  slaBreaches: Partial<Record<TicketSeverity, number>>;
  /** Tickets opened in the window that went to L2 or engineering. */
  escalations: number;
  windowDays: number;
  /** When the account's ticket data last changed; null without tickets. */
  lastSeenAt: Date | null;
}

export interface TicketForSignals {
  severity: TicketSeverity;
  openedAt: Date;
  resolvedAt: Date | null;
  escalation: TicketEscalation | null;
  /** Null when no policy applies. */
  firstResponseState: SlaState | null;
  resolutionState: SlaState | null;
}

const DAY_MS = 86_400_000;

export function supportSignals(tickets: TicketForSignals[], asOf: Date, windowDays: number, lastSeenAt: Date | null): AccountSupportSignals {
  const windowStart = asOf.getTime() - windowDays * DAY_MS;
  const signals: AccountSupportSignals = { openP1: 0, openP2: 0, slaBreaches: {}, escalations: 0, windowDays, lastSeenAt };
  for (const ticket of tickets) {
    const opened = ticket.openedAt.getTime();
    if (opened > asOf.getTime()) continue;
    const open = ticket.resolvedAt === null || ticket.resolvedAt.getTime() > asOf.getTime();
    if (open && ticket.severity === 'P1') signals.openP1 += 1;
    if (open && ticket.severity === 'P2') signals.openP2 += 1;
    if (opened < windowStart) continue;
    if (ticket.firstResponseState === 'breached' || ticket.resolutionState === 'breached') {
      signals.slaBreaches[ticket.severity] = (signals.slaBreaches[ticket.severity] ?? 0) + 1;
    }
    if (ticket.escalation === 'L2' || ticket.escalation === 'engineering') signals.escalations += 1;
  }
  return signals;
}
