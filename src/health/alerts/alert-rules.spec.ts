import { addDays } from '../../usage/usage-row';
import type { HealthBand } from '../scoring/score';
import {
  ActiveAlert,
  bandDrop,
  bandRecovered,
  DailySnapshot,
  healthAlertDrafts,
  healthAutoResolutions,
  MainMetricSeries,
  metricDrop,
  metricRecovered,
  responseAtRiskAlert,
  scoreFall,
  scoreRecovered,
  slaAutoResolutions,
  slaBreachAlert,
  TicketSlaFacts,
  usageDropDays,
  USAGE_SECOND_PASS_DAYS,
} from './alert-rules';

const AS_OF = '2026-06-20';
const B: Record<string, HealthBand> = { g: 'green', y: 'yellow', r: 'red', u: 'unknown' };

/** Bands from oldest to asOf, one letter a day (g, y, r, u; '.' = no snapshot). */
function bands(pattern: string, asOf = AS_OF, score = 60): DailySnapshot[] {
  const snapshots: DailySnapshot[] = [];
  [...pattern].forEach((letter, index) => {
    if (letter === '.') return;
    snapshots.push({ day: addDays(asOf, index - (pattern.length - 1)), band: B[letter], score: letter === 'u' ? null : score, coverage: 1 });
  });
  return snapshots;
}

/** Scores from oldest to asOf (null = no snapshot); bands follow the default thresholds. */
function scores(values: (number | null)[], asOf = AS_OF, coverage: (number | null)[] = []): DailySnapshot[] {
  return values.flatMap((score, index) =>
    score === null ? [] : [{ day: addDays(asOf, index - (values.length - 1)), score, band: (score >= 75 ? 'green' : score >= 50 ? 'yellow' : 'red') as HealthBand, coverage: coverage[index] ?? 1 }],
  );
}

describe('band dropped', () => {
  it.each([
    ['two bad days agree after a green one', 'ggrr', { fromBand: 'green', toBand: 'red', since: '2026-06-19', fromDay: '2026-06-18' }],
    ['one bad day is not enough', 'gggr', null],
    ['one bad day after a bad day that recovered is not enough', 'grgr', null],
    ['yesterday red and today yellow confirm at most yellow', 'ggry', { fromBand: 'green', toBand: 'yellow', since: '2026-06-19' }],
    ['green to yellow', 'gyy', { fromBand: 'green', toBand: 'yellow', since: '2026-06-19' }],
    ['yellow to red', 'yyrr', { fromBand: 'yellow', toBand: 'red', since: '2026-06-19' }],
    ['still the same episode two days later', 'grrrr', { fromBand: 'green', toBand: 'red', since: '2026-06-17' }],
    ['a run of unknown days between is skipped, not a drop', 'guurr', { fromBand: 'green', toBand: 'red', since: '2026-06-19' }],
    ['missing days between are skipped', 'g..rr', { fromBand: 'green', toBand: 'red', since: '2026-06-19' }],
    ['unknown today never alerts', 'ggru', null],
    ['unknown yesterday never alerts', 'ggur', null],
    ['going unknown is never a drop', 'gguu', null],
    ['no snapshot today', 'ggr.', null],
    ['no snapshot yesterday', 'gg.r', null],
    ['no better band before', 'rrrr', null],
    ['a recovery is not a drop', 'rrgg', null],
    ['red for longer than the lookback is no news', `g${'r'.repeat(15)}`, null],
  ])('%s (%s)', (_name, pattern, expected) => {
    const drop = bandDrop(bands(pattern), AS_OF);
    if (expected === null) expect(drop).toBeNull();
    else expect(drop).toMatchObject(expected);
  });

  it.each([
    ['back at green two days', 'rrgg', 'green', true],
    ['back at green one day only', 'rrrg', 'green', false],
    ['better than it dropped from', 'rryg', 'red', true],
    ['yellow is not back to green', 'rryy', 'green', false],
    ['unknown is not a recovery', 'rrgu', 'green', false],
  ])('recovered: %s', (_name, pattern, fromBand, expected) => {
    expect(bandRecovered(bands(pattern), AS_OF, fromBand as 'green' | 'yellow' | 'red')).toBe(expected);
  });
});

