/**
 * Fitting a health model's component weights to outcomes, keeping it a scorecard a person can read.
 *
 * A model's score is the weighted mean of its component scores, so ranking accounts by score is
 * ranking them by Σ weight × (100 − component score): the risk is linear in "points short of 100"
 * per component. A logistic regression of churn on those shortfalls, with coefficients held
 * non-negative (a component may not make an account healthier by doing worse) and an L2 penalty
 * (few churns must not yield wild weights), gives coefficients proportional to scorecard weights;
 * they are rounded to whole numbers summing to 100. Cross-validation keeps every account's samples
 * in one fold, so no account is both learnt from and judged on. Pure and seeded: same input, same
 * answer.
 */
import { rocAuc } from './backtest-metrics';

export interface FitSample {
  /** Samples of one group (account) always share a fold. */
  group: string;
  churned: boolean;
  /** Component scores 0–100 in the model's component order; null when the component had no data. */
  components: (number | null)[];
}

export interface LogisticFit {
  intercept: number;
  coefficients: number[];
  iterations: number;
}

export interface LogisticOptions {
  /** L2 penalty on the coefficients (not the intercept), added to the mean log-loss. */
  l2: number;
  /** Coefficients held ≥ 0. */
  nonNegative: boolean;
  maxIterations: number;
  /** Stops when no parameter moves more than this in an iteration. */
  tolerance: number;
}

export const DEFAULT_LOGISTIC_OPTIONS: LogisticOptions = { l2: 0.001, nonNegative: true, maxIterations: 100, tolerance: 1e-8 };

/** A small seeded generator (mulberry32): folds and tests are reproducible. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const sigmoid = (z: number) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

/**
 * Regularised logistic regression by projected Newton steps: the loss is smooth and convex and the
 * components few (a handful of features), so each step solves the Newton system on the
 * coefficients not held at zero, with a backtracking line search; it converges in a few dozen
 * steps. `features` rows are samples; `churned` the labels.
 */
export function fitLogistic(features: readonly number[][], churned: readonly boolean[], options: Partial<LogisticOptions> = {}): LogisticFit {
  const settings = { ...DEFAULT_LOGISTIC_OPTIONS, ...options };
  const n = features.length;
  if (n === 0) return { intercept: 0, coefficients: [], iterations: 0 };
  const d = features[0].length;
  const size = d + 1;
  // Parameters: [intercept, ...coefficients]; rows get a leading 1 for the intercept.
  const rows = features.map((row) => [1, ...row]);
  const labels = churned.map((value) => (value ? 1 : 0));
  const penalty = (k: number) => (k === 0 ? 0 : settings.l2);
  const project = (values: number[]) => values.map((value, k) => (k > 0 && settings.nonNegative ? Math.max(0, value) : value));
  const loss = (parameters: number[]) => {
    let total = 0;
    for (let i = 0; i < n; i += 1) {
      let z = 0;
      for (let k = 0; k < size; k += 1) z += parameters[k] * rows[i][k];
      // log(1 + e^z) − y·z, written to stay finite for large |z|.
      total += (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))) - labels[i] * z;
    }
    return total / n + parameters.reduce((sum, value, k) => sum + (penalty(k) / 2) * value * value, 0);
  };

  let parameters = new Array(size).fill(0) as number[];
  let currentLoss = loss(parameters);
  let iterations = 0;
  for (; iterations < settings.maxIterations; iterations += 1) {
    const gradient = new Array(size).fill(0) as number[];
    const hessian = Array.from({ length: size }, () => new Array(size).fill(0) as number[]);
    for (let i = 0; i < n; i += 1) {
      const row = rows[i];
      let z = 0;
      for (let k = 0; k < size; k += 1) z += parameters[k] * row[k];
      const p = sigmoid(z);
      const curvature = p * (1 - p);
      for (let a = 0; a < size; a += 1) {
        gradient[a] += (p - labels[i]) * row[a];
        for (let b = 0; b <= a; b += 1) hessian[a][b] += curvature * row[a] * row[b];
      }
    }
    for (let a = 0; a < size; a += 1) {
      gradient[a] = gradient[a] / n + penalty(a) * parameters[a];
      for (let b = 0; b <= a; b += 1) {
        hessian[a][b] = hessian[a][b] / n + (a === b ? penalty(a) + 1e-10 : 0);
        hessian[b][a] = hessian[a][b];
      }
    }
    // Coefficients at zero that the gradient pushes below zero stay there this step.
    const free = Array.from({ length: size }, (_, k) => k).filter((k) => !(k > 0 && settings.nonNegative && parameters[k] <= 0 && gradient[k] > 0));
    const direction = new Array(size).fill(0) as number[];
    const solved = solve(
      free.map((a) => free.map((b) => hessian[a][b])),
      free.map((a) => -gradient[a]),
    );
    free.forEach((k, index) => (direction[k] = solved[index]));
    let stepSize = 1;
    let next = project(parameters.map((value, k) => value + direction[k]));
    let nextLoss = loss(next);
    for (let halvings = 0; nextLoss > currentLoss + 1e-4 * next.reduce((sum, value, k) => sum + gradient[k] * (value - parameters[k]), 0) && halvings < 40; halvings += 1) {
      stepSize /= 2;
      next = project(parameters.map((value, k) => value + stepSize * direction[k]));
      nextLoss = loss(next);
    }
    const moved = next.reduce((largest, value, k) => Math.max(largest, Math.abs(value - parameters[k])), 0);
    if (nextLoss <= currentLoss) {
      parameters = next;
      currentLoss = nextLoss;
    }
    if (moved < settings.tolerance || nextLoss > currentLoss) break;
  }
  return { intercept: parameters[0], coefficients: parameters.slice(1), iterations: iterations + 1 };
}

