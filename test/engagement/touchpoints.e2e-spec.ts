import request from 'supertest';
import { FixedClock } from '../../src/common/clock';
import { assign, auth, createAccount, createManager } from '../accounts/fixtures';
import { startTestApp, TestApp } from '../support/test-app';

describe('Touchpoints (e2e)', () => {
  let t: TestApp;
  const clock = new FixedClock(new Date('2026-05-01T08:00:00Z'));
  let account: { id: string; externalId: string };
  let csmManager: { id: string; email: string };
  let ingestKey: string;
  const post = (body: unknown, key: string, query = '') => request(t.server).post(`/api/v1/touchpoints${query}`).set(auth(key)).send(body as object);
  const countFor = async (accountId: string) => (await t.db.pool.query('SELECT count(*)::int AS n FROM touchpoints WHERE account_id = $1', [accountId])).rows[0].n as number;

  beforeAll(async () => {
    t = await startTestApp({ clock });
    ingestKey = await t.keyFor('ingest');
    account = await createAccount(t, { appIds: ['tp-app'] });
    csmManager = (await createManager(t, { email: 'ana.csm@vendor.example' })) as { id: string; email: string };
  });
  afterAll(async () => t.close());

  it('records touchpoints; an externalId makes re-sending harmless and a changed row updates', async () => {
    const rows = [
      { account: account.id, kind: 'meeting', manager: csmManager.id, occurredAt: '2026-04-20T10:00:00Z', note: 'Kick-off', externalId: 'cal-1' },
      { appId: 'tp-app', kind: 'review_held', manager: 'ANA.CSM@vendor.example', occurredAt: '2026-04-21T09:30:00+02:00', externalId: 'cal-2' },
    ];
    expect((await post(rows, ingestKey).expect(200)).body).toEqual({ inserted: 2, updated: 0, unchanged: 0, rejected: 0, errors: [] });
    expect((await post(rows, ingestKey).expect(200)).body).toEqual({ inserted: 0, updated: 0, unchanged: 2, rejected: 0, errors: [] });
    const changed = await post([{ ...rows[0], note: 'Kick-off, with notes' }, rows[1]], ingestKey).expect(200);
    expect(changed.body).toMatchObject({ inserted: 0, updated: 1, unchanged: 1 });
    // The same instant written another way is the same value.
    expect((await post([{ ...rows[1], occurredAt: '2026-04-21T07:30:00.000Z' }], ingestKey).expect(200)).body).toMatchObject({ unchanged: 1 });
    expect(await countFor(account.id)).toBe(2);
    const audited = await t.db.pool.query(`SELECT actor_key_name, route, status_code, summary FROM audit_log WHERE action = 'touchpoint.ingest' ORDER BY occurred_at`);
    expect(audited.rows).toHaveLength(4);
    expect(audited.rows[0]).toMatchObject({ actor_key_name: 'test ingest', route: '/api/v1/touchpoints', status_code: 200 });

    const list = await request(t.server).get(`/api/v1/accounts/${account.id}/touchpoints`).set(auth(t.adminKey)).expect(200);
    expect(list.body.nextCursor).toBeNull();
    expect(list.body.items).toEqual([
      expect.objectContaining({ kind: 'review_held', externalId: 'cal-2', occurredAt: '2026-04-21T07:30:00.000Z', managerId: csmManager.id, managerEmail: 'ana.csm@vendor.example', note: null }),
      expect.objectContaining({ kind: 'meeting', externalId: 'cal-1', occurredAt: '2026-04-20T10:00:00.000Z', note: 'Kick-off, with notes', accountId: account.id }),
    ]);
  });

  it('adds a touchpoint without externalId each time it is sent; an identical repeat within a batch counts once', async () => {
    const subject = await createAccount(t);
    const row = { account: subject.id, kind: 'call', occurredAt: '2026-04-22T12:00:00Z' };
    expect((await post([row, row], ingestKey).expect(200)).body).toMatchObject({ inserted: 1, unchanged: 1 });
    expect((await post([row], ingestKey).expect(200)).body).toMatchObject({ inserted: 1 });
    expect(await countFor(subject.id)).toBe(2);
  });

  it('reports every bad row of an atomic batch with its line; partial keeps the good ones; dry run stores nothing', async () => {
    const subject = await createAccount(t);
    const rows = [
      { account: subject.id, kind: 'email', occurredAt: '2026-04-22T12:00:00Z' },
      { account: subject.id, kind: 'lunch', occurredAt: '2026-04-22T12:00:00Z' },
      { account: subject.id, kind: 'call', occurredAt: '2026-04-22' },
      { account: subject.id, kind: 'call', occurredAt: '2026-05-02T12:00:00Z' },
      { account: subject.id, kind: 'call', occurredAt: '2026-04-22T12:00:00Z', manager: 'nobody@vendor.example' },
      { account: subject.id, kind: 'call', occurredAt: '2026-04-22T12:00:00Z', manager: 'not a manager' },
      { accountExternalId: 'missing', kind: 'call', occurredAt: '2026-04-22T12:00:00Z' },
      { account: subject.id, kind: 'call', occurredAt: '2026-04-22T12:00:00Z', externalId: 'dup' },
      { account: subject.id, kind: 'email', occurredAt: '2026-04-22T12:00:00Z', externalId: 'dup' },
      { account: subject.id, kind: 'call', occurredAt: '2026-04-22T12:00:00Z', mood: 'happy' },
      { account: subject.id, kind: 'call', occurredAt: '2026-02-30T12:00:00Z' },
      { account: subject.id, kind: 'call', occurredAt: '2026-04-22T12:00:00Z', note: 'nul\u0000byte' },
    ];
    const atomic = await post(rows, ingestKey).expect(400);
    const at = (line: number) => [...new Set(atomic.body.errors.filter((error: { line: number }) => error.line === line).map((error: { path: string }) => error.path))];
    expect(at(1)).toEqual([]);
    expect(at(2)).toEqual(['kind']);
    expect(at(3)).toEqual(['occurredAt']);
    expect(at(4)).toEqual(['occurredAt']);
    expect(at(5)).toEqual(['manager']);
    expect(at(6)).toEqual(['manager']);
    expect(at(7)).toEqual(['accountExternalId']);
    expect(at(8)).toEqual([]);
    expect(at(9)).toEqual(['externalId']);
    expect(at(10)).toEqual(['mood']);
    expect(at(11)).toEqual(['occurredAt']);
    expect(at(12)).toEqual(['note']);
    expect(await countFor(subject.id)).toBe(0);
    expect((await post(rows, ingestKey, '?partial=true&dryRun=true').expect(200)).body).toMatchObject({ inserted: 2, rejected: 10 });
    expect(await countFor(subject.id)).toBe(0);
    expect((await post(rows, ingestKey, '?partial=true').expect(200)).body).toMatchObject({ inserted: 2, rejected: 10 });
    expect(await countFor(subject.id)).toBe(2);
  });

  it('takes NDJSON and CSV', async () => {
    const subject = await createAccount(t);
    const ndjson = [JSON.stringify({ account: subject.id, kind: 'call', occurredAt: '2026-04-01T10:00:00Z', externalId: 'nd-1' }), '{"account": oops'].join('\n');
    const nd = await post(ndjson, ingestKey, '?partial=true').set('content-type', 'application/x-ndjson').expect(200);
    expect(nd.body).toMatchObject({ inserted: 1, rejected: 1, errors: [{ line: 2, path: '' }] });
    const csv = ['accountExternalId,kind,manager,occurredAt,note,externalId', `${subject.externalId},meeting,ana.csm@vendor.example,2026-04-02T10:00:00Z,"Roadmap, Q3",csv-1`, `${subject.externalId},email,,2026-04-03T10:00:00Z,,`].join('\n');
    expect((await post(csv, ingestKey).set('content-type', 'text/csv').expect(200)).body).toMatchObject({ inserted: 2, rejected: 0 });
    expect((await post(csv, ingestKey).set('content-type', 'text/csv').expect(200)).body).toMatchObject({ inserted: 1, unchanged: 1 });
    const stored = await t.db.pool.query(`SELECT note, manager_id FROM touchpoints WHERE account_id = $1 AND external_id = 'csv-1'`, [subject.id]);
    expect(stored.rows).toEqual([{ note: 'Roadmap, Q3', manager_id: csmManager.id }]);
  });

  it('lets csm and lead keys record touchpoints for their own accounts only, defaulting the manager to theirs', async () => {
    const lead = await createManager(t, { role: 'lead' });
    const csm = await createManager(t, { leadId: lead.id });
    const mine = await createAccount(t);
    const notMine = await createAccount(t);
    await assign(t, mine.id, csm.id, 'csm');
    const csmKey = await t.keyFor('csm', csm.id);
    const leadKey = await t.keyFor('lead', lead.id);
    const ok = await post([{ account: mine.id, kind: 'call', occurredAt: '2026-04-25T10:00:00Z' }], csmKey).expect(200);
    expect(ok.body).toMatchObject({ inserted: 1 });
    const stored = await t.db.pool.query('SELECT manager_id FROM touchpoints WHERE account_id = $1', [mine.id]);
    expect(stored.rows).toEqual([{ manager_id: csm.id }]);

    const outside = await post([{ account: notMine.id, kind: 'call', occurredAt: '2026-04-25T10:00:00Z' }], csmKey).expect(400);
    expect(outside.body.errors).toEqual([{ line: 1, path: 'account', message: `account ${notMine.id} does not exist` }]);
    expect((await post([{ accountExternalId: notMine.externalId, kind: 'call', occurredAt: '2026-04-25T10:00:00Z' }], leadKey).expect(400)).body.errors[0].path).toBe('accountExternalId');
    expect((await post([{ accountExternalId: mine.externalId, kind: 'email', occurredAt: '2026-04-25T11:00:00Z' }], leadKey).expect(200)).body).toMatchObject({ inserted: 1 });
    expect(await countFor(notMine.id)).toBe(0);
    expect((await post([{ account: notMine.id, kind: 'call', occurredAt: '2026-04-25T10:00:00Z' }], await t.keyFor('manager')).expect(200)).body).toMatchObject({ inserted: 1 });

    // Reads are scoped the same way.
    await request(t.server).get(`/api/v1/accounts/${mine.id}/touchpoints`).set(auth(csmKey)).expect(200);
    const hidden = await request(t.server).get(`/api/v1/accounts/${notMine.id}/touchpoints`).set(auth(csmKey)).expect(404);
    expect(hidden.headers['content-type']).toMatch(/problem\+json/);
    await request(t.server).get(`/api/v1/accounts/${mine.id}/touchpoints`).set(auth(ingestKey)).expect(403);
    await post([], await t.keyFor('bi')).expect(403);
  });

  it('pages newest first with from/to days in BUSINESS_TIMEZONE, kind and manager filters', async () => {
    const subject = await createAccount(t);
    const rows = Array.from({ length: 7 }, (_, index) => ({
      account: subject.id,
      kind: index % 2 === 0 ? 'call' : 'email',
      occurredAt: `2026-04-${String(10 + index).padStart(2, '0')}T23:30:00Z`,
      ...(index === 0 ? { manager: csmManager.id } : {}),
    }));
    await post(rows, ingestKey).expect(200);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: request.Response = await request(t.server)
        .get(`/api/v1/accounts/${subject.id}/touchpoints?limit=3${cursor ? `&cursor=${cursor}` : ''}`)
        .set(auth(t.adminKey))
        .expect(200);
      seen.push(...page.body.items.map((item: { occurredAt: string }) => item.occurredAt.slice(0, 10)));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['2026-04-16', '2026-04-15', '2026-04-14', '2026-04-13', '2026-04-12', '2026-04-11', '2026-04-10']);
    const window = await request(t.server).get(`/api/v1/accounts/${subject.id}/touchpoints?from=2026-04-12&to=2026-04-13`).set(auth(t.adminKey)).expect(200);
    expect(window.body.items.map((item: { occurredAt: string }) => item.occurredAt)).toEqual(['2026-04-13T23:30:00.000Z', '2026-04-12T23:30:00.000Z']);
    const calls = await request(t.server).get(`/api/v1/accounts/${subject.id}/touchpoints?kind=call`).set(auth(t.adminKey)).expect(200);
    expect(calls.body.items).toHaveLength(4);
    const byManager = await request(t.server).get(`/api/v1/accounts/${subject.id}/touchpoints?managerId=${csmManager.id}`).set(auth(t.adminKey)).expect(200);
    expect(byManager.body.items).toHaveLength(1);
    await request(t.server).get(`/api/v1/accounts/${subject.id}/touchpoints?from=2026-04-14&to=2026-04-13`).set(auth(t.adminKey)).expect(400);
    await request(t.server).get(`/api/v1/accounts/${subject.id}/touchpoints?cursor=bm9wZQ`).set(auth(t.adminKey)).expect(400);
    await request(t.server).get(`/api/v1/accounts/${subject.id}/touchpoints?kind=lunch`).set(auth(t.adminKey)).expect(400);
  });
});

describe('Touchpoint days in a non-UTC business time zone (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ clock: new FixedClock(new Date('2026-05-01T08:00:00Z')), env: { BUSINESS_TIMEZONE: 'Asia/Shanghai' } });
  });
  afterAll(async () => t.close());

  it('reads from/to as whole days in BUSINESS_TIMEZONE', async () => {
    const account = await createAccount(t);
    // 23:30 UTC on 12 April is 07:30 on 13 April in Shanghai.
    await request(t.server).post('/api/v1/touchpoints').set(auth(t.adminKey)).send([{ account: account.id, kind: 'call', occurredAt: '2026-04-12T23:30:00Z' }]).expect(200);
    const on12 = await request(t.server).get(`/api/v1/accounts/${account.id}/touchpoints?from=2026-04-12&to=2026-04-12`).set(auth(t.adminKey)).expect(200);
    expect(on12.body.items).toHaveLength(0);
    const on13 = await request(t.server).get(`/api/v1/accounts/${account.id}/touchpoints?from=2026-04-13&to=2026-04-13`).set(auth(t.adminKey)).expect(200);
    expect(on13.body.items).toHaveLength(1);
  });
});
