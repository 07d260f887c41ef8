/** Calendar days (`YYYY-MM-DD`) as the API and the tables carry them. Pure. */

const DAY_MS = 86_400_000;
/** Past this many entries a cache starts over: health runs and alert rules reuse a few hundred days, so memory stays bounded. */
const MAX_CACHED_DAYS = 20_000;
const dayNumbers = new Map<string, number>();
const dayStrings = new Map<number, string>();

/**
 * Days since 1970-01-01 of a `YYYY-MM-DD` day (out-of-range parts roll over as `Date.UTC` does).
 * Health runs and alert rules do calendar arithmetic millions of times on a few hundred distinct
 * days, so both directions are cached instead of building a `Date` each time.
 */
export function dayNumberOf(day: string): number {
  let number = dayNumbers.get(day);
  if (number === undefined) {
    const [year, month, date] = day.split('-').map(Number);
    number = Math.floor(Date.UTC(year, month - 1, date) / DAY_MS);
    if (dayNumbers.size >= MAX_CACHED_DAYS) dayNumbers.clear();
    dayNumbers.set(day, number);
  }
  return number;
}

/** The `YYYY-MM-DD` day of a day number (days since 1970-01-01). */
export function dayOfNumber(number: number): string {
  let day = dayStrings.get(number);
  if (day === undefined) {
    day = new Date(number * DAY_MS).toISOString().slice(0, 10);
    if (dayStrings.size >= MAX_CACHED_DAYS) dayStrings.clear();
    dayStrings.set(number, day);
  }
  return day;
}

/** The day `days` after `day` (negative: before), in calendar arithmetic: no time zone is involved. */
export function addDays(day: string, days: number): string {
  return dayOfNumber(dayNumberOf(day) + days);
}
