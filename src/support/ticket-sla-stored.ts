import type { SlaClock } from './sla-clock';
import { isPausedAt, respondedAtOf, SlaTargetDue, targetDue } from './ticket-sla';
import { SlaContext, TicketSlaInput, ticketSlaTerms, ticketTimeline } from './ticket-sla-view';

/**
 * What a ticket row stores of its SLA, so exports and `bi.tickets` can read it with plain SQL: the
 * policy used, each target's due time, and each target's outcome once it is final. Computed with
 * the same functions the API reads use (`ticketSlaTerms`, `targetDue`), from data only: the result does not depend
 * on when it is computed, so re-sending a ticket changes nothing and a recompute rewrites only rows
 * whose policy or calendar really moved their due times.
 *
 * - A completed target (first response, or resolution) has a fixed due time and a final outcome:
 *   `met` when done at or before the due time, else `breached`.
 * - An open target whose clock runs has a fixed due time; whether it is `pending` or `breached`
 *   depends on the moment of reading, so SQL derives it from the stored due time (`breached` once
 *   now is past it, as the API does).
 * - An open target whose clock stands still (waiting on the customer) has no known due time: the
 *   API projects one assuming the clock resumes at the moment of reading, which moves with every
 *   read, so the row stores null (read as `pending`) — unless the target was already used up before
 *   the pause, in which case its due time is fixed and it reads as `breached`.
 */
export interface StoredTicketSla {
  /** The plan whose policy applied (account, segment default or fallback); null when none applies. */
  supportPlan: string | null;
  clock: SlaClock | null;
  firstResponseTargetMinutes: number | null;
  resolutionTargetMinutes: number | null;
  firstResponseDueAt: string | null;
  resolutionDueAt: string | null;
  firstResponseOutcome: 'met' | 'breached' | null;
  resolutionOutcome: 'met' | 'breached' | null;
}

export const NO_STORED_SLA: StoredTicketSla = {
  supportPlan: null,
  clock: null,
  firstResponseTargetMinutes: null,
  resolutionTargetMinutes: null,
  firstResponseDueAt: null,
  resolutionDueAt: null,
  firstResponseOutcome: null,
  resolutionOutcome: null,
};

/**
 * The instant the stored values are computed at: now, or the ticket's latest recorded instant if
 * that is later (the sender's clock may run a few minutes ahead), so every recorded fact counts.
 */
function evaluationInstant(ticket: TicketSlaInput, now: Date): Date {
  const instants = [now.getTime(), ticket.openedAt.getTime()];
  if (ticket.firstResponseAt) instants.push(ticket.firstResponseAt.getTime());
  if (ticket.resolvedAt) instants.push(ticket.resolvedAt.getTime());
  for (const change of ticket.statusHistory) instants.push(Date.parse(change.at));
  return new Date(Math.max(...instants.filter(Number.isFinite)));
}

function storedTarget(target: SlaTargetDue, clockRunning: boolean): { dueAt: string | null; outcome: 'met' | 'breached' | null } {
  const dueAt = target.dueMs === null ? null : new Date(target.dueMs).toISOString();
  if (target.completed !== null) return { dueAt, outcome: target.state === 'met' ? 'met' : 'breached' };
  // Open: a running clock's due time is fixed; a stopped one's is known only if already passed.
  if (clockRunning || target.state === 'breached') return { dueAt, outcome: null };
  return { dueAt: null, outcome: null };
}

/**
 * The SLA columns of a ticket row (see `StoredTicketSla`): the policy and calendar `ticketSlaView`
 * picks, and each target's due time and state from `targetDue`, the functions behind the API's
 * answer (without the elapsed minutes, which a stored row does not need and which cost a walk of
 * the calendar from opening to now).
 */
export function storedTicketSla(ticket: TicketSlaInput, context: SlaContext, now: Date): StoredTicketSla {
  const terms = ticketSlaTerms(ticket, context);
  if (!terms) return NO_STORED_SLA;
  const { policy, supportPlan } = terms.resolved;
  const at = evaluationInstant(ticket, now);
  const timeline = ticketTimeline(ticket);
  const clockRunning = !isPausedAt(timeline, at);
  const firstResponse = storedTarget(targetDue(timeline, { clock: policy.clock, targetMinutes: policy.firstResponseMinutes }, terms.calendar, respondedAtOf(timeline), at), clockRunning);
  const resolution = storedTarget(targetDue(timeline, { clock: policy.clock, targetMinutes: policy.resolutionMinutes }, terms.calendar, timeline.resolvedAt, at), clockRunning);
  return {
    supportPlan,
    clock: policy.clock,
    firstResponseTargetMinutes: policy.firstResponseMinutes,
    resolutionTargetMinutes: policy.resolutionMinutes,
    firstResponseDueAt: firstResponse.dueAt,
    resolutionDueAt: resolution.dueAt,
    firstResponseOutcome: firstResponse.outcome,
    resolutionOutcome: resolution.outcome,
  };
}
