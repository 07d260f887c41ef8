/**
 * What changed between two snapshots, split by component so the parts add up to the total:
 * "−14 since Monday: usage trend −9, support −5".
 *
 * The change is walked in four steps, each exact, and each step's part is given to the
 * component that caused it:
 *   1. components that lost their data leave (their pull against the rest is undone);
 *   2. the remaining components take the current model's weights (only when the model changed);
 *   3. the remaining components move from their previous to their current score;
 *   4. components that gained data enter (their pull against the rest is added).
 * A component whose score did not move is therefore never blamed for a neighbour dropping out,
 * which a plain difference of contributions would do through the renormalised shares.
 */
import { roundTo, signed } from './format';
import { calendarDayOf, calendarDaysBetween, Instant } from './time';

export interface SnapshotComponent {
  key: string;
  label: string;
  weight: number;
  /** Null when the component was not scored (missing or stale data). */
  score: number | null;
}

export interface ScoreSnapshot {
  components: readonly SnapshotComponent[];
}

export interface ComponentChange {
  key: string;
  label: string;
  /** `changed`: scored in both; `entered`: scored now, not before; `left`: scored before, not now. */
  movement: 'changed' | 'entered' | 'left';
  previousScore: number | null;
  currentScore: number | null;
  /** Points of the total change caused by this component (exact; the parts sum to `change`). */
  change: number;
  /** Whole points, apportioned so they sum to the rounded total (for sentences). */
  roundedChange: number;
}

export interface ScoreChange {
  previousScore: number;
  currentScore: number;
  /** currentScore − previousScore. */
  change: number;
  roundedChange: number;
  /** Largest part first; components scored in neither snapshot are left out. */
  components: ComponentChange[];
  /** True when a common component's weight differs (the snapshots come from different model versions). */
  weightsChanged: boolean;
}

interface Entry {
  key: string;
  label: string;
  weight: number;
  score: number;
}

function scoredEntries(snapshot: ScoreSnapshot): Map<string, Entry> {
  const entries = new Map<string, Entry>();
  for (const component of snapshot.components) {
    if (component.score !== null && component.weight > 0) entries.set(component.key, { key: component.key, label: component.label, weight: component.weight, score: component.score });
  }
  return entries;
}

function weightedMean(entries: Iterable<{ weight: number; score: number }>): number {
  let weight = 0;
  let sum = 0;
  for (const entry of entries) {
    weight += entry.weight;
    sum += entry.weight * entry.score;
  }
  return weight > 0 ? sum / weight : 0;
}

const sumOfWeights = (entries: Iterable<{ weight: number }>) => [...entries].reduce((sum, entry) => sum + entry.weight, 0);

/** The score's change from `previous` to `current`, by component; null when either has no score. */
export function scoreChange(previous: ScoreSnapshot, current: ScoreSnapshot): ScoreChange | null {
  const before = scoredEntries(previous);
  const after = scoredEntries(current);
  if (before.size === 0 || after.size === 0) return null;

  const common = [...before.keys()].filter((key) => after.has(key));
  const left = [...before.values()].filter((entry) => !after.has(entry.key));
  const entered = [...after.values()].filter((entry) => !before.has(entry.key));
  const previousScore = weightedMean(before.values());
  const currentScore = weightedMean(after.values());
  const parts = new Map<string, number>();
  let weightsChanged = false;

  if (common.length === 0) {
    // Nothing to measure against: each side's components take their whole contribution.
    const beforeWeight = sumOfWeights(before.values());
    const afterWeight = sumOfWeights(after.values());
    for (const entry of left) parts.set(entry.key, -(entry.weight * entry.score) / beforeWeight);
    for (const entry of entered) parts.set(entry.key, (entry.weight * entry.score) / afterWeight);
  } else {
    const commonBefore = common.map((key) => before.get(key)!);
    const commonAfter = common.map((key) => after.get(key)!);
    const beforeWeight = sumOfWeights(before.values());
    const afterWeight = sumOfWeights(after.values());
    const commonBeforeWeight = sumOfWeights(commonBefore);
    const commonAfterWeight = sumOfWeights(commonAfter);

    // 1. Leaving components: S0 − S1 = Σ (w_l / W_before)(s_l − S1).
    const withoutLeavers = weightedMean(commonBefore);
    for (const entry of left) parts.set(entry.key, -(entry.weight / beforeWeight) * (entry.score - withoutLeavers));

    // 2 and 3. Common components: reweighting (b_i − a_i)(s_i − S1), then b_i (s_i' − s_i).
    common.forEach((key, index) => {
      const was = commonBefore[index];
      const now = commonAfter[index];
      const oldShare = was.weight / commonBeforeWeight;
      const newShare = now.weight / commonAfterWeight;
      if (Math.abs(oldShare - newShare) > 1e-12) weightsChanged = true;
      parts.set(key, (newShare - oldShare) * (was.score - withoutLeavers) + newShare * (now.score - was.score));
    });

    // 4. Entering components: S' − S2 = Σ (w_e / W_after)(s_e − S2).
    const beforeEntrants = weightedMean(commonAfter);
    for (const entry of entered) parts.set(entry.key, (entry.weight / afterWeight) * (entry.score - beforeEntrants));
  }

  const change = currentScore - previousScore;
  const keys = [...parts.keys()];
  const rounded = apportion(keys.map((key) => parts.get(key)!), roundTo(change));
  const components: ComponentChange[] = keys.map((key, index) => {
    const was = before.get(key);
    const now = after.get(key);
    return {
      key,
      label: (now ?? was)!.label,
      movement: was && now ? 'changed' : now ? 'entered' : 'left',
      previousScore: was?.score ?? null,
      currentScore: now?.score ?? null,
      change: parts.get(key)!,
      roundedChange: rounded[index],
    };
  });
  // Floating-point dust (3 vs 3.0000000000000004) must not decide the order: compare to 6 places, then by key.
  const magnitude = (value: number) => Math.abs(roundTo(value, 6));
  components.sort((left, right) => Math.abs(right.roundedChange) - Math.abs(left.roundedChange) || magnitude(right.change) - magnitude(left.change) || left.key.localeCompare(right.key));
  return { previousScore: roundTo(previousScore, 1), currentScore: roundTo(currentScore, 1), change, roundedChange: roundTo(change), components, weightsChanged };
}

