import request from 'supertest';
import { FixedClock } from '../../src/common/clock';
import { UsageSignalsRepository } from '../../src/usage/usage-signals.repository';
import { auth, createAccount } from '../accounts/fixtures';
import { startTestApp, TestApp } from '../support/test-app';

const TODAY = '2026-05-01';

function day(offset: number): string {
  return new Date(Date.parse(`${TODAY}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);
}

/** The set-based usage reads health runs and review documents build on, against stored rows. */
describe('Usage signal reads (e2e)', () => {
  let t: TestApp;
  let reads: UsageSignalsRepository;
  let busy: { id: string };
  let quiet: { id: string };

  beforeAll(async () => {
    t = await startTestApp({ clock: new FixedClock(new Date(`${TODAY}T08:00:00Z`)) });
    reads = t.app.get(UsageSignalsRepository);
    busy = await createAccount(t);
    quiet = await createAccount(t);
    await request(t.server).post('/api/v1/metrics').set(auth(t.adminKey)).send({ key: 'active-seats', name: 'Active seats', unit: 'seats', aggregation: 'last', kind: 'usage' }).expect(201);
    const rows: object[] = [];
    // busy: video minutes 10, 20, … on the ten days up to yesterday, with a gap on day −4; seats 100 + offset.
    for (let offset = -10; offset <= -1; offset += 1) {
      if (offset !== -4) rows.push({ account: busy.id, metric: 'video-minutes', date: day(offset), value: (offset + 11) * 10 });
      rows.push({ account: busy.id, metric: 'active-seats', date: day(offset), value: 100 + offset });
      rows.push({ account: busy.id, metric: 'join-success-rate', date: day(offset), value: offset % 2 === 0 ? 0.9 : 1, weight: offset % 2 === 0 ? 100 : 300 });
    }
    // quiet: one day of video minutes, 40 days ago.
    rows.push({ account: quiet.id, metric: 'video-minutes', date: day(-40), value: 7 });
    const ingest = await request(t.server).post('/api/v1/usage').set(auth(t.adminKey)).send(rows).expect(200);
    expect(ingest.body.rejected).toBe(0);
  });
  afterAll(async () => t.close());

  it('finds the last reported day of each account and metric inside the look-back, and nothing for pairs without data', async () => {
    const pairs = [busy.id, quiet.id].flatMap((accountId) => ['video-minutes', 'active-seats', 'p95-e2e-latency'].map((metric) => ({ accountId, metric })));
    const found = await reads.lastDays(pairs, day(-30), day(-1));
    const byPair = Object.fromEntries(found.map((row) => [`${row.accountId === busy.id ? 'busy' : 'quiet'}:${row.metric}`, row.lastDay]));
    expect(byPair).toEqual({ 'busy:video-minutes': day(-1), 'busy:active-seats': day(-1) });
    const later = await reads.lastDays([{ accountId: busy.id, metric: 'video-minutes' }], day(-30), day(-5));
    expect(later).toEqual([{ accountId: busy.id, metric: 'video-minutes', lastDay: day(-5) }]);
    const longer = await reads.lastDays([{ accountId: quiet.id, metric: 'video-minutes' }], day(-60), day(-1));
    expect(longer).toEqual([{ accountId: quiet.id, metric: 'video-minutes', lastDay: day(-40) }]);
  });

  it('aggregates each requested window in request order, with the latest value only where asked for', async () => {
    const windows = await reads.windows([
      { accountId: busy.id, metric: 'video-minutes', from: day(-5), to: day(-1) },
      { accountId: busy.id, metric: 'active-seats', from: day(-10), to: day(-3), withLast: true },
      { accountId: busy.id, metric: 'active-seats', from: day(-10), to: day(-3) },
      { accountId: busy.id, metric: 'join-success-rate', from: day(-2), to: day(-1) },
      { accountId: quiet.id, metric: 'video-minutes', from: day(-5), to: day(-1), withLast: true },
    ]);
    // Days −5, −3, −2, −1 (−4 is a gap): 60 + 80 + 90 + 100.
    expect(windows[0]).toEqual({ days: 4, sum: 330, max: 100, last: null, weightedSum: null, weight: null, lastDay: day(-1) });
    expect(windows[1]).toMatchObject({ days: 8, last: 97, lastDay: day(-3), max: 97 });
    expect(windows[2]).toMatchObject({ days: 8, last: null, lastDay: day(-3) });
    // Day −2: 0.9 × 100; day −1: 1 × 300.
    expect(windows[3]).toMatchObject({ days: 2, weightedSum: 390, weight: 400 });
    expect(windows[4]).toEqual({ days: 0, sum: null, max: null, last: null, weightedSum: null, weight: null, lastDay: null });
  });

  it('answers pay-as-you-go run-rates from the days ending on each end day, leaving out accounts without any', async () => {
    const none = await createAccount(t);
    const rates = await reads.runRates([
      { accountId: busy.id, metric: 'video-minutes', endDay: day(-1) },
      { accountId: quiet.id, metric: 'video-minutes', endDay: day(-1) },
      { accountId: none.id, metric: 'video-minutes', endDay: day(-1) },
      { accountId: busy.id, metric: 'video-minutes', endDay: day(-6) },
    ]);
    expect(rates).toEqual([
      // Days −10 … −1 but −4: 10 + 20 + … + 100 − 70; every earlier window holds less.
      { accountId: busy.id, runRate: 480, peakRunRate: 480 },
      // Nothing on the end day: no run-rate; the one day 40 days back is still the 90-day peak.
      { accountId: quiet.id, runRate: 0, peakRunRate: 7 },
      // Days −10 … −6: 10 + 20 + 30 + 40 + 50.
      { accountId: busy.id, runRate: 150, peakRunRate: 150 },
    ]);
  });
});
