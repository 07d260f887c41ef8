import { PolicyBook, policyBook, PolicySource, RegionCalendar, resolveCalendar, ResolvedPolicy, resolvePolicy, SlaPolicy, toOpeningHours, WeeklyHoursEntry } from './sla-policy-rules';
import type { SlaClock } from './sla-clock';
import { evaluateTicketSla, SlaTargetOutcome, TicketSeverity, TicketStatus, TicketTimeline } from './ticket-sla';

/** The configuration a batch of tickets is judged against, loaded once per request. */
export interface SlaContext {
  book: PolicyBook;
  /** By region key. */
  calendars: Map<string, RegionCalendar>;
}

/** What a ticket's SLA is computed from, as stored. */
export interface TicketSlaInput {
  severity: TicketSeverity;
  supportPlan: string | null;
  segment: string | null;
  region: string | null;
  openedAt: Date;
  firstResponseAt: Date | null;
  resolvedAt: Date | null;
  statusHistory: { status: TicketStatus; at: string }[];
}

export interface TicketSlaView {
  supportPlan: string;
  policySource: PolicySource;
  clock: SlaClock;
  calendarRegion: string;
  asOf: Date;
  paused: boolean;
  firstResponse: SlaTargetOutcome;
  resolution: SlaTargetOutcome;
}

/** What chooses a ticket's SLA policy and calendar, for a ticket about to be written. */
export interface TicketSlaAccount {
  supportPlan: string | null;
  segment: string | null;
  region: string | null;
}

/** An account's current plan, segment and region, and its history versions newest first. */
export interface SlaAccountHistory {
  current: TicketSlaAccount;
  history: { validFromMs: number; validToMs: number | null; supportPlan: string | null; segment: string | null }[];
}

/**
 * What a ticket opened at `openedAtMs` is judged by: the plan and segment of the history version in
 * force then (the current ones for tickets older than the history), and the current region — the
 * same choice as the SQL of TICKET_SELECT in ticket.repository.ts.
 */
export function slaAccountAt(account: SlaAccountHistory, openedAtMs: number): TicketSlaAccount {
  const version = account.history.find((entry) => entry.validFromMs <= openedAtMs && (entry.validToMs === null || entry.validToMs > openedAtMs));
  if (!version) return account.current;
  return { supportPlan: version.supportPlan, segment: version.segment ?? account.current.segment, region: account.current.region };
}

/** What a regional calendar reads as once stored (weekly hours as local `HH:MM` strings). */
export interface StoredCalendar {
  region: string;
  timeZone: string;
  weeklyHours: WeeklyHoursEntry[];
  holidays: string[];
  schoolHolidays: string[];
}

export function toRegionCalendar(calendar: StoredCalendar): RegionCalendar {
  return { region: calendar.region, timeZone: calendar.timeZone, weeklyHours: calendar.weeklyHours.map(toOpeningHours), holidays: calendar.holidays, schoolHolidays: calendar.schoolHolidays };
}

/** The context tickets are judged against, from the stored policies, segment defaults and calendars. */
export function slaContextOf(policies: SlaPolicy[], segmentPlans: { segment: string; supportPlan: string }[], calendars: StoredCalendar[]): SlaContext {
  return {
    book: policyBook(policies, segmentPlans),
    calendars: regionCalendars(calendars),
  };
}

/** The stored calendars by region key. */
export function regionCalendars(calendars: StoredCalendar[]): Map<string, RegionCalendar> {
  return new Map(calendars.map((calendar): [string, RegionCalendar] => [calendar.region, toRegionCalendar(calendar)]));
}

/** The policy (and where its plan came from) and the calendar a ticket is judged by; null when no policy applies. */
export function ticketSlaTerms(ticket: TicketSlaInput, context: SlaContext): { resolved: ResolvedPolicy; calendar: RegionCalendar } | null {
  const resolved = resolvePolicy(context.book, ticket.supportPlan, ticket.segment, ticket.severity);
  if (!resolved) return null;
  return { resolved, calendar: resolveCalendar(context.calendars, ticket.region) };
}

export function ticketTimeline(ticket: TicketSlaInput): TicketTimeline {
  return {
    openedAt: ticket.openedAt,
    firstResponseAt: ticket.firstResponseAt,
    resolvedAt: ticket.resolvedAt,
    statusHistory: ticket.statusHistory.map((change) => ({ status: change.status, at: new Date(change.at) })),
  };
}

/** A ticket's SLA as of an instant: its policy (plan, segment default or fallback), its region's calendar, both targets. */
export function ticketSlaView(ticket: TicketSlaInput, context: SlaContext, asOf: Date): TicketSlaView | null {
  const terms = ticketSlaTerms(ticket, context);
  if (!terms) return null;
  const { resolved, calendar } = terms;
  const outcome = evaluateTicketSla(ticketTimeline(ticket), resolved.policy, calendar, asOf);
  return {
    supportPlan: resolved.supportPlan,
    policySource: resolved.source,
    clock: resolved.policy.clock,
    calendarRegion: calendar.region,
    asOf,
    ...outcome,
  };
}