/** Solves A·x = b (A symmetric positive definite, small) by Gaussian elimination with partial pivoting. */
function solve(matrix: number[][], vector: number[]): number[] {
  const n = vector.length;
  const a = matrix.map((row, i) => [...row, vector[i]]);
  for (let column = 0; column < n; column += 1) {
    let pivot = column;
    for (let row = column + 1; row < n; row += 1) if (Math.abs(a[row][column]) > Math.abs(a[pivot][column])) pivot = row;
    [a[column], a[pivot]] = [a[pivot], a[column]];
    if (Math.abs(a[column][column]) < 1e-14) continue;
    for (let row = column + 1; row < n; row += 1) {
      const factor = a[row][column] / a[column][column];
      for (let k = column; k <= n; k += 1) a[row][k] -= factor * a[column][k];
    }
  }
  const x = new Array(n).fill(0) as number[];
  for (let row = n - 1; row >= 0; row -= 1) {
    if (Math.abs(a[row][row]) < 1e-14) continue;
    let sum = a[row][n];
    for (let k = row + 1; k < n; k += 1) sum -= a[row][k] * x[k];
    x[row] = sum / a[row][row];
  }
  return x;
}

/**
 * Component shortfalls as features: (100 − score) / 100, a missing component taking the mean
 * shortfall of the training samples that had it (so "no data" neither helps nor hurts).
 */
export function shortfallFeatures(samples: readonly FitSample[], means: readonly number[]): number[][] {
  return samples.map((sample) => sample.components.map((score, k) => (score === null ? means[k] : (100 - score) / 100)));
}

export function meanShortfalls(samples: readonly FitSample[], width: number): number[] {
  return Array.from({ length: width }, (_, k) => {
    const present = samples.map((sample) => sample.components[k]).filter((score): score is number => score !== null);
    return present.length === 0 ? 0.5 : present.reduce((sum, score) => sum + (100 - score) / 100, 0) / present.length;
  });
}

/**
 * Whole-number weights summing to 100 in proportion to `coefficients` (largest remainders), each
 * at least `minimum` (health models require weights > 0; a component the fit finds useless keeps
 * the minimum, and a person may remove it). All-zero coefficients give equal weights.
 */
export function scorecardWeights(coefficients: readonly number[], minimum = 1, total = 100): number[] {
  const d = coefficients.length;
  if (d === 0) return [];
  const sum = coefficients.reduce((acc, value) => acc + Math.max(0, value), 0);
  const shares = sum > 0 ? coefficients.map((value) => Math.max(0, value) / sum) : coefficients.map(() => 1 / d);
  // Give every component the minimum, share the rest in proportion.
  const spare = total - minimum * d;
  const exact = shares.map((share) => minimum + share * spare);
  const floors = exact.map(Math.floor);
  let missing = total - floors.reduce((acc, value) => acc + value, 0);
  const order = exact.map((value, index) => ({ index, remainder: value - floors[index] })).sort((a, b) => b.remainder - a.remainder || a.index - b.index);
  for (const { index } of order) {
    if (missing <= 0) break;
    floors[index] += 1;
    missing -= 1;
  }
  return floors;
}

