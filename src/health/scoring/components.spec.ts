import { AccountSignals, ComponentReading, readComponent } from './components';
import { DEFAULT_HEALTH_MODEL } from './default-model';
import { ComponentKind, ComponentParameters } from './health-model';

const asOf = '2027-06-30T00:00:00Z';
const DAY = 86_400_000;
const daysAgo = (days: number) => new Date(Date.parse(asOf) - days * DAY).toISOString();

/** An account with no data at all; each case adds the one signal group it reads. */
function signals(overrides: Partial<AccountSignals> = {}): AccountSignals {
  return { usage: null, commit: null, quality: null, support: null, adoption: null, npsResponses: [], relationship: null, attributes: {}, ...overrides };
}

/** Reads with the default model's parameters for the kind (or the ones given). */
function read(kind: ComponentKind, account: AccountSignals, parameters?: ComponentParameters): ComponentReading {
  const defaults = DEFAULT_HEALTH_MODEL.components.find((component) => component.kind === kind)?.parameters ?? {};
  return readComponent({ kind, parameters: parameters ?? defaults }, account, asOf);
}

type Expected = { raw: number | string; facts: string[] } | { missing: string };

function expectReading(reading: ComponentReading, expected: Expected): void {
  if ('missing' in expected) {
    expect(reading).toMatchObject({ status: 'missing', reason: expected.missing });
    return;
  }
  expect(reading.status).toBe('read');
  if (reading.status !== 'read') return;
  if (typeof expected.raw === 'number') expect(reading.raw).toBeCloseTo(expected.raw, 8);
  else expect(reading.raw).toBe(expected.raw);
  expect(reading.facts).toEqual(expected.facts);
}

const usage = (previousTotal: number, currentTotal: number, metricName?: string) => ({ metricKey: 'video-minutes', metricName, windowDays: 28, previousTotal, currentTotal, lastSeenOn: '2027-06-29' });

describe('usage trend', () => {
  it.each<[string, AccountSignals, Expected]>([
    ['no usage signals', signals(), { missing: 'no usage data' }],
    ['a drop of 38%', signals({ usage: usage(20_000, 12_400) }), { raw: -38, facts: ['video minutes −38% over 28 days'] }],
    ['growth of 12.5% (rounded half away from zero)', signals({ usage: usage(8000, 9000, 'audio minutes') }), { raw: 12.5, facts: ['audio minutes +13% over 28 days'] }],
    ['no change', signals({ usage: usage(500, 500) }), { raw: 0, facts: ['video minutes 0% over 28 days'] }],
    ['nothing in the previous window', signals({ usage: usage(0, 900) }), { missing: 'too little video minutes in the previous 28 days to measure a trend' }],
  ])('%s', (_case, account, expected) => {
    expectReading(read('usage-trend', account), expected);
  });

  it('refuses a baseline below the minimum', () => {
    expectReading(read('usage-trend', signals({ usage: usage(40, 90) }), { minimumBaseline: 100 }), { missing: 'too little video minutes in the previous 28 days to measure a trend' });
  });
});

describe('commit pacing', () => {
  // March has 31 days: a 31,000 commit expects 1,000 a day.
  const commit = (consumedToDate: number, lastSeenOn: string | null, commitAmount = 31_000) => ({
    billingModel: 'commit' as const,
    commitAmount,
    periodStart: '2027-03-01',
    periodEnd: '2027-03-31',
    consumedToDate,
    currency: 'USD',
    lastSeenOn,
  });

  it.each<[string, AccountSignals, Expected]>([
    ['no commercial signals', signals(), { missing: 'no commit or run-rate data' }],
    [
      '7,200 consumed after 10 days of 10,000 expected: 72%',
      signals({ commit: commit(7200, '2027-03-10') }),
      { raw: 72, facts: ['consumption at 72% of the pro-rata commit (USD 7,200 of USD 10,000 expected by 2027-03-10)'] },
    ],
    [
      'the whole period elapsed (usage seen after its end) paces against the full commit',
      signals({ commit: commit(34_100, '2027-04-02') }),
      { raw: 110, facts: ['consumption at 110% of the pro-rata commit (USD 34,100 of USD 31,000 expected by 2027-04-02)'] },
    ],
    ['only 3 days into the period', signals({ commit: commit(100, '2027-03-03') }), { missing: 'commit period only 3 days in; pacing counts from day 7' }],
    ['no usage yet this period', signals({ commit: commit(0, null) }), { missing: 'no usage recorded in the commit period' }],
    ['a zero commit', signals({ commit: commit(100, '2027-03-20', 0) }), { missing: 'no commit amount to pace against' }],
    [
      'PAYG at 64% of its peak run-rate',
      signals({ commit: { billingModel: 'payg', runRate: 6400, peakRunRate: 10_000, lastSeenOn: '2027-06-29' } }),
      { raw: 64, facts: ['28-day run-rate at 64% of its 90-day peak'] },
    ],
    ['PAYG without usage in 90 days', signals({ commit: { billingModel: 'payg', runRate: 0, peakRunRate: 0, lastSeenOn: null } }), { missing: 'no usage in the last 90 days to set a peak run-rate' }],
  ])('%s', (_case, account, expected) => {
    expectReading(read('commit-pacing', account), expected);
  });
});

