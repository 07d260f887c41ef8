import { AccountSignals } from './components';
import { DEFAULT_HEALTH_MODEL } from './default-model';
import { HealthModelDefinition } from './health-model';
import { bandFor, scoreAccount } from './score';

const identity = { type: 'linear' as const, points: [{ x: 0, y: 0 }, { x: 100, y: 100 }] };

/**
 * The default weights, each component reading a numeric attribute of the same name through an
 * identity curve, so a case sets component scores directly: `{ usage: 40 }` scores usage 40 and
 * leaves the components it does not name without data.
 */
const WEIGHTS = { usage: 25, commit: 20, quality: 15, support: 15, adoption: 10, sentiment: 10, relationship: 5 };
const mirrorModel: HealthModelDefinition = {
  components: Object.entries(WEIGHTS).map(([key, weight]) => ({ key, label: key, kind: 'attribute' as const, weight, parameters: { attribute: key }, curve: identity })),
  bands: { green: 75, yellow: 50 },
  minimumCoverage: 0.6,
  segments: [],
};
const ALL = (score: number) => Object.fromEntries(Object.keys(WEIGHTS).map((key) => [key, score]));

function withScores(attributes: Record<string, number>): AccountSignals {
  return { usage: null, commit: null, quality: null, support: null, adoption: null, npsResponses: [], relationship: null, attributes };
}

const asOf = '2027-06-30T06:00:00Z';

describe('weights renormalise over the components with data', () => {
  it.each<[string, Record<string, number>, number | null, number, string]>([
    ['every component at 80', ALL(80), 80, 1, 'green'],
    // (25 × 40 + 75 × 80) / 100.
    ['usage at 40, the rest at 80', { ...ALL(80), usage: 40 }, 70, 1, 'yellow'],
    // Usage missing: (20 × 40 + 55 × 80) / 75 = 69.33; coverage 75 / 100.
    ['usage missing, commit at 40, the rest at 80', { ...ALL(80), usage: undefined as unknown as number, commit: 40 }, 69.3, 0.75, 'yellow'],
    // 25 + 20 + 15 = 60 of 100: exactly the minimum, so the band is known — and red.
    ['only usage, commit and quality, all at 30 (coverage exactly 60%)', { usage: 30, commit: 30, quality: 30 }, 30, 0.6, 'red'],
    // 25 + 20 + 5 = 50 of 100: the score would be red, but missing data never makes an account red.
    ['only usage, commit and relationship, all at 20 (coverage 50%)', { usage: 20, commit: 20, relationship: 20 }, 20, 0.5, 'unknown'],
    ['a single light component at 100 (coverage 5%)', { relationship: 100 }, 100, 0.05, 'unknown'],
    ['no data at all', {}, null, 0, 'unknown'],
  ])('%s', (_case, attributes, score, coverage, band) => {
    const definedOnly = Object.fromEntries(Object.entries(attributes).filter(([, value]) => value !== undefined));
    const result = scoreAccount(mirrorModel, withScores(definedOnly), asOf);
    expect(result.score).toBe(score);
    expect(result.coverage).toBeCloseTo(coverage, 12);
    expect(result.band).toBe(band);
  });

  it('gives each scored component its share and contribution; unscored ones none', () => {
    const result = scoreAccount(mirrorModel, withScores({ commit: 40, quality: 80, support: 80, adoption: 80, sentiment: 80, relationship: 80 }), asOf);
    const usage = result.components.find((component) => component.key === 'usage')!;
    const commit = result.components.find((component) => component.key === 'commit')!;
    expect(usage).toMatchObject({ status: 'missing', reason: 'attribute usage not set', score: null, share: 0, contribution: 0, weight: 25 });
    // 20 / 75 of the weight; 0.2667 × 40 = 10.67 points.
    expect(commit.share).toBeCloseTo(20 / 75, 12);
    expect(commit.contribution).toBe(10.67);
    const shares = result.components.reduce((sum, component) => sum + component.share, 0);
    expect(shares).toBeCloseTo(1, 12);
  });

  it('keeps the band known at exactly the minimum coverage despite floating-point weights', () => {
    const fractional: HealthModelDefinition = {
      ...mirrorModel,
      components: mirrorModel.components.map((component) => ({ ...component, weight: component.weight / 100 })),
    };
    // 0.25 + 0.2 + 0.15 of a total that floating point may not hold as exactly 1.
    expect(scoreAccount(fractional, withScores({ usage: 90, commit: 90, quality: 90 }), asOf)).toMatchObject({ score: 90, band: 'green' });
  });
});

