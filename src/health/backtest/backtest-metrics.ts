/**
 * How well a health score foretold churn: ROC AUC (plain and weighted), churn per band, precision
 * and recall of the red band, calibration in deciles, lead time from turning red to churning, and
 * how often a band judged the outcome right. Pure: numbers in, numbers out (no Nest, no SQL).
 *
 * Convention throughout: a LOWER score means MORE risk, and `churned` is the positive class.
 */
import type { HealthBand } from '../scoring';
import { addDays } from '../../common/calendar-day';

export { addDays };

export interface ScoredOutcome {
  score: number;
  churned: boolean;
  /** For weighted AUC (ARR); 1 when absent. */
  weight?: number;
}

/**
 * ROC AUC of the score as a churn predictor: the chance that a churned sample scored lower than a
 * retained one (ties count half). 0.5 is a coin toss, 1 a perfect ranking. Weighted: each
 * (churned, retained) pair counts by the product of their weights. Null without both classes.
 * O(n log n): samples sorted by score, retained weight accumulated per distinct score.
 */
export function rocAuc(samples: readonly ScoredOutcome[]): number | null {
  const weightOf = (sample: ScoredOutcome) => sample.weight ?? 1;
  const usable = samples.filter((sample) => Number.isFinite(sample.score) && weightOf(sample) > 0);
  const churnedWeight = usable.reduce((sum, sample) => sum + (sample.churned ? weightOf(sample) : 0), 0);
  const retainedWeight = usable.reduce((sum, sample) => sum + (sample.churned ? 0 : weightOf(sample)), 0);
  if (churnedWeight === 0 || retainedWeight === 0) return null;
  const sorted = [...usable].sort((a, b) => a.score - b.score);
  // For each churned sample: retained weight scoring strictly higher, plus half of the ties.
  let concordant = 0;
  let retainedBelow = 0;
  for (let start = 0; start < sorted.length; ) {
    let end = start;
    let churnedHere = 0;
    let retainedHere = 0;
    while (end < sorted.length && sorted[end].score === sorted[start].score) {
      if (sorted[end].churned) churnedHere += weightOf(sorted[end]);
      else retainedHere += weightOf(sorted[end]);
      end += 1;
    }
    const retainedAbove = retainedWeight - retainedBelow - retainedHere;
    concordant += churnedHere * (retainedAbove + retainedHere / 2);
    retainedBelow += retainedHere;
    start = end;
  }
  return concordant / (churnedWeight * retainedWeight);
}

export interface BandOutcome {
  band: HealthBand;
  samples: number;
  churned: number;
  /** Churned / samples; null for an empty band. */
  churnRate: number | null;
}

/** Churn rate per band, in the order green, yellow, red, unknown. */
export function churnByBand(samples: readonly { band: HealthBand; churned: boolean }[]): BandOutcome[] {
  return (['green', 'yellow', 'red', 'unknown'] as const).map((band) => {
    const inBand = samples.filter((sample) => sample.band === band);
    const churned = inBand.filter((sample) => sample.churned).length;
    return { band, samples: inBand.length, churned, churnRate: inBand.length === 0 ? null : churned / inBand.length };
  });
}

export interface RedBandAccuracy {
  /** Samples in red. */
  flagged: number;
  /** Of the red samples, the share that churned (null when none is red). */
  precision: number | null;
  /** Of the churned samples, the share that was red (null when none churned). */
  recall: number | null;
}

/** Precision and recall of "red means this account will churn". */
export function redBandAccuracy(samples: readonly { band: HealthBand; churned: boolean }[]): RedBandAccuracy {
  const flagged = samples.filter((sample) => sample.band === 'red');
  const churned = samples.filter((sample) => sample.churned);
  const caught = flagged.filter((sample) => sample.churned).length;
  return {
    flagged: flagged.length,
    precision: flagged.length === 0 ? null : caught / flagged.length,
    recall: churned.length === 0 ? null : caught / churned.length,
  };
}

export interface CalibrationBin {
  /** 1 = the lowest scores (most risk). */
  decile: number;
  samples: number;
  minScore: number;
  maxScore: number;
  meanScore: number;
  churned: number;
  /** Observed churn rate in the bin. */
  observedRate: number;
  /** Churn probability the score implies (a logistic curve of the score fitted to all samples), null when not given. */
  predictedRate: number | null;
}

/**
 * Samples sorted by score (lowest first) and cut into ten bins of equal size (the first bins take
 * the remainder); each bin's observed churn rate beside the rate `predict` gives its mean score. A
 * score that ranks risk well shows falling observed rates from decile 1 to 10; a calibrated one
 * shows observed close to predicted.
 */
export function calibrationDeciles(samples: readonly ScoredOutcome[], predict?: (score: number) => number, bins = 10): CalibrationBin[] {
  const sorted = [...samples].sort((a, b) => a.score - b.score);
  const count = Math.min(bins, sorted.length);
  const result: CalibrationBin[] = [];
  let start = 0;
  for (let bin = 0; bin < count; bin += 1) {
    const size = Math.floor(sorted.length / count) + (bin < sorted.length % count ? 1 : 0);
    const slice = sorted.slice(start, start + size);
    start += size;
    const churned = slice.filter((sample) => sample.churned).length;
    const meanScore = slice.reduce((sum, sample) => sum + sample.score, 0) / slice.length;
    result.push({
      decile: bin + 1,
      samples: slice.length,
      minScore: slice[0].score,
      maxScore: slice[slice.length - 1].score,
      meanScore: round(meanScore, 1),
      churned,
      observedRate: churned / slice.length,
      predictedRate: predict ? predict(meanScore) : null,
    });
  }
  return result;
}

export interface BandPoint {
  day: string;
  band: HealthBand;
}

/**
 * Days from the start of the red streak that ran up to the churn until the churn day: the points
 * are the account's bands on days before `churnDay` (any order). Null when the last point before
 * the churn is not red (the score never warned in time). A point that is not red ends a streak.
 */
export function leadTimeDays(points: readonly BandPoint[], churnDay: string): number | null {
  const before = points.filter((point) => point.day < churnDay).sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
  if (before.length === 0 || before[before.length - 1].band !== 'red') return null;
  let first = before.length - 1;
  while (first > 0 && before[first - 1].band === 'red') first -= 1;
  return daysBetween(before[first].day, churnDay);
}

/** The median (mean of the middle two for an even count); null when empty. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export interface JudgementAccuracy {
  samples: number;
  /** Red and churned, or not red and retained. */
  right: number;
  accuracy: number | null;
}

/** How often "red = will churn, not red = will stay" was right. */
export function judgementAccuracy(samples: readonly { band: HealthBand; churned: boolean }[]): JudgementAccuracy {
  const right = samples.filter((sample) => (sample.band === 'red') === sample.churned).length;
  return { samples: samples.length, right, accuracy: samples.length === 0 ? null : right / samples.length };
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}
