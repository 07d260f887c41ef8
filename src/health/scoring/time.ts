/**
 * Instants and calendar days as the scoring functions take them. Nothing here reads the clock:
 * every "now" is an `asOf` handed in by the caller, so a run can be replayed for any past date.
 */

import { dayNumberOf, dayOfNumber } from '../../common/calendar-day';

/** An instant as a `Date` (what node-pg returns for timestamptz) or an ISO-8601 string. */
export type Instant = Date | string;

const DAY_MS = 86_400_000;
const CALENDAR_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Milliseconds since the epoch; a bare `YYYY-MM-DD` day counts from its UTC midnight. */
export function toMillis(instant: Instant): number {
  if (instant instanceof Date) return instant.getTime();
  // Calendar days are most of what scoring compares (last-seen days): cached day arithmetic, no Date.
  if (instant.length === 10 && CALENDAR_DAY.test(instant)) {
    const day = dayNumberOf(instant);
    // An impossible day (2027-02-30) is refused below, as Date.parse refuses it.
    if (dayOfNumber(day) === instant) return day * DAY_MS;
  }
  const millis = Date.parse(CALENDAR_DAY.test(instant) ? `${instant}T00:00:00Z` : instant);
  if (Number.isNaN(millis)) throw new RangeError(`not an ISO-8601 instant or day: ${instant}`);
  return millis;
}

/** Fractional days from `from` to `asOf` (negative when `from` lies after `asOf`). */
export function daysBetween(from: Instant, asOf: Instant): number {
  return (toMillis(asOf) - toMillis(from)) / DAY_MS;
}

/** Whole calendar days from one `YYYY-MM-DD` day to another (2027-03-01 → 2027-03-03 is 2). */
export function calendarDaysBetween(fromDay: string, toDay: string): number {
  return Math.round((toMillis(toDay) - toMillis(fromDay)) / DAY_MS);
}

/** One formatter per time zone: building an Intl formatter costs far more than using one. */
const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** The `YYYY-MM-DD` day of an instant in a time zone (UTC unless told). */
export function calendarDayOf(instant: Instant, timeZone = 'UTC'): string {
  const millis = toMillis(instant);
  if (timeZone === 'UTC') return new Date(millis).toISOString().slice(0, 10);
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(timeZone, format);
  }
  return format.format(millis);
}
