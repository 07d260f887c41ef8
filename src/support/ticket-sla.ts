import { BusinessCalendar, dueInstant, Interval, runningTimeMs, SlaClock } from './sla-clock';

export const TICKET_SEVERITIES = ['P1', 'P2', 'P3', 'P4'] as const;
export type TicketSeverity = (typeof TICKET_SEVERITIES)[number];
export const TICKET_STATUSES = ['open', 'waiting_on_customer', 'resolved', 'closed'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];
export const TICKET_ESCALATIONS = ['L1', 'L2', 'engineering'] as const;
export type TicketEscalation = (typeof TICKET_ESCALATIONS)[number];

export const SLA_STATES = ['met', 'breached', 'pending'] as const;
export type SlaState = (typeof SLA_STATES)[number];

export interface StatusChange {
  status: TicketStatus;
  at: Date;
}

/** What the SLA clocks of a ticket are computed from. */
export interface TicketTimeline {
  openedAt: Date;
  firstResponseAt: Date | null;
  resolvedAt: Date | null;
  /** Every status change in time order; before the first one the ticket counts as open. */
  statusHistory: StatusChange[];
}

export interface SlaTerms {
  clock: SlaClock;
  firstResponseMinutes: number;
  resolutionMinutes: number;
}

export interface SlaTargetOutcome {
  targetMinutes: number;
  /** When the target is used up; while paused, assuming the clock resumes at `asOf`. Null if never within the horizon. */
  dueAt: Date | null;
  /** The first response or resolution, when it happened by `asOf`. */
  completedAt: Date | null;
  state: SlaState;
  /** Clock minutes run from opening to completion (or to `asOf`). */
  elapsedMinutes: number;
  /** elapsedMinutes as a percentage of the target; above 100 once breached. */
  targetUsedPct: number;
}

export interface TicketSlaOutcome {
  /** The ticket waits on the customer at `asOf`, so its clocks stand still. */
  paused: boolean;
  firstResponse: SlaTargetOutcome;
  resolution: SlaTargetOutcome;
}

const MINUTE_MS = 60_000;

/** The clock runs only while the ticket is open: waiting on the customer, resolved and closed all stop it. */
export function isClockRunning(status: TicketStatus): boolean {
  return status === 'open';
}

/** The intervals in [openedAt, stopAt) in which the ticket's status stopped the clock. */
export function pausedIntervals(timeline: TicketTimeline, stopAtMs: number): Interval[] {
  const pauses: Interval[] = [];
  const history = timeline.statusHistory;
  for (let index = 0; index < history.length; index += 1) {
    if (isClockRunning(history[index].status)) continue;
    const start = Math.max(history[index].at.getTime(), timeline.openedAt.getTime());
    const end = Math.min(index + 1 < history.length ? history[index + 1].at.getTime() : Number.POSITIVE_INFINITY, stopAtMs);
    if (end > start) pauses.push({ start, end });
  }
  return pauses;
}

/** The status in force at the instant (open before the first change). */
export function statusAt(timeline: TicketTimeline, atMs: number): TicketStatus {
  let status: TicketStatus = 'open';
  for (const change of timeline.statusHistory) {
    if (change.at.getTime() > atMs) break;
    status = change.status;
  }
  return status;
}

const round = (value: number, decimals: number) => Math.round(value * 10 ** decimals) / 10 ** decimals;

/** A target's due time and state as of `asOf`, without the elapsed clock time (see `evaluateTarget`). */
export interface SlaTargetDue {
  /** Epoch milliseconds, or null when the clock never runs that long within the horizon. */
  dueMs: number | null;
  /** The completion, when it happened by `asOf`. */
  completed: Date | null;
  state: SlaState;
  /** Pauses up to the completion (or `asOf`), which `evaluateTarget` also needs. */
  pauses: Interval[];
  stopMs: number;
}

/**
 * A target's due time and state. Pauses count only until the target completes (or until `asOf`
 * while it is pending): what happens to the ticket afterwards cannot move a due time that has
 * passed. A completion exactly at the due time meets it; a pending target is breached once `asOf` is
 * past its due time.
 */
export function targetDue(
  timeline: TicketTimeline,
  terms: { clock: SlaClock; targetMinutes: number },
  calendar: BusinessCalendar,
  completedAt: Date | null,
  asOf: Date,
): SlaTargetDue {
  const openedMs = timeline.openedAt.getTime();
  const asOfMs = asOf.getTime();
  const completed = completedAt !== null && completedAt.getTime() <= asOfMs ? completedAt : null;
  const stopMs = Math.max(openedMs, completed ? completed.getTime() : asOfMs);
  const pauses = pausedIntervals(timeline, stopMs);
  const due = dueInstant(terms.clock, calendar, pauses, openedMs, terms.targetMinutes * MINUTE_MS);
  let state: SlaState;
  if (completed) state = due === null || completed.getTime() <= due ? 'met' : 'breached';
  else state = due !== null && asOfMs > due ? 'breached' : 'pending';
  return { dueMs: due, completed, state, pauses, stopMs };
}

