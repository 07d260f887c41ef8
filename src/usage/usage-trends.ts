/**
 * Pure trend maths on one metric's daily series, as of a day: window totals by the metric's rule,
 * windows against the ones just before them, least-squares slopes, the overnight-drop check, and
 * pay-as-you-go run-rates against their peak.
 * No Nest or TypeORM here; the repository supplies the days, the health score reuses these.
 *
 * Days without a row are missing, never zero: a pipeline reports a day without usage as a 0 row.
 */
import type { MetricAggregation } from '../catalog/metric.entity';
import type { UsageWindowAggregate } from './usage-signals.repository';
import { addDays } from './usage-row';

export interface DailyValue {
  day: string;
  value: number;
  /** Ratio metrics: the day's denominator. */
  weight: number | null;
}

export interface TrendWindow {
  /** Window length in days (7, 28, 90). */
  days: number;
  currentFrom: string;
  currentTo: string;
  /** The window rolled up by the metric's rule; null without data. */
  current: number | null;
  /** Days with data in the current window. */
  currentDays: number;
  previousFrom: string;
  previousTo: string;
  previous: number | null;
  previousDays: number;
  /** (current - previous) / |previous| * 100; null when either is missing or previous is 0. */
  changePct: number | null;
  /** Least-squares slope of the current window's daily values, per day; null with fewer than 2 days. */
  slopePerDay: number | null;
}

export interface DropDay {
  day: string;
  value: number | null;
  /** Median of the same weekday in the 8 weeks before. */
  baselineMedian: number | null;
  /** Same weekdays with data among those 8, holidays left out. */
  baselineDays: number;
  below: boolean;
  /** A holiday in the account's calendar: a dip that day is expected, so it is not judged. */
  holiday: boolean;
}

export interface MetricTrend {
  windows: TrendWindow[];
  /** The last two days both fell below half of the median of their weekday over the 8 weeks before. */
  dropped: boolean;
  dropDays: DropDay[];
}

export const TREND_WINDOW_DAYS = [7, 28, 90] as const;
/** The trend needs this many days up to asOf (the longest window and the one before it). */
export const TREND_HISTORY_DAYS = 2 * Math.max(...TREND_WINDOW_DAYS);

export const DROP_RULE = {
  /** The last days that must all have fallen. */
  lastDays: 2,
  /** Same weekdays looked back on. */
  weeks: 8,
  /** Below this share of the median counts as fallen. */
  fraction: 0.5,
  /** Fewer same weekdays with data than this (of 8) says nothing. */
  minBaselineDays: 4,
};

/** Rolls days up by a metric's rule: sum, avg, max, last (latest day), ratio (sum(value * weight) / sum(weight)). Null for no days. */
export function aggregateDays(days: readonly DailyValue[], aggregation: MetricAggregation): number | null {
  if (days.length === 0) return null;
  switch (aggregation) {
    case 'sum':
      return days.reduce((total, day) => total + day.value, 0);
    case 'avg':
      return days.reduce((total, day) => total + day.value, 0) / days.length;
    case 'max':
      return days.reduce((max, day) => Math.max(max, day.value), Number.NEGATIVE_INFINITY);
    case 'last':
      return days.reduce((latest, day) => (day.day > latest.day ? day : latest)).value;
    case 'ratio': {
      let numerator = 0;
      let denominator = 0;
      for (const day of days) {
        if (day.weight === null) continue;
        numerator += day.value * day.weight;
        denominator += day.weight;
      }
      return denominator > 0 ? numerator / denominator : null;
    }
  }
}

/** A window aggregated in SQL (`UsageSignalsRepository.windows`) rolled up by the metric's rule, as `aggregateDays` rolls up days. Null without data. */
export function rollUpWindow(window: UsageWindowAggregate, aggregation: MetricAggregation): number | null {
  if (window.days === 0) return null;
  switch (aggregation) {
    case 'sum':
      return window.sum;
    case 'avg':
      return window.sum === null ? null : window.sum / window.days;
    case 'max':
      return window.max;
    case 'last':
      return window.last;
    case 'ratio':
      return window.weight !== null && window.weight > 0 && window.weightedSum !== null ? window.weightedSum / window.weight : null;
  }
}

export function percentChange(current: number | null, previous: number | null): number | null {
  if (current === null || previous === null || previous === 0) return null;
  return ((current - previous) / Math.abs(previous)) * 100;
}