describe('bands', () => {
  const model = { bands: { green: 75, yellow: 50 }, minimumCoverage: 0.6 };
  it.each<[number | null, number, string]>([
    [100, 1, 'green'],
    [75, 1, 'green'],
    [74.9, 1, 'yellow'],
    [50, 1, 'yellow'],
    [49.9, 1, 'red'],
    [0, 1, 'red'],
    [10, 0.59, 'unknown'],
    [90, 0.59, 'unknown'],
    [null, 1, 'unknown'],
  ])('score %p at coverage %p is %s', (score, coverage, band) => {
    expect(bandFor(score, coverage, model)).toBe(band);
  });

  it('follows configured thresholds', () => {
    expect(bandFor(70, 1, { bands: { green: 70, yellow: 40 }, minimumCoverage: 0.5 })).toBe('green');
    expect(bandFor(39, 0.5, { bands: { green: 70, yellow: 40 }, minimumCoverage: 0.5 })).toBe('red');
  });
});

describe('staleness: data older than the component allows drops out', () => {
  const usageLastSeen = (lastSeenOn: string | null): AccountSignals => ({
    ...withScores({}),
    usage: { metricKey: 'video-minutes', windowDays: 28, previousTotal: 1000, currentTotal: 1000, lastSeenOn },
  });
  const usageOf = (lastSeenOn: string | null) => scoreAccount(DEFAULT_HEALTH_MODEL, usageLastSeen(lastSeenOn), asOf).components.find((component) => component.key === 'usage-trend')!;

  it.each<[string, string | null, string, string | null]>([
    ['seen yesterday', '2027-06-29', 'scored', null],
    // 2027-06-23 00:00 to 2027-06-30 06:00 is 7.25 days: 7 whole days, within the limit of 7.
    ['seen 7 days ago', '2027-06-23', 'scored', null],
    ['seen 8 days ago', '2027-06-22', 'stale', 'data last seen 2027-06-22, 8 days before the scoring date (limit 7)'],
    ['never dated', null, 'stale', 'no date to judge how fresh the data is'],
  ])('usage %s', (_case, lastSeenOn, status, reason) => {
    expect(usageOf(lastSeenOn)).toMatchObject({ status, reason });
  });

  it('keeps the stale reading\'s facts for the record but scores nothing', () => {
    expect(usageOf('2027-06-01')).toMatchObject({ score: null, share: 0, facts: ['video minutes 0% over 28 days'] });
  });
});

