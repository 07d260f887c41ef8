import { calibrationDeciles, churnByBand, judgementAccuracy, leadTimeDays, median, redBandAccuracy, rocAuc } from './backtest-metrics';

const sample = (score: number, churned: boolean, weight?: number) => ({ score, churned, weight });

describe('rocAuc (lower score = more risk, churned = positive)', () => {
  it.each([
    // Pairs (churned, retained): (10,20) right, (10,40) right, (30,20) wrong, (30,40) right → 3 of 4.
    ['three right pairs of four', [sample(10, true), sample(20, false), sample(30, true), sample(40, false)], 0.75],
    ['every churned account scored below every retained one', [sample(5, true), sample(6, true), sample(50, false), sample(90, false)], 1],
    ['the ranking upside down', [sample(95, true), sample(10, false), sample(20, false)], 0],
    ['a tie counts half', [sample(10, true), sample(10, false)], 0.5],
    // (10,20) right, (10,10 tie) half, (30,20) wrong, (30,10) wrong → 1.5 of 4.
    ['ties among others', [sample(10, true), sample(30, true), sample(20, false), sample(10, false)], 0.375],
    // Weights: (10,20) 1·1 right, (10,40) 1·1 right, (30,20) 3·1 wrong, (30,40) 3·1 right → 5 of 8.
    ['ARR weights multiply per pair', [sample(10, true, 1), sample(30, true, 3), sample(20, false, 1), sample(40, false, 1)], 0.625],
  ])('%s', (_name, samples, expected) => {
    expect(rocAuc(samples)).toBeCloseTo(expected, 10);
  });

  it('is null without both classes, and ignores zero weights', () => {
    expect(rocAuc([sample(10, true), sample(20, true)])).toBeNull();
    expect(rocAuc([])).toBeNull();
    expect(rocAuc([sample(10, true), sample(20, false, 0)])).toBeNull();
  });

  it('agrees with counting every pair on a larger random set', () => {
    let seed = 7;
    const next = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
    const samples = Array.from({ length: 300 }, () => sample(Math.round(next() * 50), next() < 0.3, 1 + Math.round(next() * 4)));
    let right = 0;
    let total = 0;
    for (const churned of samples.filter((s) => s.churned))
      for (const retained of samples.filter((s) => !s.churned)) {
        const pair = churned.weight! * retained.weight!;
        total += pair;
        right += churned.score < retained.score ? pair : churned.score === retained.score ? pair / 2 : 0;
      }
    expect(rocAuc(samples)).toBeCloseTo(right / total, 10);
  });
});

describe('calibrationDeciles', () => {
  it('cuts the sorted scores into ten equal bins with observed churn', () => {
    const samples = Array.from({ length: 20 }, (_, i) => sample(20 - i, 20 - i <= 4));
    const bins = calibrationDeciles(samples, (score) => score / 100);
    expect(bins).toHaveLength(10);
    expect(bins.map((bin) => bin.samples)).toEqual(new Array(10).fill(2));
    expect(bins.map((bin) => bin.observedRate)).toEqual([1, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(bins[0]).toMatchObject({ decile: 1, minScore: 1, maxScore: 2, meanScore: 1.5, churned: 2, predictedRate: 0.015 });
    expect(bins[9]).toMatchObject({ decile: 10, minScore: 19, maxScore: 20 });
  });

  it('gives the remainder to the first bins and uses fewer bins than samples when short', () => {
    expect(calibrationDeciles(Array.from({ length: 23 }, (_, i) => sample(i, false))).map((bin) => bin.samples)).toEqual([3, 3, 3, 2, 2, 2, 2, 2, 2, 2]);
    expect(calibrationDeciles([sample(1, true), sample(2, false), sample(3, false)]).map((bin) => [bin.samples, bin.observedRate, bin.predictedRate])).toEqual([
      [1, 1, null],
      [1, 0, null],
      [1, 0, null],
    ]);
  });
});

describe('leadTimeDays', () => {
  const points = (bands: [string, string][]) => bands.map(([day, band]) => ({ day, band: band as 'red' | 'green' | 'yellow' | 'unknown' }));

  it.each([
    ['the last red streak before the churn', points([['2027-01-01', 'green'], ['2027-01-08', 'red'], ['2027-01-15', 'yellow'], ['2027-01-22', 'red'], ['2027-01-29', 'red']]), '2027-02-05', 14],
    ['red all along', points([['2027-01-29', 'red'], ['2027-01-01', 'red'], ['2027-01-15', 'red']]), '2027-02-05', 35],
    ['not red just before the churn: no warning', points([['2027-01-22', 'red'], ['2027-01-29', 'yellow']]), '2027-02-05', null],
    ['unknown breaks a streak', points([['2027-01-15', 'red'], ['2027-01-22', 'unknown'], ['2027-01-29', 'red']]), '2027-02-05', 7],
    ['points on or after the churn do not count', points([['2027-01-29', 'green'], ['2027-02-05', 'red'], ['2027-02-12', 'red']]), '2027-02-05', null],
    ['no points', [], '2027-02-05', null],
  ])('%s', (_name, series, churnDay, expected) => {
    expect(leadTimeDays(series, churnDay)).toBe(expected);
  });
});

describe('bands, red precision and recall, judgement', () => {
  const samples = [
    { band: 'red', churned: true },
    { band: 'red', churned: false },
    { band: 'red', churned: true },
    { band: 'yellow', churned: true },
    { band: 'green', churned: false },
    { band: 'green', churned: false },
    { band: 'green', churned: false },
    { band: 'unknown', churned: false },
  ] as const;

  it('counts churn per band', () => {
    expect(churnByBand(samples)).toEqual([
      { band: 'green', samples: 3, churned: 0, churnRate: 0 },
      { band: 'yellow', samples: 1, churned: 1, churnRate: 1 },
      { band: 'red', samples: 3, churned: 2, churnRate: 2 / 3 },
      { band: 'unknown', samples: 1, churned: 0, churnRate: 0 },
    ]);
  });

  it('measures red as a churn flag', () => {
    expect(redBandAccuracy(samples)).toEqual({ flagged: 3, precision: 2 / 3, recall: 2 / 3 });
    expect(redBandAccuracy([{ band: 'green', churned: false }])).toEqual({ flagged: 0, precision: null, recall: null });
    // Right: red+churned ×2, green/unknown retained ×4; wrong: red retained, yellow churned.
    expect(judgementAccuracy(samples)).toEqual({ samples: 8, right: 6, accuracy: 0.75 });
  });

  it('takes medians', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(median([])).toBeNull();
  });
});
