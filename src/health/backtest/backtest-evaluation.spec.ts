import { evaluateVersion, LeftOutSample, ScoredSample } from './backtest-evaluation';

let sequence = 0;
const scored = (score: number, band: ScoredSample['band'], churned: boolean, extra: Partial<ScoredSample> = {}): ScoredSample => {
  sequence += 1;
  return { outcomeId: `o${sequence}`, accountId: `a${sequence}`, outcomeDate: '2027-01-01', asOf: '2026-10-03', churned, segment: 'growth', score, band, arrReporting: 1000, overrideBand: null, source: 'recomputed', ...extra };
};

describe('evaluateVersion', () => {
  const samples = [
    scored(20, 'red', true, { arrReporting: 5000, overrideBand: 'red' }),
    scored(40, 'red', false, { overrideBand: 'green' }),
    scored(60, 'yellow', true, { segment: 'startup', source: 'daily-record' }),
    scored(80, 'green', false, { segment: 'startup', arrReporting: null }),
    scored(90, 'green', false),
  ];
  const leftOut: LeftOutSample[] = [
    { outcomeId: 'x1', accountId: 'b1', outcomeDate: '2027-01-01', asOf: '2026-10-03', reason: 'not-scored-then' },
    { outcomeId: 'x2', accountId: 'b2', outcomeDate: '2027-01-01', asOf: '2026-10-03', reason: 'insufficient-data' },
    { outcomeId: 'x3', accountId: 'b3', outcomeDate: '2027-01-01', asOf: '2026-10-03', reason: 'insufficient-data' },
  ];
  const result = evaluateVersion(samples, leftOut, [14, null, 28], { sharedOutcomeIds: new Set([samples[0].outcomeId, samples[1].outcomeId]), resolutionDays: 7, lookbackDays: 182 });

  it('counts samples by class and source', () => {
    expect(result.sampleSize).toEqual({ samples: 5, churned: 2, retained: 3, accounts: 5, fromDailyRecord: 1, recomputed: 4 });
  });

  it('computes AUC plain, ARR-weighted, on shared samples and per segment', () => {
    // Pairs: churn 20 beats 40, 80, 90; churn 60 loses to 40, beats 80, 90 → 5 of 6.
    expect(result.auc).toBe(0.8333);
    // Weighted (the 80 has no FX rate and drops out): (5000·(1000+1000) + 1000·1000) / (6000·2000) = 11/12.
    expect(result.arrWeightedAuc).toBe(0.9167);
    expect(result.aucOnSharedSamples).toBe(1);
    expect(result.bySegment).toEqual([
      { segment: 'growth', samples: 3, churned: 1, auc: 1 },
      { segment: 'startup', samples: 2, churned: 1, auc: 1 },
    ]);
  });

  it('reports bands, the red flag, lead time, overrides and what was left out', () => {
    expect(result.bands.find((band) => band.band === 'red')).toEqual({ band: 'red', samples: 2, churned: 1, churnRate: 0.5 });
    expect(result.redBand).toEqual({ flagged: 2, precision: 0.5, recall: 0.5 });
    expect(result.leadTime).toEqual({ medianDays: 21, churnsWarned: 2, churnsNotWarned: 1, resolutionDays: 7, lookbackDays: 182 });
    // Overrides: red on a churn (right), green on a stayer (right); the computed bands were red on both (one right).
    expect(result.overrides).toEqual({
      samplesWithOverride: 2,
      override: { samples: 2, right: 2, accuracy: 1 },
      computedOnSameSamples: { samples: 2, right: 1, accuracy: 0.5 },
      computedOnAllSamples: { samples: 5, right: 3, accuracy: 0.6 },
    });
    expect(result.leftOut).toEqual({ total: 3, byReason: { 'not-scored-then': 1, 'segment-not-in-model': 0, organisation: 0, 'insufficient-data': 2 }, items: leftOut });
    expect(result.calibration.map((bin) => bin.samples)).toEqual([1, 1, 1, 1, 1]);
    // The fitted logistic curve predicts more churn for lower scores.
    expect(result.calibration[0].predictedRate!).toBeGreaterThan(result.calibration[4].predictedRate!);
  });

  it('answers nulls rather than failing without churns', () => {
    const none = evaluateVersion([scored(50, 'yellow', false)], [], [], { sharedOutcomeIds: null, resolutionDays: 7, lookbackDays: 182 });
    expect(none).toMatchObject({ auc: null, arrWeightedAuc: null, aucOnSharedSamples: null, redBand: { flagged: 0, precision: null, recall: null }, leadTime: { medianDays: null } });
    expect(none.calibration[0].predictedRate).toBeNull();
  });
});