/** Ordinary least-squares slope of y over x; null with fewer than two distinct x. */
export function leastSquaresSlope(points: readonly { x: number; y: number }[]): number | null {
  if (points.length < 2) return null;
  const meanX = points.reduce((sum, point) => sum + point.x, 0) / points.length;
  const meanY = points.reduce((sum, point) => sum + point.y, 0) / points.length;
  let covariance = 0;
  let variance = 0;
  for (const point of points) {
    covariance += (point.x - meanX) * (point.y - meanY);
    variance += (point.x - meanX) ** 2;
  }
  return variance === 0 ? null : covariance / variance;
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Whole days from `from` to `to` (both `YYYY-MM-DD`). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

function within(series: readonly DailyValue[], from: string, to: string): DailyValue[] {
  return series.filter((day) => day.day >= from && day.day <= to);
}

/** The window of `length` days ending on asOf against the `length` days just before it (same weekdays when length is a multiple of 7). */
export function compareWindow(series: readonly DailyValue[], aggregation: MetricAggregation, asOf: string, length: number): TrendWindow {
  const currentFrom = addDays(asOf, -(length - 1));
  const previousTo = addDays(currentFrom, -1);
  const previousFrom = addDays(previousTo, -(length - 1));
  const currentDays = within(series, currentFrom, asOf);
  const previousDays = within(series, previousFrom, previousTo);
  const current = aggregateDays(currentDays, aggregation);
  const previous = aggregateDays(previousDays, aggregation);
  return {
    days: length,
    currentFrom,
    currentTo: asOf,
    current,
    currentDays: currentDays.length,
    previousFrom,
    previousTo,
    previous,
    previousDays: previousDays.length,
    changePct: percentChange(current, previous),
    slopePerDay: leastSquaresSlope(currentDays.map((day) => ({ x: daysBetween(currentFrom, day.day), y: day.value }))),
  };
}

/** For callers without a calendar: every day is judged. */
export const NO_HOLIDAYS: ReadonlySet<string> = new Set();

/**
 * One day against the median of the same weekday over the 8 weeks before it, as the overnight drop
 * judges it: below when under half of that median, with at least 4 of those weekdays known and a
 * positive median. Holidays (the public and school holidays of the account's region calendar) are
 * never below and never part of another day's baseline, so a holiday neither raises an alert nor
 * hides the next one.
 */
export function judgeDropDay(values: ReadonlyMap<string, number>, day: string, holidays: ReadonlySet<string> = NO_HOLIDAYS, rule = DROP_RULE): DropDay {
  const value = values.get(day) ?? null;
  const holiday = holidays.has(day);
  const baseline: number[] = [];
  for (let week = 1; week <= rule.weeks; week += 1) {
    const earlierDay = addDays(day, -7 * week);
    const earlier = values.get(earlierDay);
    if (earlier !== undefined && !holidays.has(earlierDay)) baseline.push(earlier);
  }
  const baselineMedian = median(baseline);
  const below = !holiday && value !== null && baseline.length >= rule.minBaselineDays && baselineMedian !== null && baselineMedian > 0 && value < rule.fraction * baselineMedian;
  return { day, value, baselineMedian, baselineDays: baseline.length, below, holiday };
}

/**
 * The overnight drop: each of the last two days (asOf and the day before) fell, as `judgeDropDay`
 * says. A missing last day is not a drop (the data may not be in yet), nor is a holiday.
 */
export function overnightDrop(series: readonly DailyValue[], asOf: string, holidays: ReadonlySet<string> = NO_HOLIDAYS, rule = DROP_RULE): { dropped: boolean; dropDays: DropDay[] } {
  const byDay = new Map(series.map((day) => [day.day, day.value]));
  const dropDays: DropDay[] = [];
  for (let back = rule.lastDays - 1; back >= 0; back -= 1) dropDays.push(judgeDropDay(byDay, addDays(asOf, -back), holidays, rule));
  return { dropped: dropDays.every((day) => day.below), dropDays };
}

/** Everything the trends read says about one metric as of a day; `series` may hold any days (others are ignored). */
export function metricTrend(series: readonly DailyValue[], aggregation: MetricAggregation, asOf: string, holidays: ReadonlySet<string> = NO_HOLIDAYS): MetricTrend {
  const relevant = within(series, addDays(asOf, -(TREND_HISTORY_DAYS - 1)), asOf);
  return {
    windows: TREND_WINDOW_DAYS.map((length) => compareWindow(relevant, aggregation, asOf, length)),
    ...overnightDrop(relevant, asOf, holidays),
  };
}

/** Days a run-rate sums, and the span its peak is looked for in (both ending on the end day). */
export const RUN_RATE_WINDOW_DAYS = 28;
export const RUN_RATE_SPAN_DAYS = 90;

/**
 * A pay-as-you-go run-rate from one account's days (offsets from the end day, ascending, ≤ 0, and
 * their values): the sum of the 28 days ending on the end day (0 without a row that day), and the
 * highest such sum ending on a reported day whose 28 days lie inside the span (0 when none does).
 * Each window is summed afresh, in day order, so no rounding drifts along the span.
 */
export function runRateOf(offsets: readonly number[], values: readonly number[]): { runRate: number; peakRunRate: number } {
  let runRate = 0;
  let peakRunRate: number | null = null;
  let start = 0;
  for (let end = 0; end < offsets.length; end += 1) {
    while (offsets[start] < offsets[end] - (RUN_RATE_WINDOW_DAYS - 1)) start += 1;
    if (offsets[end] < RUN_RATE_WINDOW_DAYS - RUN_RATE_SPAN_DAYS) continue;
    let sum = 0;
    for (let index = start; index <= end; index += 1) sum += values[index];
    if (peakRunRate === null || sum > peakRunRate) peakRunRate = sum;
    if (offsets[end] === 0) runRate = sum;
  }
  return { runRate, peakRunRate: peakRunRate ?? 0 };
}
