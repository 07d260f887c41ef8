import { RollUpChild, rollUp, RollUpSettings } from './roll-up';

const settings: RollUpSettings = { reportingCurrency: 'USD', fxRates: { EUR: 1.1, CNY: 0.14, GBP: null }, bands: { green: 75, yellow: 50 }, minimumCoverage: 0.6 };

function child(accountId: string, score: number | null, band: RollUpChild['band'], arr: number | string, currency = 'USD'): RollUpChild {
  return { accountId, score, band, arr, currency };
}

describe('parent roll-up: ARR-weighted score and worst child', () => {
  it.each<[string, RollUpChild[], { score: number | null; band: string; coverage: number; weighting?: string; arrReporting: number; worst: string | null }]>([
    [
      // (300k × 80 + 100k × 40) / 400k = 70.
      'two children in the reporting currency',
      [child('a', 80, 'green', 300_000), child('b', 40, 'red', 100_000)],
      { score: 70, band: 'yellow', coverage: 1, weighting: 'arr', arrReporting: 400_000, worst: 'b' },
    ],
    [
      // EUR 100k × 1.1 = 110k; CNY 1M × 0.14 = 140k; (110k × 80 + 140k × 50) / 250k = 63.2.
      'children in other currencies, converted first',
      [child('a', 80, 'green', '100000.00', 'EUR'), child('b', 50, 'yellow', '1000000.00', 'CNY')],
      { score: 63.2, band: 'yellow', coverage: 1, arrReporting: 250_000, worst: 'b' },
    ],
    [
      // The unknown child is left out of the score and cannot be the worst; it holds 50k of 150k: coverage 2/3.
      'a child with an unknown band',
      [child('a', 90, 'green', 100_000), child('b', 30, 'unknown', 50_000)],
      { score: 90, band: 'green', coverage: 100_000 / 150_000, arrReporting: 150_000, worst: 'a' },
    ],
    [
      // Coverage 100k / 400k = 25%: the parent's band is unknown rather than a guess from one small child.
      'an unknown child holding most of the ARR',
      [child('a', 90, 'green', 100_000), child('b', null, 'unknown', 300_000)],
      { score: 90, band: 'unknown', coverage: 0.25, arrReporting: 400_000, worst: 'a' },
    ],
    [
      // GBP has no rate: b's weight is unknowable, so it is left out of the score and the ARR
      // total — but its red band is known, so it is still the worst child.
      'a child whose currency has no FX rate',
      [child('a', 80, 'green', 100_000), child('b', 30, 'red', 500_000, 'GBP')],
      { score: 80, band: 'green', coverage: 1, arrReporting: 100_000, worst: 'b' },
    ],
    [
      'a currency missing from the rates altogether',
      [child('a', 60, 'yellow', 100_000), child('b', 90, 'green', 10_000, 'JPY')],
      { score: 60, band: 'yellow', coverage: 1, arrReporting: 100_000, worst: 'a' },
    ],
    [
      // Pay-as-you-go children without ARR: each counts once, (80 + 60) / 2.
      'children all without ARR',
      [child('a', 80, 'green', 0), child('b', 60, 'yellow', '0.00')],
      { score: 70, band: 'yellow', coverage: 1, weighting: 'equal', arrReporting: 0, worst: 'b' },
    ],
    [
      // b's overridden red band (score 80) outranks c's computed yellow 55: band first, then score.
      'the worst child is the worst band first, then the lowest score',
      [child('a', 90, 'green', 100), child('b', 80, 'red', 100), child('c', 55, 'yellow', 100)],
      { score: 75, band: 'green', coverage: 1, arrReporting: 300, worst: 'b' },
    ],
    [
      'equal worst children: the first by account id',
      [child('z', 40, 'red', 100), child('m', 40, 'red', 100)],
      { score: 40, band: 'red', coverage: 1, arrReporting: 200, worst: 'm' },
    ],
    ['no children', [], { score: null, band: 'unknown', coverage: 0, arrReporting: 0, worst: null }],
  ])('%s', (_case, children, expected) => {
    const result = rollUp(children, settings);
    expect(result.score).toBe(expected.score);
    expect(result.band).toBe(expected.band);
    expect(result.coverage).toBeCloseTo(expected.coverage, 12);
    expect(result.arrReporting).toBe(expected.arrReporting);
    if (expected.weighting) expect(result.weighting).toBe(expected.weighting);
    expect(result.worstChild?.accountId ?? null).toBe(expected.worst);
  });

  it('says which children were left out and why, and each one\'s share', () => {
    const result = rollUp([child('a', 80, 'green', 300_000), child('b', 40, 'red', 100_000), child('c', null, 'unknown', 50_000), child('d', 20, 'red', 1000, 'GBP')], settings);
    expect(result.children).toEqual([
      { accountId: 'a', arrReporting: 300_000, share: 0.75, excludedBecause: null },
      { accountId: 'b', arrReporting: 100_000, share: 0.25, excludedBecause: null },
      { accountId: 'c', arrReporting: 50_000, share: 0, excludedBecause: 'unknown-band' },
      { accountId: 'd', arrReporting: null, share: 0, excludedBecause: 'missing-fx' },
    ]);
    expect(result.worstChild).toEqual({ accountId: 'd', score: 20, band: 'red' });
  });
});
