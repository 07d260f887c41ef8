import type { BusinessCalendar, OpeningHours, SlaClock } from './sla-clock';
import type { TicketSeverity } from './ticket-sla';

/**
 * Which SLA policy and which calendar govern a ticket, and the defaults the migration seeds.
 * Targets are minutes of the policy's clock: wall-clock minutes for 24x7, minutes inside the
 * calendar's business hours otherwise. "One business day" is 480 business minutes (8 business
 * hours: the default calendar's 09:00–17:00 working day).
 */

export const BUSINESS_HOUR_MINUTES = 60;
export const BUSINESS_DAY_MINUTES = 8 * BUSINESS_HOUR_MINUTES;

/** The plan of last resort: accounts without a plan, whose segment names none, fall back to it. */
export const FALLBACK_SUPPORT_PLAN = 'standard';
/** The calendar of regions that have none of their own. */
export const DEFAULT_CALENDAR_REGION = 'default';

export interface SlaPolicy {
  supportPlan: string;
  severity: TicketSeverity;
  clock: SlaClock;
  firstResponseMinutes: number;
  resolutionMinutes: number;
}

export type PolicySource = 'account' | 'segment' | 'fallback';

export interface ResolvedPolicy {
  policy: SlaPolicy;
  /** The plan whose policy applies. */
  supportPlan: string;
  /** Where the plan came from: the account's own plan, its segment's default, or the fallback plan. */
  source: PolicySource;
}

export interface PolicyBook {
  /** By `plan|severity`. */
  policies: Map<string, SlaPolicy>;
  /** Segment key → support plan. */
  segmentPlans: Map<string, string>;
}

/** Plans are matched case- and space-insensitively; accounts hold the plan as free text. */
export function normalisePlan(plan: string | null | undefined): string | null {
  const normalised = plan?.trim().toLowerCase();
  return normalised ? normalised : null;
}

export function policyKey(plan: string, severity: TicketSeverity): string {
  return `${plan}|${severity}`;
}

export function policyBook(policies: SlaPolicy[], segmentPlans: { segment: string; supportPlan: string }[]): PolicyBook {
  return {
    policies: new Map(policies.map((policy) => [policyKey(policy.supportPlan, policy.severity), policy])),
    segmentPlans: new Map(segmentPlans.map((entry) => [entry.segment, entry.supportPlan])),
  };
}

/**
 * The policy of a ticket: the account's plan when it has a policy for the severity, else the plan
 * its segment defaults to, else the fallback plan. Null only when even the fallback has no policy.
 */
export function resolvePolicy(book: PolicyBook, accountPlan: string | null, segment: string | null, severity: TicketSeverity): ResolvedPolicy | null {
  const candidates: [string | null, PolicySource][] = [
    [normalisePlan(accountPlan), 'account'],
    [segment === null ? null : normalisePlan(book.segmentPlans.get(segment)), 'segment'],
    [FALLBACK_SUPPORT_PLAN, 'fallback'],
  ];
  for (const [plan, source] of candidates) {
    if (plan === null) continue;
    const policy = book.policies.get(policyKey(plan, severity));
    if (policy) return { policy, supportPlan: plan, source };
  }
  return null;
}

export interface RegionCalendar extends BusinessCalendar {
  region: string;
  /** Local days the region's schools are closed: not a business-hours matter, but the usage drop check skips them. */
  schoolHolidays: string[];
}

/** Used only if the seeded default calendar is missing: Monday to Friday, 09:00–17:00 UTC. */
export const BUILT_IN_DEFAULT_CALENDAR: RegionCalendar = {
  region: DEFAULT_CALENDAR_REGION,
  timeZone: 'UTC',
  weeklyHours: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, openMinute: 9 * 60, closeMinute: 17 * 60 })),
  holidays: [],
  schoolHolidays: [],
};

/** The calendar of the account's region (matched case-insensitively), else the default calendar. */
export function resolveCalendar(calendars: Map<string, RegionCalendar>, region: string | null): RegionCalendar {
  const key = region?.trim().toLowerCase();
  return (key ? calendars.get(key) : undefined) ?? calendars.get(DEFAULT_CALENDAR_REGION) ?? BUILT_IN_DEFAULT_CALENDAR;
}

/** Region (or null) to the holidays and school holidays of its calendar, resolved as `resolveCalendar` does. */
export type HolidayLookup = (region: string | null) => ReadonlySet<string>;

/** Each calendar's holidays and school holidays as one set, shared by every account of its regions: what the usage drop check skips. */
export function holidayLookup(calendars: Map<string, RegionCalendar>): HolidayLookup {
  const sets = new Map<RegionCalendar, ReadonlySet<string>>();
  return (region) => {
    const calendar = resolveCalendar(calendars, region);
    let holidays = sets.get(calendar);
    if (!holidays) sets.set(calendar, (holidays = new Set([...calendar.holidays, ...calendar.schoolHolidays])));
    return holidays;
  };
}

export const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Opening hours as the API writes them: a weekday and local `HH:MM` times (close may be `24:00`). */
export interface WeeklyHoursEntry {
  day: Weekday;
  open: string;
  close: string;
}