describe('score fell', () => {
  const week = (from: number, rest: (number | null)[]) => [from, ...rest];
  it.each([
    ['15 points in 7 days', week(80, [80, 80, 80, 80, 80, 80, 65]), 15, { fromScore: 80, toScore: 65, fellPoints: 15, since: AS_OF, fromDay: '2026-06-13' }],
    ['14.9 points is not enough', week(80, [80, 80, 80, 80, 80, 80, 65.1]), 15, null],
    ['a lower threshold', week(80, [80, 80, 80, 80, 80, 80, 70]), 10, { fellPoints: 10 }],
    ['no snapshot 7 days ago', week(null as unknown as number, [80, 80, 80, 80, 80, 80, 60]), 15, null],
    ['no snapshot today', week(80, [80, 80, 80, 80, 80, 80, null]), 15, null],
  ])('%s', (_name, values, points, expected) => {
    const fall = scoreFall(scores(values), AS_OF, points);
    if (expected === null) expect(fall).toBeNull();
    else expect(fall).toMatchObject(expected);
  });

  it('keeps the episode that began days ago (same key each day)', () => {
    // fell on 06-18 and stayed down: 06-18, 06-19 and 06-20 each stand ≥ 15 below 7 days before
    const values = [80, 80, 80, 80, 80, 80, 80, 80, 80, 80, 80, 80, 60, 60, 60];
    expect(scoreFall(scores(values), AS_OF)).toMatchObject({ since: '2026-06-18' });
    expect(scoreFall(scores(values.slice(0, -1), '2026-06-19'), '2026-06-19')).toMatchObject({ since: '2026-06-18' });
  });

  it('a fall that has lasted beyond the window is no news', () => {
    // a steady slide of 3 a day: every day stands 21 below the week before, since before the window
    const values = Array.from({ length: 15 }, (_, index) => 100 - 3 * index);
    expect(scoreFall(scores(values), AS_OF)).toBeNull();
  });

  it('unknown bands never alert', () => {
    const snapshots = scores([80, 80, 80, 80, 80, 80, 80, 40]);
    snapshots[snapshots.length - 1].band = 'unknown';
    expect(scoreFall(snapshots, AS_OF)).toBeNull();
    const earlier = scores([80, 80, 80, 80, 80, 80, 80, 40]);
    earlier[0].band = 'unknown';
    expect(scoreFall(earlier, AS_OF)).toBeNull();
  });

  it('a fall that comes with lost coverage is missing data, not news', () => {
    expect(scoreFall(scores([80, 80, 80, 80, 80, 80, 80, 60], AS_OF, [1, 1, 1, 1, 1, 1, 1, 0.7]), AS_OF)).toBeNull();
    expect(scoreFall(scores([80, 80, 80, 80, 80, 80, 80, 60], AS_OF, [0.7, 1, 1, 1, 1, 1, 1, 1]), AS_OF)).not.toBeNull();
  });

  it.each([
    [72.5, true],
    [72.4, false],
  ])('recovered at %s after falling from 80 (threshold 15)', (score, expected) => {
    expect(scoreRecovered(scores([score]), AS_OF, 80, 15)).toBe(expected);
  });
});

