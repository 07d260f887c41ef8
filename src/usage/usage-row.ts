/**
 * Pure rules of a usage row: the shape check run on every row of a stream (hand-written for speed,
 * answering exactly what class-validator says for `UsageRowDto`), and the checks against the
 * metric's definition and the calendar. No Nest or TypeORM here.
 */
import { isUUID, maxLength } from 'class-validator';
import { isCalendarDate } from '../accounts/account-rules';
import type { MetricAggregation } from '../catalog/metric.entity';
import type { ProblemFieldError } from '../common/problem';
import { addDays } from '../common/calendar-day';

export { addDays };

/** A row that passed the shape check. Exactly what `UsageRowDto` declares; null optional fields are dropped. */
export interface UsageRow {
  account?: string | null;
  accountExternalId?: string | null;
  appId?: string | null;
  metric: string;
  date: string;
  value: number;
  weight?: number;
}

/** What the ingest needs to know of a metric. */
export interface UsageMetricRule {
  key: string;
  aggregation: MetricAggregation;
  allowNegative: boolean;
}

const FIELDS = new Set(['account', 'accountExternalId', 'appId', 'metric', 'date', 'value', 'weight']);
const NUMBER_MESSAGE = 'must be a number conforming to the specified constraints';

const isFiniteNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/** Text fields: class-validator lists MaxLength, then IsNotEmpty, then IsString failures (decorators apply bottom-up). */
function checkText(errors: ProblemFieldError[], line: number, path: string, value: unknown, max: number, notEmpty: boolean): void {
  if (!maxLength(value, max)) errors.push({ line, path, message: `${path} must be shorter than or equal to ${max} characters` });
  if (notEmpty && (value === '' || value === null || value === undefined)) errors.push({ line, path, message: `${path} should not be empty` });
  if (typeof value !== 'string') errors.push({ line, path, message: `${path} must be a string` });
}

/**
 * Checks one raw row's shape with the paths and messages of the global validation (unknown fields
 * first, then metric, date, value, weight, account, accountExternalId, appId), without building a
 * class instance per row.
 */
export function validateUsageRow(raw: unknown, line: number): { row?: UsageRow; errors: ProblemFieldError[] } {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return { errors: [{ line, path: '', message: 'a row must be a JSON object' }] };
  const input = raw as Record<string, unknown>;
  const errors: ProblemFieldError[] = [];
  for (const key of Object.keys(input)) if (!FIELDS.has(key)) errors.push({ line, path: key, message: 'unknown field' });
  const { metric, date, value, weight, account, accountExternalId, appId } = input;
  checkText(errors, line, 'metric', metric, 100, true);
  if (!isCalendarDate(date)) errors.push({ line, path: 'date', message: 'date must be a real calendar date YYYY-MM-DD' });
  if (!isFiniteNumber(value)) errors.push({ line, path: 'value', message: `value ${NUMBER_MESSAGE}` });
  if (weight !== undefined && weight !== null && !isFiniteNumber(weight)) errors.push({ line, path: 'weight', message: `weight ${NUMBER_MESSAGE}` });
  if (account !== undefined && account !== null && !isUUID(account)) errors.push({ line, path: 'account', message: 'account must be a UUID' });
  if (accountExternalId !== undefined && accountExternalId !== null) checkText(errors, line, 'accountExternalId', accountExternalId, 200, false);
  if (appId !== undefined && appId !== null) checkText(errors, line, 'appId', appId, 200, false);
  if (errors.length > 0) return { errors };
  // The checked object itself is the row (no copy per row of a stream); null optional fields go.
  for (const key of ['weight', 'account', 'accountExternalId', 'appId'] as const) if (input[key] === null) delete input[key];
  return { row: input as unknown as UsageRow, errors };
}

/**
 * The checks a shape-valid row needs the catalog and the calendar for: a known metric, a sign the
 * metric allows, a ratio from 0 to 1 with a positive weight (and a weight on ratio metrics only),
 * and a day no later than tomorrow in the business time zone (`latestDay`). Every problem is
 * reported, each with the row's line.
 */
export function usageRowErrors(row: UsageRow, metric: UsageMetricRule | undefined, latestDay: string, line: number): ProblemFieldError[] {
  const errors: ProblemFieldError[] = [];
  if (row.date > latestDay) {
    errors.push({ line, path: 'date', message: `${row.date} is more than one day after today; the latest day accepted is ${latestDay}` });
  }
  if (!metric) {
    errors.push({ line, path: 'metric', message: `unknown metric ${JSON.stringify(row.metric)} (see GET /api/v1/metrics)` });
    return errors;
  }
  if (metric.aggregation === 'ratio') {
    if (row.value < 0 || row.value > 1) errors.push({ line, path: 'value', message: `${metric.key} is a ratio: value must be from 0 to 1` });
    if (row.weight === undefined) errors.push({ line, path: 'weight', message: `${metric.key} is a ratio: weight (its denominator, e.g. attempts) is required` });
    else if (row.weight <= 0) errors.push({ line, path: 'weight', message: 'weight must be greater than 0' });
  } else {
    if (row.value < 0 && !metric.allowNegative) errors.push({ line, path: 'value', message: `${metric.key} does not allow negative values` });
    if (row.weight !== undefined) errors.push({ line, path: 'weight', message: `weight applies to ratio metrics only; ${metric.key} aggregates by ${metric.aggregation}` });
  }
  return errors;
}