describe('call quality', () => {
  const quality = (joinSuccessRate: number | null, freezeRate: number | null, p95LatencyMs: number | null) => signals({ quality: { joinSuccessRate, freezeRate, p95LatencyMs, lastSeenOn: '2027-06-29' } });

  it.each<[string, AccountSignals, Expected]>([
    ['no quality signals', signals(), { missing: 'no call quality data' }],
    ['no metric reported', quality(null, null, null), { missing: 'no call quality metrics reported' }],
    ['every metric on target', quality(0.996, 0.008, 310), { raw: 100, facts: ['call quality on target (join success 99.6%, freeze rate 0.8%, p95 latency 310 ms)'] }],
    // freeze (0.06 − 0.08) / (0.02 − 0.08) = 33.3; join (0.97 − 0.95) / 0.04 = 50; latency 100. Weakest: 33.3.
    ['frozen video sets the score; worst metric first', quality(0.97, 0.06, 310), { raw: 100 / 3, facts: ['freeze rate 6% (target ≤ 2%)', 'join success 97% (target ≥ 99%)'] }],
    // (700 − 1000) / (400 − 1000) = 0.5.
    ['only latency reported', quality(null, null, 700), { raw: 50, facts: ['p95 latency 700 ms (target ≤ 400 ms)'] }],
    ['beyond the bad threshold floors at 0', quality(0.9, null, null), { raw: 0, facts: ['join success 90% (target ≥ 99%)'] }],
  ])('%s', (_case, account, expected) => {
    expectReading(read('call-quality', account), expected);
  });

  it('averages the metrics when the model says mean', () => {
    const defaults = DEFAULT_HEALTH_MODEL.components.find((component) => component.kind === 'call-quality')!.parameters;
    // (33.3 + 50 + 100) / 3.
    expectReading(read('call-quality', quality(0.97, 0.06, 310), { ...defaults, combine: 'mean' }), { raw: (100 / 3 + 50 + 100) / 3, facts: ['freeze rate 6% (target ≤ 2%)', 'join success 97% (target ≥ 99%)'] });
  });
});

describe('support', () => {
  const support = (openP1: number, openP2: number, slaBreaches: Record<string, number>, escalations: number) => signals({ support: { openP1, openP2, slaBreaches, escalations, windowDays: 90, lastSeenAt: daysAgo(2) } });

  it.each<[string, AccountSignals, Expected]>([
    ['no support feed', signals(), { missing: 'no support data' }],
    ['a quiet account', support(0, 0, {}, 0), { raw: 0, facts: ['no open P1/P2 tickets, SLA breaches or escalations in 90 days'] }],
    // 1 × 25 + 2 × 15 + 1 × 10.
    ['an open P1, two P1 breaches and an escalation: 65 points', support(1, 0, { P1: 2 }, 1), { raw: 65, facts: ['2 P1 tickets breached SLA in 90 days', '1 open P1 ticket', '1 escalation in 90 days'] }],
    // 3 × 10 + 1 × 15.
    ['three open P2 and one P3 breach: 45 points', support(0, 3, { P3: 1, P2: 0 }, 0), { raw: 45, facts: ['1 P3 ticket breached SLA in 90 days', '3 open P2 tickets'] }],
  ])('%s', (_case, account, expected) => {
    expectReading(read('support', account), expected);
  });
});