export const TIME_OF_DAY_PATTERN = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;

export function minutesOfDay(time: string): number {
  const [hours, minutes] = time.split(':').map(Number);
  return hours * 60 + minutes;
}

export function timeOfDay(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

export function toOpeningHours(entry: WeeklyHoursEntry): OpeningHours {
  return { weekday: WEEKDAYS.indexOf(entry.day), openMinute: minutesOfDay(entry.open), closeMinute: minutesOfDay(entry.close) };
}

/** Monday first, as people read a week. */
export function toWeeklyHoursEntries(hours: OpeningHours[]): WeeklyHoursEntry[] {
  const order = (weekday: number) => (weekday + 6) % 7;
  return [...hours]
    .sort((a, b) => order(a.weekday) - order(b.weekday) || a.openMinute - b.openMinute)
    .map((entry) => ({ day: WEEKDAYS[entry.weekday], open: timeOfDay(entry.openMinute), close: timeOfDay(entry.closeMinute) }));
}

/** Problems with a calendar's weekly hours, by index: empty or reversed intervals, overlaps on one day, no hours at all. */
export function weeklyHoursErrors(entries: WeeklyHoursEntry[]): { index: number | null; field: 'open' | 'close' | null; message: string }[] {
  const errors: { index: number | null; field: 'open' | 'close' | null; message: string }[] = [];
  if (entries.length === 0) errors.push({ index: null, field: null, message: 'a calendar needs at least one opening interval' });
  const hours = entries.map(toOpeningHours);
  hours.forEach((entry, index) => {
    if (entry.closeMinute <= entry.openMinute) errors.push({ index, field: 'close', message: 'close must be after open' });
  });
  for (let index = 0; index < hours.length; index += 1) {
    for (let other = 0; other < index; other += 1) {
      const a = hours[index];
      const b = hours[other];
      if (a.weekday === b.weekday && a.openMinute < b.closeMinute && b.openMinute < a.closeMinute && a.closeMinute > a.openMinute && b.closeMinute > b.openMinute) {
        errors.push({ index, field: 'open', message: `overlaps the ${entries[other].day} interval ${entries[other].open}–${entries[other].close}` });
      }
    }
  }
  return errors;
}

/** The first-response and resolution targets seeded for each plan (README lists them too). */
export const DEFAULT_SLA_POLICIES: SlaPolicy[] = [
  { supportPlan: 'enterprise', severity: 'P1', clock: '24x7', firstResponseMinutes: 5, resolutionMinutes: 4 * 60 },
  { supportPlan: 'enterprise', severity: 'P2', clock: '24x7', firstResponseMinutes: 30, resolutionMinutes: 8 * 60 },
  { supportPlan: 'enterprise', severity: 'P3', clock: 'business_hours', firstResponseMinutes: 2 * BUSINESS_HOUR_MINUTES, resolutionMinutes: 3 * BUSINESS_DAY_MINUTES },
  { supportPlan: 'enterprise', severity: 'P4', clock: 'business_hours', firstResponseMinutes: BUSINESS_DAY_MINUTES, resolutionMinutes: 5 * BUSINESS_DAY_MINUTES },
  { supportPlan: 'professional', severity: 'P1', clock: '24x7', firstResponseMinutes: 30, resolutionMinutes: 8 * 60 },
  { supportPlan: 'professional', severity: 'P2', clock: '24x7', firstResponseMinutes: 2 * 60, resolutionMinutes: 24 * 60 },
  { supportPlan: 'professional', severity: 'P3', clock: 'business_hours', firstResponseMinutes: 4 * BUSINESS_HOUR_MINUTES, resolutionMinutes: 5 * BUSINESS_DAY_MINUTES },
  { supportPlan: 'professional', severity: 'P4', clock: 'business_hours', firstResponseMinutes: BUSINESS_DAY_MINUTES, resolutionMinutes: 10 * BUSINESS_DAY_MINUTES },
  { supportPlan: 'standard', severity: 'P1', clock: '24x7', firstResponseMinutes: 60, resolutionMinutes: 24 * 60 },
  { supportPlan: 'standard', severity: 'P2', clock: '24x7', firstResponseMinutes: 4 * 60, resolutionMinutes: 72 * 60 },
  { supportPlan: 'standard', severity: 'P3', clock: 'business_hours', firstResponseMinutes: 8 * BUSINESS_HOUR_MINUTES, resolutionMinutes: 10 * BUSINESS_DAY_MINUTES },
  { supportPlan: 'standard', severity: 'P4', clock: 'business_hours', firstResponseMinutes: 2 * BUSINESS_DAY_MINUTES, resolutionMinutes: 20 * BUSINESS_DAY_MINUTES },
];

/** Seeded segment defaults: the plan an account gets when its own support_plan is unset or has no policy. */
export const DEFAULT_SEGMENT_PLANS: { segment: string; supportPlan: string }[] = [
  { segment: 'startup', supportPlan: 'standard' },
  { segment: 'growth', supportPlan: 'professional' },
  { segment: 'enterprise', supportPlan: 'enterprise' },
  { segment: 'strategic', supportPlan: 'enterprise' },
];
