/**
 * Curves turn a component's raw value into a score from 0 to 100. Two shapes: piecewise-linear
 * points (numbers; clamped to the first and last point outside their range) and a category map
 * (strings, booleans, or numbers read as their text).
 */
import type { ProblemFieldError } from '../../common/problem';

export interface CurvePoint {
  /** Raw value, e.g. a −38 (%) usage trend. */
  x: number;
  /** Score 0–100 at that raw value. */
  y: number;
}

/** Straight lines between points sorted by strictly increasing `x`; flat beyond either end. */
export interface LinearCurve {
  type: 'linear';
  points: CurvePoint[];
}

/**
 * Category → score. A raw value looks up `String(value)` (so `true`, `"annual"`, `3` all work);
 * a category not listed scores `otherwise`, or counts as missing data when `otherwise` is absent.
 */
export interface CategoryMap {
  type: 'map';
  scores: Record<string, number>;
  otherwise?: number;
}

export type Curve = LinearCurve | CategoryMap;

/** What a component reads before its curve: a number for linear curves, a category for maps. */
export type RawValue = number | string | boolean;

export const MAX_CURVE_POINTS = 50;
export const MAX_CATEGORIES = 200;

/** The score of `x` on a linear curve, clamped outside the first and last point. */
export function evaluateLinear(curve: LinearCurve, x: number): number {
  const points = curve.points;
  if (x <= points[0].x) return points[0].y;
  const last = points[points.length - 1];
  if (x >= last.x) return last.y;
  // Few points: a linear scan is clearer than a binary search and just as fast here.
  for (let index = 1; index < points.length; index++) {
    const right = points[index];
    if (x <= right.x) {
      const left = points[index - 1];
      return left.y + ((x - left.x) / (right.x - left.x)) * (right.y - left.y);
    }
  }
  return last.y;
}

/** The score of a category, `otherwise` when unlisted, or null (no data) without `otherwise`. */
export function evaluateMap(curve: CategoryMap, value: RawValue): number | null {
  const key = String(value);
  if (Object.prototype.hasOwnProperty.call(curve.scores, key)) return curve.scores[key];
  return curve.otherwise ?? null;
}

/**
 * The score of a raw value on any curve; null when the curve cannot read it (text on a linear
 * curve, a non-finite number, an unlisted category without `otherwise`): the component then has no data.
 */
export function evaluateCurve(curve: Curve, raw: RawValue): number | null {
  if (curve.type === 'map') return evaluateMap(curve, raw);
  if (typeof raw !== 'number' || !Number.isFinite(raw)) return null;
  return evaluateLinear(curve, raw);
}

function isScore(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 100;
}

/** Every problem with a curve definition, with paths under `path` (e.g. `components[0].curve`). */
export function curveErrors(curve: unknown, path: string): ProblemFieldError[] {
  if (curve === null || typeof curve !== 'object' || Array.isArray(curve)) return [{ path, message: 'must be an object with type "linear" or "map"' }];
  const candidate = curve as Record<string, unknown>;
  if (candidate.type === 'linear') return linearCurveErrors(candidate, path);
  if (candidate.type === 'map') return categoryMapErrors(candidate, path);
  return [{ path: `${path}.type`, message: 'must be "linear" or "map"' }];
}

function linearCurveErrors(curve: Record<string, unknown>, path: string): ProblemFieldError[] {
  const errors = unknownFieldErrors(curve, ['type', 'points'], path);
  const points = curve.points;
  if (!Array.isArray(points) || points.length < 2 || points.length > MAX_CURVE_POINTS) {
    return [...errors, { path: `${path}.points`, message: `must be an array of 2 to ${MAX_CURVE_POINTS} points` }];
  }
  let previousX: number | undefined;
  points.forEach((point: unknown, index) => {
    const pointPath = `${path}.points[${index}]`;
    if (point === null || typeof point !== 'object' || Array.isArray(point)) {
      errors.push({ path: pointPath, message: 'must be an object { x, y }' });
      previousX = undefined;
      return;
    }
    const { x, y } = point as Record<string, unknown>;
    errors.push(...unknownFieldErrors(point as Record<string, unknown>, ['x', 'y'], pointPath));
    if (typeof x !== 'number' || !Number.isFinite(x)) {
      errors.push({ path: `${pointPath}.x`, message: 'must be a finite number' });
      previousX = undefined;
    } else {
      if (previousX !== undefined && x <= previousX) errors.push({ path: `${pointPath}.x`, message: 'must be greater than the previous point\'s x (points sorted by x, no repeats)' });
      previousX = x;
    }
    if (!isScore(y)) errors.push({ path: `${pointPath}.y`, message: 'must be a number from 0 to 100' });
  });
  return errors;
}

function categoryMapErrors(curve: Record<string, unknown>, path: string): ProblemFieldError[] {
  const errors = unknownFieldErrors(curve, ['type', 'scores', 'otherwise'], path);
  const scores = curve.scores;
  if (scores === null || typeof scores !== 'object' || Array.isArray(scores)) {
    errors.push({ path: `${path}.scores`, message: 'must be an object of category → score' });
  } else {
    const entries = Object.entries(scores as Record<string, unknown>);
    if (entries.length === 0 || entries.length > MAX_CATEGORIES) errors.push({ path: `${path}.scores`, message: `must list 1 to ${MAX_CATEGORIES} categories` });
    for (const [category, score] of entries) {
      if (!isScore(score)) errors.push({ path: `${path}.scores.${category}`, message: 'must be a number from 0 to 100' });
    }
  }
  if (curve.otherwise !== undefined && !isScore(curve.otherwise)) errors.push({ path: `${path}.otherwise`, message: 'must be a number from 0 to 100' });
  return errors;
}

export function unknownFieldErrors(value: Record<string, unknown>, allowed: readonly string[], path: string): ProblemFieldError[] {
  return Object.keys(value)
    .filter((key) => !allowed.includes(key))
    .map((key) => ({ path: `${path}.${key}`, message: 'unknown field' }));
}