describe('adoption', () => {
  it.each<[string, AccountSignals, Expected]>([
    ['no adoption signals', signals(), { missing: 'no adoption data' }],
    ['6 of 10 relevant features', signals({ adoption: { adoptedFeatures: 6, relevantFeatures: 10, lastSeenOn: '2027-06-28' } }), { raw: 60, facts: ['6 of 10 relevant features adopted'] }],
    ['the only relevant feature', signals({ adoption: { adoptedFeatures: 1, relevantFeatures: 1, lastSeenOn: '2027-06-28' } }), { raw: 100, facts: ['1 of 1 relevant feature adopted'] }],
    ['no relevant features', signals({ adoption: { adoptedFeatures: 0, relevantFeatures: 0, lastSeenOn: '2027-06-28' } }), { missing: "no features relevant to the account's use cases" }],
  ])('%s', (_case, account, expected) => {
    expectReading(read('adoption', account), expected);
  });
});

describe('sentiment', () => {
  it.each<[string, AccountSignals, Expected]>([
    ['no responses', signals(), { missing: 'no NPS response in the last 180 days' }],
    [
      // (1 × 100 + 2 × −100) / 3.
      'a user promoter and a decision-maker detractor',
      signals({ npsResponses: [{ score: 9, respondedAt: daysAgo(0), respondentRole: 'user' }, { score: 4, respondedAt: daysAgo(0), respondentRole: 'decision-maker' }] }),
      { raw: -100 / 3, facts: ['NPS −33 from 2 responses in 180 days', 'a decision maker answered 4 on 2027-06-30'] },
    ],
    ['one promoter', signals({ npsResponses: [{ score: 10, respondedAt: daysAgo(0), respondentRole: null }] }), { raw: 100, facts: ['NPS +100 from 1 response in 180 days'] }],
  ])('%s', (_case, account, expected) => {
    expectReading(read('sentiment', account), expected);
  });
});

describe('relationship', () => {
  const relationship = (lastTouchpointAt: string | null, executiveSponsorAssigned: boolean) => signals({ relationship: { lastTouchpointAt, executiveSponsorAssigned } });

  it.each<[string, AccountSignals, Expected]>([
    ['no relationship signals', signals(), { missing: 'no relationship data' }],
    // Recency (45 − 90) / (30 − 90) = 75; 0.7 × 75 + 0.3 × 100.
    ['45 days since a touchpoint, sponsor assigned', relationship(daysAgo(45), true), { raw: 82.5, facts: ['last touchpoint 45 days ago', 'executive sponsor assigned'] }],
    // Recency 100; 0.7 × 100 + 0: the missing sponsor is the weaker half and goes first.
    ['a recent touchpoint, no sponsor', relationship(daysAgo(10), false), { raw: 70, facts: ['no executive sponsor assigned', 'last touchpoint 10 days ago'] }],
    ['never a touchpoint, sponsor assigned', relationship(null, true), { raw: 30, facts: ['no touchpoint recorded', 'executive sponsor assigned'] }],
    ['120 days silent, no sponsor', relationship(daysAgo(120), false), { raw: 0, facts: ['last touchpoint 120 days ago', 'no executive sponsor assigned'] }],
    ['a touchpoint this morning', relationship(daysAgo(0.25), true), { raw: 100, facts: ['last touchpoint today', 'executive sponsor assigned'] }],
  ])('%s', (_case, account, expected) => {
    expectReading(read('relationship', account), expected);
  });
});

describe('attribute', () => {
  it.each<[string, AccountSignals, Expected]>([
    ['a string attribute', signals({ attributes: { contractType: 'annual' } }), { raw: 'annual', facts: ['contractType is annual'] }],
    ['an attribute the account lacks', signals({ attributes: { seats: 40 } }), { missing: 'attribute contractType not set' }],
  ])('%s', (_case, account, expected) => {
    expectReading(read('attribute', account, { attribute: 'contractType' }), expected);
  });

  it('reads numbers and booleans as they are', () => {
    expect(read('attribute', signals({ attributes: { seats: 40 } }), { attribute: 'seats' })).toMatchObject({ status: 'read', raw: 40, facts: ['seats is 40'] });
    expect(read('attribute', signals({ attributes: { strategic: false } }), { attribute: 'strategic' })).toMatchObject({ status: 'read', raw: false, facts: ['strategic is false'] });
  });
});
