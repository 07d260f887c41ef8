/**
 * What a backtest looks at, decided before any data is read: the versions compared beside the
 * requested one, and the days on which lead time is sampled. Pure.
 */
import type { HealthModelRecord } from '../models/health-model.repository';

/** Lead time looks this far back before each churn, at one point every LEAD_TIME_STEP_DAYS days. */
export const LEAD_TIME_LOOKBACK_DAYS = 182;
export const LEAD_TIME_STEP_DAYS = 7;

type VersionLike = Pick<HealthModelRecord, 'id' | 'key' | 'status' | 'definition'>;

/**
 * The versions compared beside the requested one: the active and shadow versions of its key, and
 * shadow versions of other keys scoring an overlapping set of segments (empty = every segment).
 */
export function comparedVersions<T extends VersionLike>(requested: T, all: readonly T[]): T[] {
  const overlaps = (a: string[], b: string[]) => a.length === 0 || b.length === 0 || a.some((segment) => b.includes(segment));
  return all.filter(
    (model) =>
      model.id !== requested.id &&
      (model.status === 'shadow' || model.status === 'active') &&
      (model.key === requested.key || (model.status === 'shadow' && overlaps(model.definition.segments, requested.definition.segments))),
  );
}

/** Lead-time points: days on a fixed weekly grid (shared by every account, so each is one recompute for all) in the lookback before the churn. */
export function leadTimeGrid(churnDate: string): string[] {
  const churnDay = Math.round(Date.parse(`${churnDate}T00:00:00Z`) / 86_400_000);
  const days: string[] = [];
  for (let day = churnDay - LEAD_TIME_LOOKBACK_DAYS; day < churnDay; day += 1) {
    if (day % LEAD_TIME_STEP_DAYS === 0) days.push(new Date(day * 86_400_000).toISOString().slice(0, 10));
  }
  return days;
}
