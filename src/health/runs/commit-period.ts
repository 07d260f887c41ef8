/**
 * The commit period an account is in on a day. Periods of the commit's length (month, quarter,
 * year) are anchored on the renewal date, so the last period ends the day before renewal; without
 * a renewal date they follow the calendar (months, quarters from January, years). Pure.
 */
import { addDays } from '../../common/calendar-day';

export { addDays };

export type CommitPeriodLength = 'month' | 'quarter' | 'year';

const MONTHS: Record<CommitPeriodLength, number> = { month: 1, quarter: 3, year: 12 };

function parse(day: string): { year: number; month: number; date: number } {
  const [year, month, date] = day.split('-').map(Number);
  return { year, month: month - 1, date };
}

function format(millis: number): string {
  return new Date(millis).toISOString().slice(0, 10);
}

/** The anchor day moved by whole months, clamped to the month's last day (Jan 31 + 1 month = Feb 28/29). */
export function addMonths(day: string, months: number): string {
  const { year, month, date } = parse(day);
  const target = new Date(Date.UTC(year, month + months, 1));
  const lastDate = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  return format(Date.UTC(target.getUTCFullYear(), target.getUTCMonth(), Math.min(date, lastDate)));
}

/** Accounts share a few hundred renewal dates, so a run asks for the same periods again and again. */
const MAX_CACHED_PERIODS = 10_000;
const periods = new Map<string, { start: string; end: string }>();

/** First and last day (inclusive) of the commit period containing `day`. */
export function commitPeriodOn(day: string, length: CommitPeriodLength, renewalDate: string | null): { start: string; end: string } {
  const key = `${day}|${length}|${renewalDate ?? ''}`;
  const cached = periods.get(key);
  if (cached) return { ...cached };
  const period = computeCommitPeriod(day, length, renewalDate);
  if (periods.size >= MAX_CACHED_PERIODS) periods.clear();
  periods.set(key, period);
  return { ...period };
}

function computeCommitPeriod(day: string, length: CommitPeriodLength, renewalDate: string | null): { start: string; end: string } {
  const step = MONTHS[length];
  const anchor = renewalDate ?? `${day.slice(0, 4)}-01-01`;
  const { year: ay, month: am } = parse(anchor);
  const { year: dy, month: dm } = parse(day);
  let n = Math.floor((dy * 12 + dm - (ay * 12 + am)) / step);
  while (addMonths(anchor, n * step) > day) n -= 1;
  while (addMonths(anchor, (n + 1) * step) <= day) n += 1;
  return { start: addMonths(anchor, n * step), end: addDays(addMonths(anchor, (n + 1) * step), -1) };
}
