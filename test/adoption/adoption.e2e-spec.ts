import request from 'supertest';
import { FixedClock } from '../../src/common/clock';
import { assign, auth, createAccount, createManager } from '../accounts/fixtures';
import { AdoptionRepository } from '../../src/adoption/adoption.repository';
import { startTestApp, TestApp } from '../support/test-app';

describe('Adoption ingest and read (e2e)', () => {
  let t: TestApp;
  const clock = new FixedClock(new Date('2026-05-01T08:00:00Z'));
  let account: { id: string; externalId: string };
  let other: { id: string; externalId: string };
  let ingestKey: string;
  const post = (body: unknown, query = '', key = ingestKey) => request(t.server).post(`/api/v1/adoption${query}`).set(auth(key)).send(body as object);
  const stored = async (accountId: string) =>
    (
      await t.db.pool.query(
        `SELECT f.key AS feature, d.day::text AS day, d.active_users AS active, d.eligible_users AS eligible, d.adoption_pct::text AS pct
         FROM feature_adoption_daily d JOIN features f ON f.id = d.feature_id WHERE d.account_id = $1 ORDER BY f.key, d.day`,
        [accountId],
      )
    ).rows;
  const countAll = async () => (await t.db.pool.query('SELECT count(*)::int AS n FROM feature_adoption_daily')).rows[0].n as number;

  beforeAll(async () => {
    t = await startTestApp({ clock });
    ingestKey = await t.keyFor('ingest');
    for (const key of ['screen-share', 'cloud-record', 'whiteboard']) {
      await request(t.server).post('/api/v1/features').set(auth(t.adminKey)).send({ key, product: 'video-calling', name: key }).expect(201);
    }
    account = await createAccount(t, { appIds: ['adoption-app-1'] });
    other = await createAccount(t);
  });
  afterAll(async () => t.close());

  it('upserts JSON rows with counts or a percent; the same batch twice changes nothing; a later value replaces the earlier one', async () => {
    const rows = [
      { account: account.id, feature: 'screen-share', date: '2026-04-01', activeUsers: 5, eligibleUsers: 40 },
      { accountExternalId: account.externalId, feature: 'cloud-record', date: '2026-04-01', adoptionPct: 12.5 },
      { appId: 'adoption-app-1', feature: 'whiteboard', date: '2026-04-01', activeUsers: 1, eligibleUsers: 3, adoptionPct: 33.33 },
    ];
    expect((await post(rows).expect(200)).body).toEqual({ inserted: 3, updated: 0, unchanged: 0, rejected: 0, errors: [] });
    expect((await post(rows).expect(200)).body).toEqual({ inserted: 0, updated: 0, unchanged: 3, rejected: 0, errors: [] });
    const changed = await post([{ ...rows[0], activeUsers: 10 }, rows[1], rows[2]]).expect(200);
    expect(changed.body).toEqual({ inserted: 0, updated: 1, unchanged: 2, rejected: 0, errors: [] });
    // A percent alone replaces counts.
    expect((await post([{ account: account.id, feature: 'screen-share', date: '2026-04-01', adoptionPct: 30 }]).expect(200)).body).toMatchObject({ updated: 1 });
    expect(await stored(account.id)).toEqual([
      { feature: 'cloud-record', day: '2026-04-01', active: null, eligible: null, pct: '12.50' },
      { feature: 'screen-share', day: '2026-04-01', active: null, eligible: null, pct: '30.00' },
      { feature: 'whiteboard', day: '2026-04-01', active: 1, eligible: 3, pct: '33.33' },
    ]);
  });

  it('takes NDJSON and CSV streams, with bad rows reported by line', async () => {
    const ndjson = [
      JSON.stringify({ account: other.id, feature: 'screen-share', date: '2026-04-02', activeUsers: 2, eligibleUsers: 8 }),
      '{ not json',
      JSON.stringify({ account: other.id, feature: 'cloud-record', date: '2026-04-02', adoptionPct: 50 }),
    ].join('\n');
    const nd = await post(ndjson, '?partial=true').set('content-type', 'application/x-ndjson').expect(200);
    expect(nd.body).toMatchObject({ inserted: 2, rejected: 1, errors: [{ line: 2, path: '' }] });

    const csv = ['accountExternalId,feature,date,activeUsers,eligibleUsers,adoptionPct', `${other.externalId},whiteboard,2026-04-02,3,4,`, `${other.externalId},whiteboard,2026-04-03,,,80`].join('\n');
    expect((await post(csv).set('content-type', 'text/csv').expect(200)).body).toEqual({ inserted: 2, updated: 0, unchanged: 0, rejected: 0, errors: [] });
    expect((await post(csv).set('content-type', 'text/csv').expect(200)).body).toMatchObject({ inserted: 0, unchanged: 2 });
    const rows = await stored(other.id);
    expect(rows).toContainEqual({ feature: 'whiteboard', day: '2026-04-02', active: 3, eligible: 4, pct: '75.00' });
    expect(rows).toContainEqual({ feature: 'whiteboard', day: '2026-04-03', active: null, eligible: null, pct: '80.00' });

    const badCsv = ['account,feature,date,activeUsers,eligibleUsers', `${other.id},whiteboard,2026-04-04,many,4`].join('\n');
    const bad = await post(badCsv).set('content-type', 'text/csv').expect(400);
    expect(bad.body.errors).toContainEqual(expect.objectContaining({ line: 1, path: 'activeUsers' }));
  });

  it('streams a batch across many chunks; a feature may be named by id; one record named two ways across chunks is caught', async () => {
    const subject = await createAccount(t, { appIds: ['chunky-app'] });
    const featureId = (await t.db.pool.query(`SELECT id FROM features WHERE key = 'whiteboard'`)).rows[0].id as string;
    const lines: string[] = [];
    for (let index = 0; index < 2500; index += 1) {
      const date = new Date(Date.UTC(2019, 0, 1 + index)).toISOString().slice(0, 10);
      lines.push(JSON.stringify({ account: subject.id, feature: featureId.toUpperCase(), date, activeUsers: index % 50, eligibleUsers: 50 }));
    }
    // Line 2501 names line 1's record by app id with another value; line 2502 repeats line 2 exactly.
    lines.push(JSON.stringify({ appId: 'chunky-app', feature: 'whiteboard', date: '2019-01-01', activeUsers: 49, eligibleUsers: 50 }));
    lines.push(JSON.stringify({ appId: 'chunky-app', feature: 'whiteboard', date: '2019-01-02', activeUsers: 1, eligibleUsers: 50 }));
    const response = await post(lines.join('\n'), '?partial=true').set('content-type', 'application/x-ndjson').expect(200);
    expect(response.body).toEqual({ inserted: 2500, updated: 0, unchanged: 1, rejected: 1, errors: [expect.objectContaining({ line: 2501, path: 'date' })] });
    const stored = await t.db.pool.query('SELECT count(*)::int AS n, sum(active_users)::int AS active FROM feature_adoption_daily WHERE account_id = $1', [subject.id]);
    expect(stored.rows[0]).toEqual({ n: 2500, active: 50 * (49 * 50) / 2 });
  });

  it('takes concurrent batches over the same keys in opposite orders without deadlock; each row is inserted once', async () => {
    const subject = await createAccount(t);
    const rows = Array.from({ length: 4000 }, (_, index) => ({
      account: subject.id,
      feature: ['screen-share', 'cloud-record'][index % 2],
      date: new Date(Date.UTC(2015, 0, 1 + Math.floor(index / 2))).toISOString().slice(0, 10),
      adoptionPct: index % 100,
    }));
    const [forward, backward] = await Promise.all([post(rows).expect(200), post([...rows].reverse()).expect(200)]);
    expect(forward.body.inserted + backward.body.inserted).toBe(4000);
    expect(forward.body.unchanged + backward.body.unchanged).toBe(4000);
  });

  it('rejects text it cannot store as a bad row, not a failed batch', async () => {
    const response = await post([{ account: account.id, feature: 'screen\u0000share', date: '2026-04-01', adoptionPct: 1 }], '?partial=true').expect(200);
    expect(response.body).toMatchObject({ rejected: 1, errors: [{ line: 1, path: 'feature' }] });
  });

  it('rejects an atomic batch listing every bad row with its line, and stores nothing', async () => {
    const before = await countAll();
    const response = await post([
      { account: account.id, feature: 'screen-share', date: '2026-04-10', activeUsers: 1, eligibleUsers: 2 },
      { account: account.id, feature: 'screen-share', date: '2026-04-11', activeUsers: 5, eligibleUsers: 2 },
      { account: account.id, feature: 'screen-share', date: '2026-04-12', activeUsers: 1, eligibleUsers: 0 },
      { account: account.id, feature: 'screen-share', date: '2026-04-13', adoptionPct: 101 },
      { account: account.id, feature: 'no-such-feature', date: '2026-04-14', adoptionPct: 1 },
      { accountExternalId: 'nobody', feature: 'screen-share', date: '2026-04-15', adoptionPct: 1 },
      { account: account.id, feature: 'screen-share', date: '2026-02-30', adoptionPct: 1 },
      { account: account.id, feature: 'screen-share', date: '2026-05-03', adoptionPct: 1 },
      { account: account.id, feature: 'screen-share', date: '2026-04-10', activeUsers: 2, eligibleUsers: 2 },
      { account: account.id, feature: 'screen-share', date: '2026-04-16', activeUsers: -1, eligibleUsers: 2 },
      { account: account.id, feature: 'screen-share', date: '2026-04-17', activeUsers: 1 },
      { account: account.id, feature: 'screen-share', date: '2026-04-18' },
      { account: account.id, feature: 'screen-share', date: '2026-04-19', adoptionPct: 10, colour: 'red' },
      { account: account.id, feature: 'screen-share', date: '2026-04-20', adoptionPct: '10' },
      { account: account.id, appId: 'adoption-app-1', feature: 'screen-share', date: '2026-04-21', adoptionPct: 10 },
      { appId: 'adoption-app-1', feature: 'screen-share', date: '2026-04-10', adoptionPct: 99 },
    ]).expect(400);
    expect(response.headers['content-type']).toMatch(/problem\+json/);
    const at = (line: number) => [...new Set(response.body.errors.filter((error: { line: number }) => error.line === line).map((error: { path: string }) => error.path))];
    expect(at(1)).toEqual([]);
    expect(at(2)).toEqual(['activeUsers']);
    expect(at(3)).toEqual(['eligibleUsers']);
    expect(at(4)).toEqual(['adoptionPct']);
    expect(at(5)).toEqual(['feature']);
    expect(at(6)).toEqual(['accountExternalId']);
    expect(at(7)).toEqual(['date']);
    expect(at(8)).toEqual(['date']);
    expect(at(9)).toEqual(['date']); // same natural key as line 1, different values
    expect(at(10)).toEqual(['activeUsers']);
    expect(at(11)).toEqual(['eligibleUsers']);
    expect(at(12)).toEqual(['adoptionPct']);
    expect(at(13)).toEqual(['colour']);
    expect(at(14)).toEqual(['adoptionPct']);
    expect(at(15)).toEqual(['account']);
    expect(at(16)).toEqual(['date']); // the same account named by app id: same day with other values
    expect(response.body.errors.find((error: { line: number }) => error.line === 16).message).toContain('line 1');
    expect(await countAll()).toBe(before);
  });

  it('keeps good rows with ?partial=true; ?dryRun=true counts exactly and stores nothing', async () => {
    const rows = [
      { account: account.id, feature: 'screen-share', date: '2026-04-20', adoptionPct: 10 },
      { account: account.id, feature: 'screen-share', date: '2026-04-01', adoptionPct: 30 },
      { account: account.id, feature: 'screen-share', date: '2026-04-21', adoptionPct: 300 },
    ];
    const before = await countAll();
    const dry = await post(rows, '?partial=true&dryRun=true').expect(200);
    expect(dry.body).toMatchObject({ inserted: 1, updated: 0, unchanged: 1, rejected: 1, errors: [{ line: 3, path: 'adoptionPct' }] });
    expect(await countAll()).toBe(before);
    expect((await post(rows.slice(0, 2), '?dryRun=true').expect(200)).body).toMatchObject({ inserted: 1, unchanged: 1 });
    expect(await countAll()).toBe(before);
    const partial = await post(rows, '?partial=true').expect(200);
    expect(partial.body).toMatchObject({ inserted: 1, unchanged: 1, rejected: 1 });
    expect(await countAll()).toBe(before + 1);
  });

  it('refuses a body that is not rows, unknown content types and keys without the role', async () => {
    await post({ account: account.id }).expect(400);
    await request(t.server).post('/api/v1/adoption').set(auth(ingestKey)).set('content-type', 'application/json').send('[{"account": ').expect(400);
    await request(t.server).post('/api/v1/adoption').set(auth(ingestKey)).set('content-type', 'application/xml').send('<rows/>').expect(415);
    const manager = await createManager(t);
    for (const role of ['manager', 'bi'] as const) await post([], '', await t.keyFor(role)).expect(403);
    await post([], '', await t.keyFor('csm', manager.id)).expect(403);
    expect((await post([], '', t.adminKey).expect(200)).body).toEqual({ inserted: 0, updated: 0, unchanged: 0, rejected: 0, errors: [] });
  });

  describe('GET accounts/:id/adoption', () => {
    let subject: { id: string };
    beforeAll(async () => {
      subject = await createAccount(t);
      const series = [
        // screen-share: adopted on 03-10 (20%), dips below later; 28 days before 04-30 is 04-02 -> latest on or before is 03-31.
        ['screen-share', '2026-03-01', 10],
        ['screen-share', '2026-03-10', 20],
        ['screen-share', '2026-03-31', 25],
        ['screen-share', '2026-04-20', 15],
        ['screen-share', '2026-04-30', 45.5],
        // cloud-record: never adopted, no report 28 days back.
        ['cloud-record', '2026-04-29', 19.99],
        // whiteboard: only reported after asOf below.
        ['whiteboard', '2026-05-02', 90],
      ] as const;
      await post(series.map(([feature, date, adoptionPct]) => ({ account: subject.id, feature, date, adoptionPct }))).expect(200);
    });

    it('gives per feature the latest percent, the change over 28 days and the first adopted day, as of a day', async () => {
      const response = await request(t.server).get(`/api/v1/accounts/${subject.id}/adoption?asOf=2026-04-30`).set(auth(t.adminKey)).expect(200);
      expect(response.body).toEqual({
        accountId: subject.id,
        asOf: '2026-04-30',
        thresholdPct: 20,
        featureCount: 2,
        adoptedCount: 1,
        features: [
          expect.objectContaining({ featureKey: 'cloud-record', adoptionPct: 19.99, adopted: false, pct28DaysAgo: null, comparedWithDay: null, change28Days: null, firstAdoptedOn: null, reportedOn: '2026-04-29' }),
          expect.objectContaining({ featureKey: 'screen-share', adoptionPct: 45.5, adopted: true, pct28DaysAgo: 25, comparedWithDay: '2026-03-31', change28Days: 20.5, firstAdoptedOn: '2026-03-10', reportedOn: '2026-04-30', activeUsers: null, eligibleUsers: null, product: 'video-calling' }),
        ],
      });
    });

    it('looks back from an earlier day and defaults to today', async () => {
      const earlier = await request(t.server).get(`/api/v1/accounts/${subject.id}/adoption?asOf=2026-03-09`).set(auth(t.adminKey)).expect(200);
      expect(earlier.body.features).toEqual([expect.objectContaining({ featureKey: 'screen-share', adoptionPct: 10, adopted: false, firstAdoptedOn: null, change28Days: null })]);
      const today = await request(t.server).get(`/api/v1/accounts/${subject.id}/adoption`).set(auth(t.adminKey)).expect(200);
      expect(today.body.asOf).toBe('2026-05-01');
      expect(today.body.features.map((feature: { featureKey: string }) => feature.featureKey)).toEqual(['cloud-record', 'screen-share']);
      const later = await request(t.server).get(`/api/v1/accounts/${subject.id}/adoption?asOf=2026-05-02`).set(auth(t.adminKey)).expect(200);
      expect(later.body).toMatchObject({ featureCount: 3, adoptedCount: 2 });
    });

    it('is scoped: a csm sees only accounts assigned to them, others answer 404; ingest keys cannot read', async () => {
      const csm = await createManager(t);
      const key = await t.keyFor('csm', csm.id);
      await request(t.server).get(`/api/v1/accounts/${subject.id}/adoption`).set(auth(key)).expect(404);
      await assign(t, subject.id, csm.id, 'csm');
      await request(t.server).get(`/api/v1/accounts/${subject.id}/adoption`).set(auth(key)).expect(200);
      await request(t.server).get(`/api/v1/accounts/${subject.id}/adoption`).set(auth(ingestKey)).expect(403);
      await request(t.server).get(`/api/v1/accounts/00000000-0000-4000-8000-000000000000/adoption`).set(auth(t.adminKey)).expect(404);
      await request(t.server).get(`/api/v1/accounts/${subject.id}/adoption?asOf=2026-13-01`).set(auth(t.adminKey)).expect(400);
      await request(t.server).get(`/api/v1/accounts/not-a-uuid/adoption`).set(auth(t.adminKey)).expect(400);
    });
  });
});

