import request from 'supertest';
import { FixedClock } from '../../src/common/clock';
import { startTestApp, TestApp } from '../support/test-app';
import { accountBody, auth, createAccount, paths } from './fixtures';

const PROBLEM = /application\/problem\+json/;

describe('Accounts (e2e)', () => {
  let t: TestApp;
  const clock = new FixedClock(new Date('2026-01-10T09:00:00Z'));

  beforeAll(async () => {
    t = await startTestApp({ clock });
  });
  afterAll(async () => t.close());

  it('creates an account with every field and reads it back', async () => {
    const body = accountBody({ appIds: ['app-b', 'app-a'], isTest: false });
    const created = await request(t.server).post('/api/v1/accounts').set(auth(t.adminKey)).send(body).expect(201);
    expect(created.body).toMatchObject({
      externalId: body.externalId,
      name: body.name,
      segment: 'growth',
      industry: 'online-education',
      region: 'apac',
      timezone: 'Asia/Shanghai',
      parentId: null,
      appIds: ['app-a', 'app-b'],
      isTest: false,
      billingModel: 'commit',
      commitAmount: '50000.00',
      commitPeriod: 'year',
      autoRenew: true,
      renewalDate: '2027-03-31',
      arr: '120000.50',
      currency: 'USD',
      supportPlan: 'premium',
      products: ['video-calling'],
      useCases: ['one-to-one-tutoring'],
      lifecycleStage: 'adoption',
      attributes: { tier: 'gold', seats: 40, strategic: true },
      archivedAt: null,
    });
    const fetched = await request(t.server).get(`/api/v1/accounts/${created.body.id}`).set(auth(t.adminKey)).expect(200);
    expect(fetched.body).toEqual(created.body);
    const appIds = await t.db.pool.query('SELECT app_id FROM account_app_ids WHERE account_id = $1 ORDER BY app_id', [created.body.id]);
    expect(appIds.rows.map((row) => row.app_id)).toEqual(['app-a', 'app-b']);
  });

  it('applies defaults: reporting currency, zero ARR, commit billing', async () => {
    const created = await request(t.server).post('/api/v1/accounts').set(auth(t.adminKey)).send({ externalId: `min-${Date.now()}`, name: 'Minimal', segment: 'startup' }).expect(201);
    expect(created.body).toMatchObject({ arr: '0.00', currency: 'USD', billingModel: 'commit', products: [], attributes: {}, appIds: [] });
  });

  it.each([
    ['an unknown segment', { segment: 'galactic' }, 'segment'],
    ['an unknown product', { products: ['teleportation'] }, 'products[0]'],
    ['an unknown use case', { useCases: ['time-travel'] }, 'useCases[0]'],
    ['an unknown currency', { currency: 'XYZ' }, 'currency'],
    ['a lower-case currency', { currency: 'usd' }, 'currency'],
    ['PAYG with a commit amount', { billingModel: 'payg', commitAmount: 1000, commitPeriod: null, renewalDate: null }, 'commitAmount'],
    ['PAYG with a renewal date', { billingModel: 'payg', commitAmount: null, commitPeriod: null }, 'renewalDate'],
    ['an impossible date', { renewalDate: '2027-02-30' }, 'renewalDate'],
    ['a date in another format', { renewalDate: '31/03/2027' }, 'renewalDate'],
    ['a wrong type', { arr: true }, 'arr'],
    ['money with three decimals', { arr: '10.123' }, 'arr'],
    ['a negative ARR', { arr: -5 }, 'arr'],
    ['an unknown field', { colour: 'red' }, 'colour'],
    ['a missing name', { name: undefined }, 'name'],
    ['an unknown time zone', { timezone: 'Mars/Olympus' }, 'timezone'],
    ['a nested attribute', { attributes: { nested: { a: 1 } } }, 'attributes'],
    ['an unknown parent', { parentId: '6c1f0a3e-8a51-4df4-9ac2-5f1d1f3cbd9e' }, 'parentId'],
    ['an unknown billing model', { billingModel: 'free' }, 'billingModel'],
    ['a non-array products', { products: 'video-calling' }, 'products'],
  ])('answers 400 with the field path for %s', async (_case, overrides, path) => {
    const before = await t.db.pool.query('SELECT count(*)::int AS n FROM accounts');
    const response = await request(t.server).post('/api/v1/accounts').set(auth(t.adminKey)).send(accountBody(overrides)).expect(400);
    expect(response.headers['content-type']).toMatch(PROBLEM);
    expect(paths(response.body)).toContain(path);
    const after = await t.db.pool.query('SELECT count(*)::int AS n FROM accounts');
    expect(after.rows[0].n).toBe(before.rows[0].n);
  });

  it('answers 400 for malformed JSON and 409 for a duplicate externalId', async () => {
    await request(t.server).post('/api/v1/accounts').set(auth(t.adminKey)).set('content-type', 'application/json').send('{"name": ').expect(400);
    const account = await createAccount(t);
    const duplicate = await request(t.server).post('/api/v1/accounts').set(auth(t.adminKey)).send(accountBody({ externalId: account.externalId })).expect(409);
    expect(duplicate.body.status).toBe(409);
  });

  it('refuses an app id that another account uses', async () => {
    await createAccount(t, { appIds: ['shared-app'] });
    const response = await request(t.server).post('/api/v1/accounts').set(auth(t.adminKey)).send(accountBody({ appIds: ['own-app', 'shared-app'] })).expect(400);
    expect(paths(response.body)).toContain('appIds[1]');
    expect(response.body.errors[0].message).toMatch(/belongs to account/);
  });

  it('updates with PATCH (null clears), keeps app ids in sync, and refuses an app id of another account', async () => {
    const account = await createAccount(t, { appIds: ['patch-a'] });
    const patched = await request(t.server).patch(`/api/v1/accounts/${account.id}`).set(auth(t.adminKey)).send({ industry: null, appIds: ['patch-b'], arr: 99.5 }).expect(200);
    expect(patched.body).toMatchObject({ industry: null, appIds: ['patch-b'], arr: '99.50' });
    const rows = await t.db.pool.query('SELECT app_id FROM account_app_ids WHERE account_id = $1', [account.id]);
    expect(rows.rows.map((row) => row.app_id)).toEqual(['patch-b']);
    // patch-a is free again
    await createAccount(t, { appIds: ['patch-a'] });
    const conflict = await request(t.server).patch(`/api/v1/accounts/${account.id}`).set(auth(t.adminKey)).send({ appIds: ['patch-a'] }).expect(400);
    expect(paths(conflict.body)).toContain('appIds[0]');
    // switching to PAYG without clearing the commit is refused; clearing it works
    const payg = await request(t.server).patch(`/api/v1/accounts/${account.id}`).set(auth(t.adminKey)).send({ billingModel: 'payg' }).expect(400);
    expect(paths(payg.body)).toEqual(expect.arrayContaining(['commitAmount', 'commitPeriod', 'renewalDate']));
    await request(t.server).patch(`/api/v1/accounts/${account.id}`).set(auth(t.adminKey)).send({ billingModel: 'payg', commitAmount: null, commitPeriod: null, renewalDate: null }).expect(200);
    await request(t.server).patch('/api/v1/accounts/6c1f0a3e-8a51-4df4-9ac2-5f1d1f3cbd9e').set(auth(t.adminKey)).send({ name: 'x' }).expect(404);
    await request(t.server).patch(`/api/v1/accounts/${account.id}`).set(auth(t.adminKey)).send({ unknown: 1 }).expect(400);
  });

  it('refuses a parent cycle with 400 and the parentId path', async () => {
    const root = await createAccount(t);
    const child = await createAccount(t, { parentId: root.id });
    const grandchild = await createAccount(t, { parentId: child.id });
    const cycle = await request(t.server).patch(`/api/v1/accounts/${root.id}`).set(auth(t.adminKey)).send({ parentId: grandchild.id }).expect(400);
    expect(paths(cycle.body)).toContain('parentId');
    const self = await request(t.server).patch(`/api/v1/accounts/${root.id}`).set(auth(t.adminKey)).send({ parentId: root.id }).expect(400);
    expect(paths(self.body)).toContain('parentId');
    const children = await request(t.server).get(`/api/v1/accounts?parentId=${root.id}`).set(auth(t.adminKey)).expect(200);
    expect(children.body.items.map((item: { id: string }) => item.id)).toEqual([child.id]);
  });

  it('keeps history of tracked changes and answers as of a past date', async () => {
    clock.set(new Date('2026-02-01T10:00:00Z'));
    const account = await createAccount(t, { arr: 1000, segment: 'startup', products: ['video-calling'] });
    clock.set(new Date('2026-03-15T10:00:00Z'));
    await request(t.server).patch(`/api/v1/accounts/${account.id}`).set(auth(t.adminKey)).send({ arr: 2500, segment: 'growth' }).expect(200);
    clock.set(new Date('2026-03-15T11:00:00Z'));
    // a change of an untracked field adds no version
    await request(t.server).patch(`/api/v1/accounts/${account.id}`).set(auth(t.adminKey)).send({ name: 'Renamed' }).expect(200);
    clock.set(new Date('2026-04-20T10:00:00Z'));
    await request(t.server).patch(`/api/v1/accounts/${account.id}`).set(auth(t.adminKey)).send({ products: ['video-calling', 'voice-calling'], attributes: { tier: 'platinum' } }).expect(200);

    const history = await request(t.server).get(`/api/v1/accounts/${account.id}/history`).set(auth(t.adminKey)).expect(200);
    expect(history.body.items.map((item: { validFrom: string; validTo: string | null; arr: string }) => [item.validFrom, item.validTo, item.arr])).toEqual([
      ['2026-04-20T10:00:00.000Z', null, '2500.00'],
      ['2026-03-15T10:00:00.000Z', '2026-04-20T10:00:00.000Z', '2500.00'],
      ['2026-02-01T10:00:00.000Z', '2026-03-15T10:00:00.000Z', '1000.00'],
    ]);

    const february = await request(t.server).get(`/api/v1/accounts/${account.id}?asOf=2026-02-28`).set(auth(t.adminKey)).expect(200);
    expect(february.body).toMatchObject({ arr: '1000.00', segment: 'startup', products: ['video-calling'], asOf: '2026-02-28' });
    const march = await request(t.server).get(`/api/v1/accounts/${account.id}?asOf=2026-03-31`).set(auth(t.adminKey)).expect(200);
    expect(march.body).toMatchObject({ arr: '2500.00', segment: 'growth', products: ['video-calling'] });
    const now = await request(t.server).get(`/api/v1/accounts/${account.id}`).set(auth(t.adminKey)).expect(200);
    expect(now.body).toMatchObject({ products: ['video-calling', 'voice-calling'], attributes: { tier: 'platinum' } });
    await request(t.server).get(`/api/v1/accounts/${account.id}?asOf=2026-01-15`).set(auth(t.adminKey)).expect(404);
    await request(t.server).get(`/api/v1/accounts/${account.id}?asOf=2026-02-31`).set(auth(t.adminKey)).expect(400);

    const paged = await request(t.server).get(`/api/v1/accounts/${account.id}/history?limit=2`).set(auth(t.adminKey)).expect(200);
    expect(paged.body.items).toHaveLength(2);
    const rest = await request(t.server).get(`/api/v1/accounts/${account.id}/history?limit=2&cursor=${paged.body.nextCursor}`).set(auth(t.adminKey)).expect(200);
    expect(rest.body.items).toHaveLength(1);
    expect(rest.body.nextCursor).toBeNull();
  });

  it('archives idempotently, hides archived accounts from lists unless asked', async () => {
    const account = await createAccount(t, { name: 'To archive' });
    const first = await request(t.server).post(`/api/v1/accounts/${account.id}/archive`).set(auth(t.adminKey)).expect(200);
    expect(first.body.archivedAt).toBe(clock.now().toISOString());
    clock.advance(60_000);
    const second = await request(t.server).post(`/api/v1/accounts/${account.id}/archive`).set(auth(t.adminKey)).expect(200);
    expect(second.body.archivedAt).toBe(first.body.archivedAt);
    const list = await request(t.server).get(`/api/v1/accounts?q=${encodeURIComponent('To archive')}`).set(auth(t.adminKey)).expect(200);
    expect(list.body.items).toHaveLength(0);
    const withArchived = await request(t.server).get(`/api/v1/accounts?q=${encodeURIComponent('To archive')}&includeArchived=true`).set(auth(t.adminKey)).expect(200);
    expect(withArchived.body.items.map((item: { id: string }) => item.id)).toEqual([account.id]);
    await request(t.server).post('/api/v1/accounts/6c1f0a3e-8a51-4df4-9ac2-5f1d1f3cbd9e/archive').set(auth(t.adminKey)).expect(404);
    await request(t.server).get('/api/v1/accounts/not-a-uuid').set(auth(t.adminKey)).expect(400);
  });

  it('lists with filters, whitelisted sort and cursor pagination', async () => {
    const tag = `flt${Date.now()}`;
    const a = await createAccount(t, { name: `${tag} Alpha`, industry: 'social', region: 'emea', arr: 300, renewalDate: '2027-01-15', lifecycleStage: 'onboarding' });
    const b = await createAccount(t, { name: `${tag} Bravo`, industry: 'social', region: 'emea', arr: 100, renewalDate: '2027-06-15', isTest: true });
    const c = await createAccount(t, { name: `${tag} Charlie`, industry: 'entertainment', region: 'emea', billingModel: 'payg', commitAmount: null, commitPeriod: null, renewalDate: null, arr: 200, appIds: [`${tag}-APP`] });
    const ids = (response: request.Response) => response.body.items.map((item: { id: string }) => item.id);
    const get = (query: string) => request(t.server).get(`/api/v1/accounts?q=${tag}&${query}`).set(auth(t.adminKey)).expect(200);

    expect(ids(await get(''))).toEqual([a.id, b.id, c.id]);
    expect(ids(await get('industry=social'))).toEqual([a.id, b.id]);
    expect(ids(await get('isTest=true'))).toEqual([b.id]);
    expect(ids(await get('billingModel=payg'))).toEqual([c.id]);
    expect(ids(await get('lifecycleStage=onboarding'))).toEqual([a.id]);
    expect(ids(await get('renewalFrom=2027-01-01&renewalTo=2027-03-01'))).toEqual([a.id]);
    expect(ids(await get('sort=-arr'))).toEqual([a.id, c.id, b.id]);
    expect(ids(await get('sort=renewalDate'))).toEqual([a.id, b.id, c.id]);
    const byApp = await request(t.server).get(`/api/v1/accounts?q=${tag.toLowerCase()}-app`).set(auth(t.adminKey)).expect(200);
    expect(ids(byApp)).toEqual([c.id]);
    const byExternal = await request(t.server).get(`/api/v1/accounts?q=${a.externalId}`).set(auth(t.adminKey)).expect(200);
    expect(ids(byExternal)).toContain(a.id);

    const first = await get('sort=-arr&limit=2');
    expect(ids(first)).toEqual([a.id, c.id]);
    const second = await get(`sort=-arr&limit=2&cursor=${first.body.nextCursor}`);
    expect(ids(second)).toEqual([b.id]);
    expect(second.body.nextCursor).toBeNull();
    const renewals = await get('sort=renewalDate&limit=2');
    const renewalsRest = await get(`sort=renewalDate&limit=2&cursor=${renewals.body.nextCursor}`);
    expect([...ids(renewals), ...ids(renewalsRest)]).toEqual([a.id, b.id, c.id]);

    await request(t.server).get('/api/v1/accounts?sort=password').set(auth(t.adminKey)).expect(400);
    await request(t.server).get('/api/v1/accounts?renewalFrom=2027-13-01').set(auth(t.adminKey)).expect(400);
    await request(t.server).get('/api/v1/accounts?renewalFrom=2027-05-01&renewalTo=2027-01-01').set(auth(t.adminKey)).expect(400);
    await request(t.server).get('/api/v1/accounts?cursor=forged').set(auth(t.adminKey)).expect(400);
    await request(t.server).get('/api/v1/accounts?limit=501').set(auth(t.adminKey)).expect(400);
    await request(t.server).get('/api/v1/accounts?colour=red').set(auth(t.adminKey)).expect(400);
  });

  it('enforces roles: ingest and bi may not read accounts, csm may not write', async () => {
    const bi = await t.keyFor('bi');
    const ingest = await t.keyFor('ingest');
    await request(t.server).get('/api/v1/accounts').set(auth(bi)).expect(403);
    await request(t.server).get('/api/v1/accounts').set(auth(ingest)).expect(403);
    await request(t.server).post('/api/v1/accounts').set(auth(ingest)).send(accountBody()).expect(403);
    const manager = await t.keyFor('manager');
    await request(t.server).post('/api/v1/accounts').set(auth(manager)).send(accountBody()).expect(201);
  });

  it('writes audit entries for account writes', async () => {
    const account = await createAccount(t);
    await request(t.server).patch(`/api/v1/accounts/${account.id}`).set(auth(t.adminKey)).send({ name: 'Audited' }).expect(200);
    await request(t.server).post(`/api/v1/accounts/${account.id}/archive`).set(auth(t.adminKey)).expect(200);
    const log = await request(t.server).get(`/api/v1/audit-log?entityId=${account.id}`).set(auth(t.adminKey)).expect(200);
    expect(log.body.items.map((entry: { action: string }) => entry.action).sort()).toEqual(['account.archive', 'account.create', 'account.update']);
    expect(log.body.items.find((entry: { action: string }) => entry.action === 'account.update')).toMatchObject({ entityType: 'account', actorKeyName: 'test admin', summary: { changes: { name: 'Audited' } } });
  });
});