/**
 * Whole numbers summing to `total` that stay as close as possible to `values` (largest
 * remainder): each value is floored, then the ones with the largest fractions take the missing units.
 */
export function apportion(values: readonly number[], total: number): number[] {
  const floors = values.map((value) => Math.floor(value + 1e-9));
  let missing = total - floors.reduce((sum, value) => sum + value, 0);
  const byFraction = values.map((value, index) => ({ index, fraction: value - floors[index] })).sort((left, right) => right.fraction - left.fraction || left.index - right.index);
  const result = [...floors];
  for (const { index } of byFraction) {
    if (missing <= 0) break;
    result[index] += 1;
    missing -= 1;
  }
  // Only reachable when `total` is not the rounded sum of `values`; spread the excess back down.
  for (const { index } of [...byFraction].reverse()) {
    if (missing >= 0) break;
    result[index] -= 1;
    missing += 1;
  }
  return result.map((value) => (value === 0 ? 0 : value));
}

/**
 * "−14 since Monday: usage trend −9, support −5". Lists the `limit` largest parts and folds the
 * rest into "other components"; parts that round to zero are not named.
 */
export function describeScoreChange(change: ScoreChange, since: string, limit = 3): string {
  const named = change.components.filter((component) => component.roundedChange !== 0);
  const shown = named.slice(0, limit).map((component) => `${component.label} ${signed(component.roundedChange)}${movementNote(component)}`);
  const rest = named.slice(limit).reduce((sum, component) => sum + component.roundedChange, 0);
  if (rest !== 0) shown.push(`other components ${signed(rest)}`);
  const head = change.roundedChange === 0 ? (shown.length === 0 ? 'no change' : 'no net change') : signed(change.roundedChange);
  return shown.length === 0 ? `${head} ${since}` : `${head} ${since}: ${shown.join(', ')}`;
}

function movementNote(component: ComponentChange): string {
  if (component.movement === 'entered') return ' (now scored)';
  if (component.movement === 'left') return ' (no data now)';
  return '';
}

const WEEKDAY = new Intl.DateTimeFormat('en-GB', { weekday: 'long', timeZone: 'UTC' });

/**
 * Words for when the previous snapshot was taken, seen from `asOf` in `timeZone`: "since earlier
 * today", "since yesterday", "since Monday" (within the week), "since last Monday" (exactly a
 * week back), else "since 2027-03-01".
 */
export function sinceLabel(previousAsOf: Instant, asOf: Instant, timeZone = 'UTC'): string {
  const previousDay = calendarDayOf(previousAsOf, timeZone);
  const days = calendarDaysBetween(previousDay, calendarDayOf(asOf, timeZone));
  if (days <= 0) return 'since earlier today';
  if (days === 1) return 'since yesterday';
  const weekday = WEEKDAY.format(Date.parse(`${previousDay}T12:00:00Z`));
  if (days < 7) return `since ${weekday}`;
  if (days === 7) return `since last ${weekday}`;
  return `since ${previousDay}`;
}
