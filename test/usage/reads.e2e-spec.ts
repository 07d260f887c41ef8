import request from 'supertest';
import { FixedClock } from '../../src/common/clock';
import { assign, auth, createAccount, createManager } from '../accounts/fixtures';
import { startTestApp, TestApp } from '../support/test-app';

const TODAY = '2026-05-01'; // a Friday

function day(offset: number): string {
  return new Date(Date.parse(`${TODAY}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);
}

describe('Usage reads and trends (e2e)', () => {
  let t: TestApp;
  let account: { id: string };
  let outside: { id: string };
  const clock = new FixedClock(new Date(`${TODAY}T08:00:00Z`));
  const get = (path: string, key = t.adminKey) => request(t.server).get(path).set(auth(key));

  beforeAll(async () => {
    t = await startTestApp({ clock });
    account = await createAccount(t, { products: ['video-calling'] });
    outside = await createAccount(t);
    await request(t.server)
      .post('/api/v1/metrics')
      .set(auth(t.adminKey))
      .send({ key: 'active-seats', name: 'Active seats', unit: 'seats', aggregation: 'last', kind: 'usage' })
      .expect(201);
    const rows: object[] = [];
    // video-minutes: 100 a day for 120 days up to yesterday, then traffic moved away: 10 on the last two days.
    for (let offset = -120; offset <= -1; offset += 1) rows.push({ account: account.id, metric: 'video-minutes', date: day(offset), value: offset >= -2 ? 10 : 100 });
    // join-success-rate over April: 0.99 of 1,000 joins on weekdays, 0.5 of 10 joins on weekends.
    for (let offset = -30; offset <= -1; offset += 1) {
      const weekend = [0, 6].includes(new Date(`${day(offset)}T00:00:00Z`).getUTCDay());
      rows.push({ account: account.id, metric: 'join-success-rate', date: day(offset), value: weekend ? 0.5 : 0.99, weight: weekend ? 10 : 1000 });
    }
    // daily-active-users (avg), peak-concurrent-users (max), active-seats (last) over 1–10 April.
    for (let offset = -30; offset <= -21; offset += 1) {
      rows.push({ account: account.id, metric: 'daily-active-users', date: day(offset), value: offset + 40 });
      rows.push({ account: account.id, metric: 'peak-concurrent-users', date: day(offset), value: offset === -25 ? 500 : 50 });
      rows.push({ account: account.id, metric: 'active-seats', date: day(offset), value: offset + 100 });
    }
    rows.push({ account: outside.id, metric: 'video-minutes', date: day(-1), value: 5 });
    const ingest = await request(t.server).post('/api/v1/usage').set(auth(t.adminKey)).send(rows).expect(200);
    expect(ingest.body.rejected).toBe(0);
  });
  afterAll(async () => t.close());

  it('answers days as stored, weeks from Monday clipped to the range, months by calendar', async () => {
    const days = await get(`/api/v1/accounts/${account.id}/usage?metric=video-minutes&from=2026-04-27&to=2026-04-30`).expect(200);
    expect(days.body).toEqual({
      accountId: account.id,
      from: '2026-04-27',
      to: '2026-04-30',
      granularity: 'day',
      metrics: [
        {
          metric: 'video-minutes',
          name: 'Video minutes',
          unit: 'minutes',
          aggregation: 'sum',
          kind: 'usage',
          higherIsBetter: true,
          points: [
            { period: '2026-04-27', from: '2026-04-27', to: '2026-04-27', value: 100, weight: null, days: 1 },
            { period: '2026-04-28', from: '2026-04-28', to: '2026-04-28', value: 100, weight: null, days: 1 },
            { period: '2026-04-29', from: '2026-04-29', to: '2026-04-29', value: 10, weight: null, days: 1 },
            { period: '2026-04-30', from: '2026-04-30', to: '2026-04-30', value: 10, weight: null, days: 1 },
          ],
        },
      ],
    });
    // 2026-04-15 is a Wednesday: its week starts Monday 13 April but is clipped to the range.
    const weeks = await get(`/api/v1/accounts/${account.id}/usage?metric=video-minutes&from=2026-04-15&to=2026-05-01&granularity=week`).expect(200);
    expect(weeks.body.metrics[0].points).toEqual([
      { period: '2026-04-13', from: '2026-04-15', to: '2026-04-19', value: 500, weight: null, days: 5 },
      { period: '2026-04-20', from: '2026-04-20', to: '2026-04-26', value: 700, weight: null, days: 7 },
      { period: '2026-04-27', from: '2026-04-27', to: '2026-05-01', value: 220, weight: null, days: 4 },
    ]);
    const months = await get(`/api/v1/accounts/${account.id}/usage?metric=video-minutes&from=2026-03-01&to=2026-04-30&granularity=month`).expect(200);
    expect(months.body.metrics[0].points).toEqual([
      { period: '2026-03-01', from: '2026-03-01', to: '2026-03-31', value: 3100, weight: null, days: 31 },
      { period: '2026-04-01', from: '2026-04-01', to: '2026-04-30', value: 2820, weight: null, days: 30 },
    ]);
  });

  it('rolls a ratio metric up as the weight-weighted mean', async () => {
    const month = await get(`/api/v1/accounts/${account.id}/usage?metric=join-success-rate&from=2026-04-01&to=2026-04-30&granularity=month`).expect(200);
    // April 2026: 22 weekdays and 8 weekend days.
    const [point] = month.body.metrics[0].points;
    expect(point.weight).toBe(22 * 1000 + 8 * 10);
    expect(point.value).toBeCloseTo((22 * 990 + 8 * 5) / (22 * 1000 + 8 * 10), 12);
    expect(point.value).not.toBeCloseTo((22 * 0.99 + 8 * 0.5) / 30, 3); // not the mean of the days
    const days = await get(`/api/v1/accounts/${account.id}/usage?metric=join-success-rate&from=2026-04-04&to=2026-04-04`).expect(200);
    expect(days.body.metrics[0].points).toEqual([{ period: '2026-04-04', from: '2026-04-04', to: '2026-04-04', value: 0.5, weight: 10, days: 1 }]);
  });

  it('rolls avg, max and last metrics up by their rules; without ?metric lists every metric with data', async () => {
    const all = await get(`/api/v1/accounts/${account.id}/usage?from=2026-04-01&to=2026-04-10&granularity=month`).expect(200);
    const byMetric = Object.fromEntries(all.body.metrics.map((series: { metric: string; points: { value: number }[] }) => [series.metric, series.points.map((point) => point.value)]));
    expect(byMetric).toEqual({
      'active-seats': [79], // the value of 10 April
      'daily-active-users': [14.5], // mean of 10..19
      'join-success-rate': [expect.any(Number)],
      'peak-concurrent-users': [500],
      'video-minutes': [1000],
    });
    const empty = await get(`/api/v1/accounts/${account.id}/usage?metric=messages`).expect(200);
    expect(empty.body).toMatchObject({ from: day(-89), to: TODAY, granularity: 'day', metrics: [{ metric: 'messages', points: [] }] });
  });

  it('reports trends as of a day, with the overnight drop on the main metric', async () => {
    const response = await get(`/api/v1/accounts/${account.id}/usage/trends?asOf=2026-04-30`).expect(200);
    expect(response.body.asOf).toBe('2026-04-30');
    const video = response.body.metrics.find((metric: { metric: string }) => metric.metric === 'video-minutes');
    expect(video).toMatchObject({
      isMainMetric: true,
      dropped: true,
      last7: { currentFrom: '2026-04-24', currentTo: '2026-04-30', current: 520, previous: 700, previousFrom: '2026-04-17', previousTo: '2026-04-23', currentDays: 7 },
      last28: { current: 2620, previous: 2800 },
      last90: { current: 8820, previous: 3000, previousDays: 30 },
      dropDays: [
        { day: '2026-04-29', value: 10, baselineMedian: 100, baselineDays: 8, below: true },
        { day: '2026-04-30', value: 10, baselineMedian: 100, baselineDays: 8, below: true },
      ],
    });
    expect(video.last7.changePct).toBeCloseTo((-180 / 700) * 100, 10);
    expect(video.last7.slopePerDay).toBeLessThan(0);
    const join = response.body.metrics.find((metric: { metric: string }) => metric.metric === 'join-success-rate');
    expect(join).toMatchObject({ isMainMetric: false, aggregation: 'ratio', dropped: false });
    // The last 7 days (24–30 April) hold 5 weekdays and 2 weekend days.
    expect(join.last7.current).toBeCloseTo((5 * 990 + 2 * 5) / 5020, 12);

    // As of 27 April the drop had not happened yet.
    const before = await get(`/api/v1/accounts/${account.id}/usage/trends?asOf=2026-04-27&metric=video-minutes`).expect(200);
    expect(before.body.metrics).toHaveLength(1);
    expect(before.body.metrics[0]).toMatchObject({ dropped: false, last7: { current: 700, changePct: 0 } });
  });

  it("leaves the holidays of the account's region calendar out of the overnight drop", async () => {
    // The same fall as `account`'s, for an account in a region whose calendar has 30 April off.
    const onHoliday = await createAccount(t, { products: ['video-calling'], region: 'EMEA' });
    const rows: object[] = [];
    for (let offset = -70; offset <= -1; offset += 1) rows.push({ account: onHoliday.id, metric: 'video-minutes', date: day(offset), value: offset >= -2 ? 10 : 100 });
    await request(t.server).post('/api/v1/usage').set(auth(t.adminKey)).send(rows).expect(200);
    const trend = async (id: string) => (await get(`/api/v1/accounts/${id}/usage/trends?asOf=2026-04-30&metric=video-minutes`).expect(200)).body.metrics[0];
    expect(await trend(onHoliday.id)).toMatchObject({ dropped: true, dropDays: [{ holiday: false }, { holiday: false }] });

    await request(t.server)
      .put('/api/v1/calendars')
      .set(auth(t.adminKey))
      .send({ items: [{ region: 'emea', timeZone: 'Europe/Berlin', weeklyHours: [{ day: 'monday', open: '09:00', close: '17:00' }], holidays: ['2026-04-30'] }] })
      .expect(200);
    expect(await trend(onHoliday.id)).toMatchObject({
      dropped: false,
      dropDays: [
        { day: '2026-04-29', value: 10, below: true, holiday: false },
        { day: '2026-04-30', value: 10, below: false, holiday: true },
      ],
    });
    // Other regions keep the default calendar, which has no holidays.
    expect(await trend(account.id)).toMatchObject({ dropped: true, dropDays: [{ holiday: false }, { holiday: false }] });
  });

  it('answers trends as of yesterday by default, the last complete day', async () => {
    const response = await get(`/api/v1/accounts/${account.id}/usage/trends`).expect(200);
    expect(response.body.asOf).toBe('2026-04-30');
  });

  it('scopes reads: a csm reads its accounts and gets 404 for others', async () => {
    const manager = await createManager(t);
    await assign(t, account.id, manager.id, 'csm');
    const csm = await t.keyFor('csm', manager.id);
    await get(`/api/v1/accounts/${account.id}/usage`, csm).expect(200);
    await get(`/api/v1/accounts/${account.id}/usage/trends`, csm).expect(200);
    const hidden = await get(`/api/v1/accounts/${outside.id}/usage`, csm).expect(404);
    expect(hidden.headers['content-type']).toMatch(/problem\+json/);
    await get(`/api/v1/accounts/${outside.id}/usage/trends`, csm).expect(404);
    const ingest = await t.keyFor('ingest');
    await get(`/api/v1/accounts/${account.id}/usage`, ingest).expect(403);
  });

  it('refuses bad queries with 400 and unknown accounts with 404', async () => {
    const base = `/api/v1/accounts/${account.id}/usage`;
    expect((await get(`${base}?from=2026-04-10&to=2026-04-01`).expect(400)).body.errors).toEqual([{ path: 'from', message: expect.any(String) }]);
    expect((await get(`${base}?metric=nope`).expect(400)).body.errors).toEqual([{ path: 'metric', message: expect.stringMatching(/unknown metric/) }]);
    await get(`${base}?granularity=year`).expect(400);
    await get(`${base}?from=2026-02-30`).expect(400);
    await get(`${base}?from=2020-01-01&to=2026-01-01`).expect(400);
    await get(`${base}?from=2020-01-01&to=2026-01-01&granularity=month`).expect(200);
    await get(`${base}/trends?asOf=yesterday`).expect(400);
    await get(`${base}/trends?metric=nope`).expect(400);
    await get(`${base}?colour=red`).expect(400);
    await get(`/api/v1/accounts/not-a-uuid/usage`).expect(400);
    await get(`/api/v1/accounts/00000000-0000-4000-8000-000000000000/usage/trends`).expect(404);
  });
});
