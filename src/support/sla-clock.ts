import { dateToDayNumber, localTimeToInstant, weekdayOf } from './zoned-time';

/**
 * SLA clock maths: how much clock time runs between two instants, and when a target is used up.
 * A `24x7` clock always runs; a `business_hours` clock runs only inside the calendar's weekly hours,
 * outside its holidays, in the calendar's time zone. Either clock stops while the ticket is paused
 * (waiting on the customer). All instants are epoch milliseconds; intervals are half-open [start, end).
 */

export const SLA_CLOCKS = ['24x7', 'business_hours'] as const;
export type SlaClock = (typeof SLA_CLOCKS)[number];

export interface OpeningHours {
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
  /** Minutes after local midnight, 0–1439. */
  openMinute: number;
  /** Minutes after local midnight, after openMinute, up to 1440 (midnight at the end of the day). */
  closeMinute: number;
}

export interface BusinessCalendar {
  timeZone: string;
  weeklyHours: OpeningHours[];
  /** Local days (`YYYY-MM-DD`) when the calendar is closed all day. */
  holidays: string[];
}

export interface Interval {
  start: number;
  end: number;
}

/** How far ahead the clock looks for business hours before it gives up (a calendar that never opens). */
export const HORIZON_DAYS = 366 * 5;

const DAY_MS = 86_400_000;

/** A calendar prepared for walking: hours grouped by weekday and holidays as day numbers. */
interface PreparedCalendar {
  timeZone: string;
  byWeekday: OpeningHours[][];
  holidays: Set<number>;
}

const prepared = new WeakMap<BusinessCalendar, PreparedCalendar>();

function prepare(calendar: BusinessCalendar): PreparedCalendar {
  let ready = prepared.get(calendar);
  if (!ready) {
    const byWeekday: OpeningHours[][] = [[], [], [], [], [], [], []];
    for (const hours of calendar.weeklyHours) byWeekday[hours.weekday].push(hours);
    for (const day of byWeekday) day.sort((a, b) => a.openMinute - b.openMinute);
    ready = { timeZone: calendar.timeZone, byWeekday, holidays: new Set(calendar.holidays.map(dateToDayNumber)) };
    prepared.set(calendar, ready);
  }
  return ready;
}

/**
 * The calendar's open intervals that end after `fromMs`, in order, clipped to start no earlier than
 * it; up to `untilMs` when given (a day past it), else for the horizon.
 */
export function* businessIntervals(calendar: BusinessCalendar, fromMs: number, untilMs?: number): Generator<Interval> {
  const ready = prepare(calendar);
  // Zone offsets lie within ±14 h, so the UTC day ±2 brackets the local day without asking Intl
  // for the offset (the costliest step of a walk); intervals ending before fromMs are skipped below.
  const firstDay = Math.floor(fromMs / DAY_MS) - 2;
  const lastDay = untilMs === undefined ? firstDay + 2 + HORIZON_DAYS : Math.floor(untilMs / DAY_MS) + 2;
  for (let day = firstDay; day <= lastDay; day += 1) {
    if (ready.holidays.has(day)) continue;
    for (const hours of ready.byWeekday[weekdayOf(day)]) {
      const start = localTimeToInstant(day, hours.openMinute, ready.timeZone);
      const end = localTimeToInstant(day, hours.closeMinute, ready.timeZone);
      if (end <= fromMs || end <= start) continue;
      yield { start: Math.max(start, fromMs), end };
    }
  }
}

/** When the clock may run, from `fromMs` on: always for 24x7, the business hours otherwise. */
function* clockIntervals(clock: SlaClock, calendar: BusinessCalendar, fromMs: number, untilMs?: number): Generator<Interval> {
  if (clock === '24x7') {
    yield { start: fromMs, end: Number.POSITIVE_INFINITY };
    return;
  }
  yield* businessIntervals(calendar, fromMs, untilMs);
}

/** Sorts and merges pauses so the walker can subtract them in one pass. */
export function mergeIntervals(intervals: Interval[]): Interval[] {
  const sorted = intervals.filter((interval) => interval.end > interval.start).sort((a, b) => a.start - b.start);
  const merged: Interval[] = [];
  for (const interval of sorted) {
    const last = merged[merged.length - 1];
    if (last && interval.start <= last.end) last.end = Math.max(last.end, interval.end);
    else merged.push({ ...interval });
  }
  return merged;
}

/** The intervals in which the clock runs from `fromMs`: clock intervals minus the (merged) pauses. */
export function* runningIntervals(clock: SlaClock, calendar: BusinessCalendar, pauses: Interval[], fromMs: number, untilMs?: number): Generator<Interval> {
  const merged = mergeIntervals(pauses);
  let next = 0;
  for (const open of clockIntervals(clock, calendar, fromMs, untilMs)) {
    let start = open.start;
    while (next < merged.length && merged[next].end <= start) next += 1;
    let index = next;
    while (start < open.end) {
      const pause = merged[index];
      if (!pause || pause.start >= open.end) {
        yield { start, end: open.end };
        break;
      }
      if (pause.start > start) yield { start, end: pause.start };
      start = Math.max(start, pause.end);
      index += 1;
    }
  }
}

/** Clock time (milliseconds) that runs in [fromMs, toMs). */
export function runningTimeMs(clock: SlaClock, calendar: BusinessCalendar, pauses: Interval[], fromMs: number, toMs: number): number {
  if (toMs <= fromMs) return 0;
  let total = 0;
  for (const interval of runningIntervals(clock, calendar, pauses, fromMs, toMs)) {
    if (interval.start >= toMs) break;
    total += Math.min(interval.end, toMs) - interval.start;
  }
  return total;
}

/**
 * The earliest instant by which `targetMs` of clock time has run since `fromMs`, or null when the
 * clock never runs that long within the horizon. A target used up exactly at closing time is due at
 * closing time, not at the next opening.
 */
export function dueInstant(clock: SlaClock, calendar: BusinessCalendar, pauses: Interval[], fromMs: number, targetMs: number): number | null {
  if (targetMs <= 0) return fromMs;
  let remaining = targetMs;
  // The horizon counts from the end of the last pause, so a long pause cannot hide a due time.
  const resumesBy = pauses.reduce((latest, pause) => Math.max(latest, pause.end), fromMs);
  const horizon = resumesBy + (HORIZON_DAYS + 2) * DAY_MS;
  for (const interval of runningIntervals(clock, calendar, pauses, fromMs, horizon)) {
    if (interval.start > horizon) return null;
    const length = interval.end - interval.start;
    if (remaining <= length) return interval.start + remaining;
    remaining -= length;
  }
  return null;
}