describe('the default model on a crafted account', () => {
  const account: AccountSignals = {
    // −38% → 15 on the curve (12/20 of the way from 0 to 25).
    usage: { metricKey: 'video-minutes', windowDays: 28, previousTotal: 20_000, currentTotal: 12_400, lastSeenOn: '2027-06-29' },
    // PAYG at 90% of peak → 67.5 (halfway from 60 to 75).
    commit: { billingModel: 'payg', runRate: 9000, peakRunRate: 10_000, lastSeenOn: '2027-06-29' },
    // On target → 100.
    quality: { joinSuccessRate: 0.996, freezeRate: 0.008, p95LatencyMs: 310, lastSeenOn: '2027-06-29' },
    // Two P1 breaches: 30 points → 54 (60 − 5/25 × 30).
    support: { openP1: 0, openP2: 0, slaBreaches: { P1: 2 }, escalations: 0, windowDays: 90, lastSeenAt: '2027-06-12T10:00:00Z' },
    // 60% adopted → 78 (70 + 10/25 × 20).
    adoption: { adoptedFeatures: 6, relevantFeatures: 10, lastSeenOn: '2027-06-28' },
    // One promoter this morning → NPS +100 → 100.
    npsResponses: [{ score: 10, respondedAt: '2027-06-30T06:00:00Z', respondentRole: 'user' }],
    // 45 days, sponsor → 82.5.
    relationship: { lastTouchpointAt: '2027-05-16T06:00:00Z', executiveSponsorAssigned: true },
    attributes: {},
  };
  const result = scoreAccount(DEFAULT_HEALTH_MODEL, account, asOf);

  it('scores each component on its curve', () => {
    expect(Object.fromEntries(result.components.map((component) => [component.key, component.score]))).toEqual({
      'usage-trend': 15,
      'commit-pacing': 67.5,
      'call-quality': 100,
      support: 54,
      adoption: 78,
      sentiment: 100,
      relationship: 82.5,
    });
  });

  it('weights them: (25×15 + 20×67.5 + 15×100 + 15×54 + 10×78 + 10×100 + 5×82.5) / 100 = 62.275 → 62.3, yellow', () => {
    expect(result).toMatchObject({ score: 62.3, band: 'yellow', coverage: 1 });
  });

  it('names the drivers: pull = share × (score − 75)', () => {
    // usage 0.25 × −60 = −15; support 0.15 × −21 = −3.15; commit 0.2 × −7.5 = −1.5.
    expect(result.drivers.down.map((driver) => [driver.key, driver.pull])).toEqual([
      ['usage-trend', -15],
      ['support', expect.closeTo(-3.15, 10)],
      ['commit-pacing', expect.closeTo(-1.5, 10)],
    ]);
    // quality 0.15 × 25 = 3.75; sentiment 0.1 × 25 = 2.5; relationship 0.05 × 7.5 = 0.375 (adoption 0.3 is fourth).
    expect(result.drivers.up.map((driver) => [driver.key, driver.pull])).toEqual([
      ['call-quality', expect.closeTo(3.75, 10)],
      ['sentiment', expect.closeTo(2.5, 10)],
      ['relationship', expect.closeTo(0.375, 10)],
    ]);
    expect(result.drivers.down.map((driver) => driver.sentence)).toEqual([
      'usage trend: video minutes −38% over 28 days',
      'support: 2 P1 tickets breached SLA in 90 days',
      'commit pacing: 28-day run-rate at 90% of its 90-day peak',
    ]);
  });

  it('is deterministic', () => {
    expect(scoreAccount(DEFAULT_HEALTH_MODEL, account, asOf)).toEqual(result);
  });
});

describe('attribute components read custom fields through a map', () => {
  const contractModel: HealthModelDefinition = {
    components: [
      { key: 'contract-type', label: 'contract type', kind: 'attribute', weight: 1, parameters: { attribute: 'contractType' }, curve: { type: 'map', scores: { annual: 90, monthly: 40 } } },
      { key: 'seats', label: 'seats', kind: 'attribute', weight: 1, parameters: { attribute: 'seats' }, curve: { type: 'linear', points: [{ x: 0, y: 0 }, { x: 50, y: 100 }] } },
    ],
    bands: { green: 75, yellow: 50 },
    minimumCoverage: 0.5,
    segments: [],
  };

  it.each<[string, Record<string, string | number>, number | null, string, string | null]>([
    // (90 + 20 seats → 40) / 2.
    ['a listed category and a number', { contractType: 'annual', seats: 20 }, 65, 'yellow', null],
    ['an unlisted category has no data', { contractType: 'weekly', seats: 50 }, 100, 'green', 'the curve does not score the value "weekly"'],
    ['a text where a number is expected has no data', { contractType: 'monthly', seats: 'many' }, 40, 'red', null],
  ])('%s', (_case, attributes, score, band, contractReason) => {
    const result = scoreAccount(contractModel, { ...withScores({}), attributes }, asOf);
    expect(result).toMatchObject({ score, band });
    expect(result.components[0].reason).toBe(contractReason);
  });
});