/** One target (first response or resolution): `targetDue` plus the clock time used so far. */
export function evaluateTarget(
  timeline: TicketTimeline,
  terms: { clock: SlaClock; targetMinutes: number },
  calendar: BusinessCalendar,
  completedAt: Date | null,
  asOf: Date,
): SlaTargetOutcome {
  const { dueMs, completed, state, pauses, stopMs } = targetDue(timeline, terms, calendar, completedAt, asOf);
  const targetMs = terms.targetMinutes * MINUTE_MS;
  const elapsedMs = runningTimeMs(terms.clock, calendar, pauses, timeline.openedAt.getTime(), stopMs);
  return {
    targetMinutes: terms.targetMinutes,
    dueAt: dueMs === null ? null : new Date(dueMs),
    completedAt: completed,
    state,
    elapsedMinutes: round(elapsedMs / MINUTE_MS, 2),
    targetUsedPct: round((elapsedMs / targetMs) * 100, 2),
  };
}

/** The first response, or the resolution of a ticket resolved without a recorded one. */
export function respondedAtOf(timeline: TicketTimeline): Date | null {
  return timeline.firstResponseAt ?? timeline.resolvedAt;
}

/** The ticket waits (on the customer, or in a resolved status without a resolution time) at `asOf`, so its clocks stand still. */
export function isPausedAt(timeline: TicketTimeline, asOf: Date): boolean {
  const resolvedByAsOf = timeline.resolvedAt !== null && timeline.resolvedAt.getTime() <= asOf.getTime();
  return !resolvedByAsOf && asOf.getTime() >= timeline.openedAt.getTime() && !isClockRunning(statusAt(timeline, asOf.getTime()));
}

/**
 * Both SLA targets of a ticket as of an instant. A ticket resolved without a recorded first
 * response counts its resolution as the response.
 */
export function evaluateTicketSla(timeline: TicketTimeline, terms: SlaTerms, calendar: BusinessCalendar, asOf: Date): TicketSlaOutcome {
  const resolvedAt = timeline.resolvedAt;
  const respondedAt = respondedAtOf(timeline);
  return {
    paused: isPausedAt(timeline, asOf),
    firstResponse: evaluateTarget(timeline, { clock: terms.clock, targetMinutes: terms.firstResponseMinutes }, calendar, respondedAt, asOf),
    resolution: evaluateTarget(timeline, { clock: terms.clock, targetMinutes: terms.resolutionMinutes }, calendar, resolvedAt, asOf),
  };
}

export interface StateCounts {
  met: number;
  breached: number;
  pending: number;
  /** met / (met + breached) in percent, one decimal; null when nothing has been decided yet. */
  attainmentPct: number | null;
}

export interface SeverityAttainment {
  severity: TicketSeverity;
  tickets: number;
  firstResponse: StateCounts;
  resolution: StateCounts;
}

export interface SlaAttainment {
  bySeverity: SeverityAttainment[];
  total: Omit<SeverityAttainment, 'severity'>;
}

function emptyCounts(): StateCounts {
  return { met: 0, breached: 0, pending: 0, attainmentPct: null };
}

function finish(counts: StateCounts): StateCounts {
  const decided = counts.met + counts.breached;
  return { ...counts, attainmentPct: decided === 0 ? null : round((counts.met / decided) * 100, 1) };
}

/** Attainment by severity (every severity listed, even without tickets) and in total. */
export function slaAttainment(outcomes: { severity: TicketSeverity; firstResponse: SlaState; resolution: SlaState }[]): SlaAttainment {
  const bySeverity = new Map<TicketSeverity, { tickets: number; firstResponse: StateCounts; resolution: StateCounts }>(
    TICKET_SEVERITIES.map((severity) => [severity, { tickets: 0, firstResponse: emptyCounts(), resolution: emptyCounts() }]),
  );
  const total = { tickets: 0, firstResponse: emptyCounts(), resolution: emptyCounts() };
  for (const outcome of outcomes) {
    for (const bucket of [bySeverity.get(outcome.severity)!, total]) {
      bucket.tickets += 1;
      bucket.firstResponse[outcome.firstResponse] += 1;
      bucket.resolution[outcome.resolution] += 1;
    }
  }
  return {
    bySeverity: TICKET_SEVERITIES.map((severity) => {
      const bucket = bySeverity.get(severity)!;
      return { severity, tickets: bucket.tickets, firstResponse: finish(bucket.firstResponse), resolution: finish(bucket.resolution) };
    }),
    total: { tickets: total.tickets, firstResponse: finish(total.firstResponse), resolution: finish(total.resolution) },
  };
}