describe('Adoption with a configured threshold and business time zone (e2e)', () => {
  let t: TestApp;
  // 12:00 UTC on 1 May is already 2 May in Kiritimati (UTC+14).
  const clock = new FixedClock(new Date('2026-05-01T12:00:00Z'));
  beforeAll(async () => {
    t = await startTestApp({ clock, env: { BUSINESS_TIMEZONE: 'Pacific/Kiritimati', ADOPTION_THRESHOLD_PCT: '50' } });
    await request(t.server).post('/api/v1/features').set(auth(t.adminKey)).send({ key: 'live-captions', product: 'video-calling', name: 'Live captions' }).expect(201);
  });
  afterAll(async () => t.close());

  it('answers health scoring one row per account: the features adopted by their latest report on or before the day, and the latest report day', async () => {
    await request(t.server).post('/api/v1/features').set(auth(t.adminKey)).send({ key: 'breakout-rooms', product: 'video-calling', name: 'Breakout rooms' }).expect(201);
    const [busy, silent] = [await createAccount(t), await createAccount(t)];
    const row = (feature: string, date: string, adoptionPct: number) => ({ account: busy.id, feature, date, adoptionPct });
    // live captions: adopted on 20 April, dropped below 50% on 27 April; breakout rooms: adopted on 25 April.
    await request(t.server).post('/api/v1/adoption').set(auth(t.adminKey)).send([row('live-captions', '2026-04-20', 70), row('live-captions', '2026-04-27', 30), row('breakout-rooms', '2026-04-25', 50)]).expect(200);
    const features = (await t.db.pool.query(`SELECT key, id FROM features WHERE key IN ('live-captions', 'breakout-rooms')`)).rows as { key: string; id: string }[];
    const id = (key: string) => features.find((feature) => feature.key === key)!.id;
    const reads = t.app.get(AdoptionRepository);
    const stateOn = async (day: string) => reads.adoptionStateAsOf([busy.id, silent.id], [id('live-captions'), id('breakout-rooms')], day, 50);
    expect(await stateOn('2026-04-30')).toEqual([{ accountId: busy.id, adoptedFeatureIds: [id('breakout-rooms')], lastReportedOn: '2026-04-27' }]);
    const earlier = await stateOn('2026-04-26');
    expect(earlier).toHaveLength(1);
    expect(new Set(earlier[0].adoptedFeatureIds)).toEqual(new Set([id('live-captions'), id('breakout-rooms')]));
    expect(earlier[0].lastReportedOn).toBe('2026-04-25');
    expect(await stateOn('2026-04-19')).toEqual([]);
  });

  it('takes dates up to one day after today in BUSINESS_TIMEZONE and judges adoption by ADOPTION_THRESHOLD_PCT', async () => {
    const account = await createAccount(t);
    const row = (date: string, adoptionPct: number) => ({ account: account.id, feature: 'live-captions', date, adoptionPct });
    const response = await request(t.server).post('/api/v1/adoption?partial=true').set(auth(t.adminKey)).send([row('2026-05-02', 40), row('2026-05-03', 50), row('2026-05-04', 60)]).expect(200);
    expect(response.body).toMatchObject({ inserted: 2, rejected: 1, errors: [{ line: 3, path: 'date' }] });
    const read = await request(t.server).get(`/api/v1/accounts/${account.id}/adoption`).set(auth(t.adminKey)).expect(200);
    expect(read.body).toMatchObject({ asOf: '2026-05-02', thresholdPct: 50, adoptedCount: 0, features: [{ adoptionPct: 40, adopted: false, firstAdoptedOn: null }] });
    const tomorrow = await request(t.server).get(`/api/v1/accounts/${account.id}/adoption?asOf=2026-05-03`).set(auth(t.adminKey)).expect(200);
    expect(tomorrow.body).toMatchObject({ adoptedCount: 1, features: [{ adoptionPct: 50, adopted: true, firstAdoptedOn: '2026-05-03' }] });
  });
});