describe('usage dropped overnight', () => {
  /** Same weekday values: 8 weeks of 100 before each of the last `days` days, then the given values (oldest first). */
  function series(lastValues: (number | null)[], daysRead = USAGE_SECOND_PASS_DAYS, holidays: string[] = []): MainMetricSeries {
    const values = new Map<string, number>();
    for (const day of usageDropDays(AS_OF, daysRead)) values.set(day, 100);
    lastValues.forEach((value, index) => {
      const day = addDays(AS_OF, index - (lastValues.length - 1));
      if (value === null) values.delete(day);
      else values.set(day, value);
    });
    return { metric: 'video_minutes', metricName: 'Video minutes', daysRead, series: [...values].map(([day, value]) => ({ day, value, weight: null })), holidays: new Set(holidays) };
  }

  it.each([
    ['the last two days below half', [100, 100, 100, 40, 30], { since: '2026-06-19' }],
    ['only today below', [100, 100, 100, 100, 30], null],
    ['only yesterday below', [100, 100, 100, 30, 100], null],
    ['exactly half is not below', [100, 100, 100, 50, 50], null],
    ['today not in yet', [100, 100, 100, 30, null], null],
    ['a run that began three days ago keeps its start', [100, 30, 30, 30, 30], { since: '2026-06-17' }],
    ['a run that began four days ago is no news', [30, 30, 30, 30, 30], null],
  ])('%s', (_name, last, expected) => {
    const drop = metricDrop(series(last), AS_OF);
    if (expected === null) expect(drop).toBeNull();
    else expect(drop).toMatchObject(expected);
  });

  it.each<[string, (number | null)[], string[], { since: string } | null]>([
    ['down the day before and on a public holiday', [100, 100, 100, 40, 30], ['2026-06-20'], null],
    ['down on a holiday and the day after it', [100, 100, 100, 40, 30], ['2026-06-19'], null],
    ['still down on the two ordinary days after a break: a fresh episode', [30, 30, 30, 30, 30], ['2026-06-16', '2026-06-17', '2026-06-18'], { since: '2026-06-19' }],
    ['a holiday long before changes nothing', [100, 100, 100, 40, 30], ['2026-05-01'], { since: '2026-06-19' }],
  ])('holidays: %s', (_name, last, holidays, expected) => {
    const drop = metricDrop(series(last, USAGE_SECOND_PASS_DAYS, holidays), AS_OF);
    if (expected === null) expect(drop).toBeNull();
    else expect(drop).toMatchObject(expected);
  });

  it('does not call usage recovered on a holiday', () => {
    expect(metricRecovered(series([30, 30, 60]), AS_OF)).toBe(true);
    expect(metricRecovered(series([30, 30, 60], USAGE_SECOND_PASS_DAYS, [AS_OF]), AS_OF)).toBe(false);
  });

  it('asks for more history when the first pass dropped', () => {
    expect(metricDrop(series([40, 30], 2), AS_OF)).toBe('needs-history');
    expect(metricDrop(series([100, 30], 2), AS_OF)).toBeNull();
  });

  it('needs 4 known weekdays of baseline', () => {
    const thin = series([100, 100, 100, 30, 30]);
    const kept = new Set([AS_OF, addDays(AS_OF, -1), addDays(AS_OF, -7), addDays(AS_OF, -14), addDays(AS_OF, -8), addDays(AS_OF, -15), addDays(AS_OF, -21), addDays(AS_OF, -22)]);
    expect(metricDrop({ ...thin, series: thin.series.filter((day) => kept.has(day.day)) }, AS_OF)).toBeNull();
  });

  it.each([
    ['back above half', [30, 30, 60], true],
    ['still below', [30, 30, 30], false],
    ['no data today', [30, 30, null], false],
  ])('recovered: %s', (_name, last, expected) => {
    expect(metricRecovered(series(last), AS_OF)).toBe(expected);
  });
});

describe('tickets', () => {
  const asOf = new Date('2026-06-20T12:00:00Z');
  const ticket = (overrides: Partial<TicketSlaFacts> = {}): TicketSlaFacts => ({
    ticketId: 't-1',
    accountId: 'a-1',
    externalId: 'ZD-1',
    severity: 'P1',
    subject: 'Calls drop',
    openedAt: new Date('2026-06-20T11:56:00Z'),
    resolvedAt: null,
    respondedAt: null,
    firstResponse: { state: 'pending', dueAt: new Date('2026-06-20T12:01:00Z'), targetMinutes: 5, targetUsedPct: 80 },
    resolution: { state: 'pending', dueAt: new Date('2026-06-20T15:56:00Z'), targetMinutes: 240, targetUsedPct: 1.67 },
    ...overrides,
  });

  it.each([
    ['P1 at 80% without a response', {}, { severity: 'critical', sourceRef: 't-1' }],
    ['P2 at exactly 75%', { severity: 'P2', firstResponse: { state: 'pending' as const, dueAt: null, targetMinutes: 60, targetUsedPct: 75 } }, { severity: 'high' }],
    ['P1 at 74.99%', { firstResponse: { state: 'pending' as const, dueAt: null, targetMinutes: 5, targetUsedPct: 74.99 } }, null],
    ['P3 is never at risk', { severity: 'P3' }, null],
    ['responded', { respondedAt: new Date('2026-06-20T11:59:00Z') }, null],
    ['resolved', { resolvedAt: new Date('2026-06-20T11:59:00Z'), respondedAt: new Date('2026-06-20T11:59:00Z') }, null],
    ['past its target and still no response', { firstResponse: { state: 'breached' as const, dueAt: null, targetMinutes: 5, targetUsedPct: 160 } }, { kind: 'sla_response_at_risk' }],
    ['opened more than 90 days ago', { openedAt: new Date('2026-03-01T00:00:00Z') }, null],
  ])('response at risk: %s', (_name, overrides, expected) => {
    const draft = responseAtRiskAlert(ticket(overrides), asOf);
    if (expected === null) expect(draft).toBeNull();
    else expect(draft).toMatchObject(expected);
  });

  it('says it in words', () => {
    expect(responseAtRiskAlert(ticket(), asOf)!.facts.sentence).toBe(
      'P1 ticket ZD-1 ("Calls drop") has had no response and has used 80% of its 5-minute first-response target (due 2026-06-20 12:01 UTC).',
    );
  });

  const breached = { state: 'breached' as const, dueAt: new Date('2026-06-20T10:00:00Z'), targetMinutes: 60, targetUsedPct: 150 };
  it.each([
    ['first response breached', { firstResponse: breached }, { severity: 'critical', facts: { breachedTargets: ['firstResponse'] } }],
    ['resolution breached on a P3', { severity: 'P3', resolution: breached }, { severity: 'medium', facts: { breachedTargets: ['resolution'] } }],
    ['both', { firstResponse: breached, resolution: breached }, { title: 'P1 ticket ZD-1 breached its first-response and resolution SLA' }],
    ['nothing breached', {}, null],
    ['resolved 6 days ago', { resolution: breached, resolvedAt: new Date('2026-06-14T13:00:00Z') }, { kind: 'sla_breached' }],
    ['resolved 8 days ago', { resolution: breached, openedAt: new Date('2026-06-01T00:00:00Z'), resolvedAt: new Date('2026-06-12T00:00:00Z') }, null],
  ])('breached: %s', (_name, overrides, expected) => {
    const draft = slaBreachAlert(ticket(overrides), asOf);
    if (expected === null) expect(draft).toBeNull();
    else expect(draft).toMatchObject(expected);
  });

  it('closes a response-at-risk alert once the ticket has its response, or is out of view; never a breach', () => {
    const active: ActiveAlert[] = [
      { id: 'x1', accountId: 'a-1', kind: 'sla_response_at_risk', sourceRef: 't-1', facts: {} },
      { id: 'x2', accountId: 'a-1', kind: 'sla_response_at_risk', sourceRef: 't-2', facts: {} },
      { id: 'x3', accountId: 'a-1', kind: 'sla_response_at_risk', sourceRef: 't-gone', facts: {} },
      { id: 'x4', accountId: 'a-1', kind: 'sla_breached', sourceRef: 't-2', facts: {} },
    ];
    const tickets = new Map([
      ['t-1', ticket()],
      ['t-2', ticket({ ticketId: 't-2', respondedAt: new Date('2026-06-20T11:59:00Z') })],
    ]);
    expect(slaAutoResolutions(active, tickets).map((resolution) => resolution.id)).toEqual(['x2', 'x3']);
  });
});

