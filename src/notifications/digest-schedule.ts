/**
 * When a manager's daily digest is due. Pure.
 *
 * The digest goes out on business days (Monday to Friday in the manager's own zone) on the first
 * reminders run at or after the digest hour, local time. The local date names the digest, so each
 * manager gets at most one per local day whatever the number of runs, instances or DST shifts: a
 * day of 23 or 25 hours still has one 09:00 and one date.
 */
import { addDays } from '../common/calendar-day';

export { addDays };

export interface LocalTime {
  /** `YYYY-MM-DD` in the zone. */
  date: string;
  /** 1 = Monday … 7 = Sunday. */
  isoWeekday: number;
  hour: number;
  minute: number;
}

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

export function localTimeIn(instant: Date, timeZone: string): LocalTime {
  const parts = Object.fromEntries(formatterFor(timeZone).formatToParts(instant).map((part) => [part.type, part.value]));
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    isoWeekday: WEEKDAYS[parts.weekday],
    hour: Number(parts.hour) % 24,
    minute: Number(parts.minute),
  };
}

export function isBusinessDay(local: LocalTime): boolean {
  return local.isoWeekday <= 5;
}

/** The local date whose digest is due now, or null (weekend, or before the digest hour). */
export function dueDigestDate(instant: Date, timeZone: string, digestHour: number): string | null {
  const local = localTimeIn(instant, timeZone);
  if (!isBusinessDay(local) || local.hour < digestHour) return null;
  return local.date;
}

/** Whole days from `from` to `to` (both `YYYY-MM-DD`); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