/** The score a model with these weights gives: weighted mean over the components with data (as scoring renormalises). */
export function scorecardScore(components: readonly (number | null)[], weights: readonly number[]): number | null {
  let weighted = 0;
  let weightSum = 0;
  components.forEach((score, k) => {
    if (score === null) return;
    weighted += score * weights[k];
    weightSum += weights[k];
  });
  return weightSum > 0 ? Math.round((weighted / weightSum) * 10) / 10 : null;
}

/** Fold number (0…folds−1) per sample: groups shuffled with the seed, then dealt round-robin. */
export function groupedFolds(groups: readonly string[], folds: number, seed: number): number[] {
  const distinct = [...new Set(groups)].sort();
  const random = seededRandom(seed);
  for (let i = distinct.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [distinct[i], distinct[j]] = [distinct[j], distinct[i]];
  }
  const foldOf = new Map(distinct.map((group, index) => [group, index % folds]));
  return groups.map((group) => foldOf.get(group)!);
}

export interface FitOptions {
  folds: number;
  seed: number;
  l2: number;
}

export const DEFAULT_FIT_OPTIONS: FitOptions = { folds: 5, seed: 20_261_122, l2: 0.001 };

export interface FoldResult {
  fold: number;
  samples: number;
  churned: number;
  currentAuc: number | null;
  proposedAuc: number | null;
}

export interface ScorecardFit {
  /** Fitted on every sample, rounded: the proposal. */
  weights: number[];
  coefficients: number[];
  intercept: number;
  /** AUC over the held-out samples of every fold pooled: current weights, and each fold's proposal scored on its held-out accounts. */
  crossValidated: { currentAuc: number | null; proposedAuc: number | null; folds: FoldResult[] };
}

/** Trains on every fold but one, scores the held-out fold with the rounded scorecard, and finally fits on everything. */
export function fitScorecard(samples: readonly FitSample[], currentWeights: readonly number[], options: Partial<FitOptions> = {}): ScorecardFit {
  const settings = { ...DEFAULT_FIT_OPTIONS, ...options };
  const width = currentWeights.length;
  const train = (subset: readonly FitSample[]) => {
    const means = meanShortfalls(subset, width);
    return fitLogistic(shortfallFeatures(subset, means), subset.map((sample) => sample.churned), { l2: settings.l2 });
  };
  const foldOf = groupedFolds(samples.map((sample) => sample.group), settings.folds, settings.seed);
  const pooledCurrent: { score: number; churned: boolean }[] = [];
  const pooledProposed: { score: number; churned: boolean }[] = [];
  const folds: FoldResult[] = [];
  for (let fold = 0; fold < settings.folds; fold += 1) {
    const heldOut = samples.filter((_, index) => foldOf[index] === fold);
    const training = samples.filter((_, index) => foldOf[index] !== fold);
    if (heldOut.length === 0) continue;
    const weights = scorecardWeights(train(training).coefficients);
    const current: { score: number; churned: boolean }[] = [];
    const proposed: { score: number; churned: boolean }[] = [];
    for (const sample of heldOut) {
      const currentScore = scorecardScore(sample.components, currentWeights);
      const proposedScore = scorecardScore(sample.components, weights);
      if (currentScore !== null) current.push({ score: currentScore, churned: sample.churned });
      if (proposedScore !== null) proposed.push({ score: proposedScore, churned: sample.churned });
    }
    pooledCurrent.push(...current);
    pooledProposed.push(...proposed);
    folds.push({ fold: fold + 1, samples: heldOut.length, churned: heldOut.filter((sample) => sample.churned).length, currentAuc: rocAuc(current), proposedAuc: rocAuc(proposed) });
  }
  const final = train(samples);
  return {
    weights: scorecardWeights(final.coefficients),
    coefficients: final.coefficients,
    intercept: final.intercept,
    crossValidated: { currentAuc: rocAuc(pooledCurrent), proposedAuc: rocAuc(pooledProposed), folds },
  };
}
