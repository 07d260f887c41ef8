import { rocAuc } from './backtest-metrics';
import { fitLogistic, fitScorecard, FitSample, groupedFolds, scorecardScore, scorecardWeights, seededRandom } from './scorecard-fit';

/** Samples whose churn follows a known scorecard: logit = intercept + slope × Σ w·(100 − s)/100 / 100. */
function synthetic(weights: number[], count: number, seed: number, missingRate = 0): FitSample[] {
  const random = seededRandom(seed);
  const samples: FitSample[] = [];
  for (let i = 0; i < count; i += 1) {
    const components = weights.map(() => (random() < missingRate ? null : Math.round(random() * 1000) / 10));
    const shortfall = components.reduce<number>((sum, score, k) => sum + (weights[k] / 100) * (score === null ? 0.5 : (100 - score) / 100), 0);
    const probability = 1 / (1 + Math.exp(-(-6 + 10 * shortfall)));
    samples.push({ group: `account-${Math.floor(i / 3)}`, churned: random() < probability, components });
  }
  return samples;
}

describe('scorecardWeights', () => {
  it.each([
    [[2, 1, 1], [50, 25, 25]],
    [[1, 1, 1], [34, 33, 33]],
    [[0, 0, 0], [34, 33, 33]],
    // A useless component keeps the minimum of 1; the rest share 99 in proportion.
    [[3, 1, 0], [74, 25, 1]],
    [[-5, 1], [1, 99]],
  ])('%j → %j', (coefficients, expected) => {
    const weights = scorecardWeights(coefficients);
    expect(weights).toEqual(expected);
    expect(weights.reduce((a, b) => a + b, 0)).toBe(100);
  });
});

describe('scorecardScore', () => {
  it('renormalises over the components with data, as scoring does', () => {
    expect(scorecardScore([80, 40, null], [50, 25, 25])).toBe(66.7);
    expect(scorecardScore([null, null], [50, 50])).toBeNull();
  });
});

describe('groupedFolds', () => {
  it('keeps every group in one fold, is seeded, and spreads groups evenly', () => {
    const groups = Array.from({ length: 60 }, (_, i) => `g${i % 20}`);
    const folds = groupedFolds(groups, 5, 42);
    const foldOfGroup = new Map<string, Set<number>>();
    groups.forEach((group, i) => foldOfGroup.set(group, (foldOfGroup.get(group) ?? new Set()).add(folds[i])));
    expect([...foldOfGroup.values()].every((set) => set.size === 1)).toBe(true);
    expect(groupedFolds(groups, 5, 42)).toEqual(folds);
    const sizes = [0, 1, 2, 3, 4].map((fold) => folds.filter((f) => f === fold).length);
    expect(sizes).toEqual([12, 12, 12, 12, 12]);
  });
});

describe('fitLogistic', () => {
  it('recovers the coefficients of a logistic model (no penalty)', () => {
    const random = seededRandom(3);
    const features: number[][] = [];
    const labels: boolean[] = [];
    for (let i = 0; i < 6000; i += 1) {
      const x = [random(), random()];
      features.push(x);
      labels.push(random() < 1 / (1 + Math.exp(-(-2 + 3 * x[0] + 1 * x[1]))));
    }
    const fit = fitLogistic(features, labels, { l2: 0 });
    expect(fit.intercept).toBeCloseTo(-2, 0);
    expect(fit.coefficients[0]).toBeGreaterThan(2.5);
    expect(fit.coefficients[0]).toBeLessThan(3.5);
    expect(fit.coefficients[1]).toBeGreaterThan(0.6);
    expect(fit.coefficients[1]).toBeLessThan(1.4);
  });

  it('holds coefficients at zero or above when asked', () => {
    const random = seededRandom(5);
    const features: number[][] = [];
    const labels: boolean[] = [];
    for (let i = 0; i < 2000; i += 1) {
      const x = [random(), random()];
      features.push(x);
      labels.push(random() < 1 / (1 + Math.exp(-(2 * x[0] - 2 * x[1]))));
    }
    const fit = fitLogistic(features, labels);
    expect(fit.coefficients[1]).toBe(0);
    expect(fit.coefficients[0]).toBeGreaterThan(0);
  });
});

describe('fitScorecard', () => {
  // Tolerance: each fitted weight within 5 points of the weight the data was generated from (seed 11, 6000 samples).
  it('recovers known weights from data generated with them', () => {
    const truth = [40, 25, 15, 10, 10];
    const samples = synthetic(truth, 6000, 11);
    const fit = fitScorecard(samples, [20, 20, 20, 20, 20]);
    expect(fit.weights.reduce((a, b) => a + b, 0)).toBe(100);
    fit.weights.forEach((weight, k) => expect(Math.abs(weight - truth[k])).toBeLessThanOrEqual(5));
    // The proposal beats equal weights out of sample.
    expect(fit.crossValidated.proposedAuc!).toBeGreaterThan(fit.crossValidated.currentAuc!);
    expect(fit.crossValidated.folds).toHaveLength(5);
    expect(fit.crossValidated.folds.reduce((sum, fold) => sum + fold.samples, 0)).toBe(6000);
  });

  it('copes with missing components and stays deterministic', () => {
    const truth = [60, 30, 10];
    const samples = synthetic(truth, 4000, 23, 0.2);
    const first = fitScorecard(samples, [34, 33, 33]);
    expect(fitScorecard(samples, [34, 33, 33])).toEqual(first);
    first.weights.forEach((weight, k) => expect(Math.abs(weight - truth[k])).toBeLessThanOrEqual(7));
  });

  it('scores the current weights on the same held-out samples', () => {
    const samples = synthetic([50, 50], 600, 9);
    const fit = fitScorecard(samples, [50, 50]);
    const all = samples.map((sample) => ({ score: scorecardScore(sample.components, [50, 50])!, churned: sample.churned }));
    expect(fit.crossValidated.currentAuc).toBeCloseTo(rocAuc(all)!, 10);
  });
});
