import request from 'supertest';
import { FixedClock } from '../../src/common/clock';
import { assign, auth, createAccount, createManager } from '../accounts/fixtures';
import { startTestApp, TestApp } from '../support/test-app';

describe('Outcomes (e2e)', () => {
  let t: TestApp;
  let ingestKey: string;
  const post = (body: unknown, key = ingestKey, query = '') => request(t.server).post(`/api/v1/outcomes${query}`).set(auth(key)).send(body as object);
  const countFor = async (accountId: string) => (await t.db.pool.query('SELECT count(*)::int AS n FROM outcomes WHERE account_id = $1', [accountId])).rows[0].n as number;

  beforeAll(async () => {
    t = await startTestApp({ clock: new FixedClock(new Date('2026-05-01T08:00:00Z')) });
    ingestKey = await t.keyFor('ingest');
  });
  afterAll(async () => t.close());

  it("records outcomes in the account's currency unless given, idempotently by externalId, and lists them newest first", async () => {
    const account = await createAccount(t, { currency: 'EUR' });
    const rows = [
      { account: account.id, kind: 'renewed', date: '2026-03-31', arrChange: 0, externalId: 'opp-1' },
      { accountExternalId: account.externalId, kind: 'expanded', date: '2026-04-15', arrChange: '12000.5', currency: 'USD', note: 'Added live streaming', externalId: 'opp-2' },
      { account: account.id, kind: 'contracted', date: '2026-04-20', arrChange: -2500 },
    ];
    expect((await post(rows).expect(200)).body).toEqual({ inserted: 3, updated: 0, unchanged: 0, rejected: 0, errors: [] });
    // Rows with an externalId are unchanged; the one without is a new outcome each time.
    expect((await post(rows).expect(200)).body).toEqual({ inserted: 1, updated: 0, unchanged: 2, rejected: 0, errors: [] });
    expect((await post([{ ...rows[1], arrChange: '12000.50' }]).expect(200)).body).toMatchObject({ unchanged: 1 });
    expect((await post([{ ...rows[1], arrChange: 15000 }]).expect(200)).body).toMatchObject({ updated: 1 });
    expect(await countFor(account.id)).toBe(4);

    const list = await request(t.server).get(`/api/v1/accounts/${account.id}/outcomes`).set(auth(t.adminKey)).expect(200);
    expect(list.body.items.map((item: { kind: string; date: string; arrChange: string; currency: string }) => [item.kind, item.date, item.arrChange, item.currency])).toEqual([
      ['contracted', '2026-04-20', '-2500.00', 'EUR'],
      ['contracted', '2026-04-20', '-2500.00', 'EUR'],
      ['expanded', '2026-04-15', '15000.00', 'USD'],
      ['renewed', '2026-03-31', '0.00', 'EUR'],
    ]);
    const window = await request(t.server).get(`/api/v1/accounts/${account.id}/outcomes?from=2026-04-01&to=2026-04-15&kind=expanded`).set(auth(t.adminKey)).expect(200);
    expect(window.body.items).toEqual([expect.objectContaining({ externalId: 'opp-2', note: 'Added live streaming' })]);
    const first = await request(t.server).get(`/api/v1/accounts/${account.id}/outcomes?limit=3`).set(auth(t.adminKey)).expect(200);
    const second = await request(t.server).get(`/api/v1/accounts/${account.id}/outcomes?limit=3&cursor=${first.body.nextCursor}`).set(auth(t.adminKey)).expect(200);
    expect(second.body).toMatchObject({ items: [{ kind: 'renewed' }], nextCursor: null });
    await request(t.server).get(`/api/v1/accounts/${account.id}/outcomes?cursor=WyJ4IiwieSJd`).set(auth(t.adminKey)).expect(400);
  });

  it('reports bad rows with their lines; partial and dry run; NDJSON and CSV', async () => {
    const account = await createAccount(t);
    const rows = [
      { account: account.id, kind: 'churned', date: '2026-04-30', arrChange: '-120000.50' },
      { account: account.id, kind: 'expanded', date: '2026-04-30', arrChange: -5 },
      { account: account.id, kind: 'contracted', date: '2026-04-30', arrChange: 5 },
      { account: account.id, kind: 'churned', date: '2026-04-30', arrChange: 5 },
      { account: account.id, kind: 'paused', date: '2026-04-30', arrChange: 0 },
      { account: account.id, kind: 'renewed', date: '2026-04-31', arrChange: 0 },
      { account: account.id, kind: 'renewed', date: '2026-04-30', arrChange: '1.234' },
      { account: account.id, kind: 'renewed', date: '2026-04-30', arrChange: 'lots' },
      { account: account.id, kind: 'renewed', date: '2026-04-30', arrChange: 0, currency: 'XYZ' },
      { appId: 'no-such-app', kind: 'renewed', date: '2026-04-30', arrChange: 0 },
      { account: account.id, kind: 'renewed', date: '2026-04-30' },
      { account: account.id, kind: 'renewed', date: '2026-04-30', arrChange: 0, probability: 1 },
    ];
    const atomic = await post(rows).expect(400);
    const at = (line: number) => [...new Set(atomic.body.errors.filter((error: { line: number }) => error.line === line).map((error: { path: string }) => error.path))];
    expect(rows.map((_row, index) => at(index + 1))).toEqual([[], ['arrChange'], ['arrChange'], ['arrChange'], ['kind'], ['date'], ['arrChange'], ['arrChange'], ['currency'], ['appId'], ['arrChange'], ['probability']]);
    expect(await countFor(account.id)).toBe(0);
    expect((await post(rows, ingestKey, '?partial=true&dryRun=true').expect(200)).body).toMatchObject({ inserted: 1, rejected: 11 });
    expect(await countFor(account.id)).toBe(0);
    expect((await post(rows, ingestKey, '?partial=true').expect(200)).body).toMatchObject({ inserted: 1, rejected: 11 });
    expect(await countFor(account.id)).toBe(1);

    const ndjson = JSON.stringify({ account: account.id, kind: 'renewed', date: '2027-04-30', arrChange: 100, externalId: 'nd-1' });
    expect((await post(ndjson).set('content-type', 'application/x-ndjson').expect(200)).body).toMatchObject({ inserted: 1 });
    expect((await post(ndjson).set('content-type', 'application/x-ndjson').expect(200)).body).toMatchObject({ unchanged: 1 });
    const csv = ['accountExternalId,kind,date,arrChange,currency,externalId', `${account.externalId},contracted,2026-04-01,-99.9,GBP,csv-1`].join('\n');
    expect((await post(csv).set('content-type', 'text/csv').expect(200)).body).toMatchObject({ inserted: 1 });
    expect((await post(csv).set('content-type', 'text/csv').expect(200)).body).toMatchObject({ unchanged: 1 });
    const stored = await t.db.pool.query(`SELECT arr_change::text, currency FROM outcomes WHERE external_id = 'csv-1'`);
    expect(stored.rows).toEqual([{ arr_change: '-99.90', currency: 'GBP' }]);
  });

  it('is for admin and ingest keys; reads are scoped', async () => {
    const csm = await createManager(t);
    const account = await createAccount(t);
    const csmKey = await t.keyFor('csm', csm.id);
    const row = [{ account: account.id, kind: 'renewed', date: '2026-04-01', arrChange: 0 }];
    await post(row, csmKey).expect(403);
    await post(row, await t.keyFor('manager')).expect(403);
    await post(row, t.adminKey).expect(200);
    await request(t.server).get(`/api/v1/accounts/${account.id}/outcomes`).set(auth(csmKey)).expect(404);
    await assign(t, account.id, csm.id, 'csm');
    expect((await request(t.server).get(`/api/v1/accounts/${account.id}/outcomes`).set(auth(csmKey)).expect(200)).body.items).toHaveLength(1);
    await request(t.server).get(`/api/v1/accounts/${account.id}/outcomes`).set(auth(await t.keyFor('bi'))).expect(403);
  });
});