describe('one account', () => {
  const options = { scoreDropPoints: 15 };

  it('drafts a band drop and a score fall with episode keys and sentences', () => {
    const snapshots = scores([...Array(13).fill(80), 45, 40]);
    const drafts = healthAlertDrafts({ accountId: 'a', snapshots, usage: [] }, AS_OF, options);
    expect(drafts).toEqual([
      expect.objectContaining({
        kind: 'band_dropped',
        severity: 'high',
        title: 'Health dropped from green to red',
        sourceRef: '2026-06-19:red',
        facts: expect.objectContaining({ sentence: 'Health has been red since 2026-06-19, down from green on 2026-06-18 (score 40).', fromBand: 'green', toBand: 'red' }),
      }),
      expect.objectContaining({ kind: 'score_fell', severity: 'high', sourceRef: '2026-06-19', title: 'Health score fell 40 points in 7 days' }),
    ]);
  });

  it('resolves a band drop that recovered, and one a deeper drop replaces', () => {
    const recovered: ActiveAlert = { id: '1', accountId: 'a', kind: 'band_dropped', sourceRef: '2026-06-10:yellow', facts: { fromBand: 'green', toBand: 'yellow' } };
    expect(healthAutoResolutions({ accountId: 'a', snapshots: bands('yygg'), usage: [] }, [recovered], [], AS_OF, options)).toEqual([
      { id: '1', accountId: 'a', note: 'Health back at green or better on 2026-06-19 and 2026-06-20.' },
    ]);
    const inputs = { accountId: 'a', snapshots: bands('gyyrr'), usage: [] };
    const drafts = healthAlertDrafts(inputs, AS_OF, options);
    expect(drafts.map((draft) => draft.sourceRef)).toEqual(['2026-06-19:red']);
    expect(healthAutoResolutions(inputs, [recovered], drafts, AS_OF, options)).toEqual([{ id: '1', accountId: 'a', note: 'Replaced by a drop to red since 2026-06-19.' }]);
  });

  it('leaves alone what has not recovered', () => {
    const active: ActiveAlert[] = [
      { id: '1', accountId: 'a', kind: 'band_dropped', sourceRef: 'x', facts: { fromBand: 'green', toBand: 'red' } },
      { id: '2', accountId: 'a', kind: 'score_fell', sourceRef: 'y', facts: { fromScore: 80 } },
    ];
    expect(healthAutoResolutions({ accountId: 'a', snapshots: bands('rrrr', AS_OF, 40), usage: [] }, active, [], AS_OF, options)).toEqual([]);
  });
});
