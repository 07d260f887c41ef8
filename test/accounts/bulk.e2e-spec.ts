import request from 'supertest';
import { FixedClock } from '../../src/common/clock';
import { startTestApp, TestApp } from '../support/test-app';
import { accountBody, auth, createAccount } from './fixtures';

describe('Accounts bulk upsert (e2e)', () => {
  let t: TestApp;
  const clock = new FixedClock(new Date('2026-05-01T08:00:00Z'));
  const count = async () => (await t.db.pool.query('SELECT count(*)::int AS n FROM accounts')).rows[0].n as number;

  beforeAll(async () => {
    t = await startTestApp({ clock });
  });
  afterAll(async () => t.close());

  it('inserts, updates and counts unchanged rows idempotently; rows name parents by externalId', async () => {
    const rows = [
      { externalId: 'bulk-parent', name: 'Parent Org', segment: 'enterprise', arr: 1000, currency: 'EUR' },
      { externalId: 'bulk-child', name: 'Child App', segment: 'growth', parentExternalId: 'bulk-parent', appIds: ['bulk-app-1'] },
    ];
    const ingest = await t.keyFor('ingest');
    const first = await request(t.server).post('/api/v1/accounts/bulk').set(auth(ingest)).send(rows).expect(200);
    expect(first.body).toEqual({ inserted: 2, updated: 0, unchanged: 0, rejected: 0, errors: [] });
    const again = await request(t.server).post('/api/v1/accounts/bulk').set(auth(ingest)).send(rows).expect(200);
    expect(again.body).toEqual({ inserted: 0, updated: 0, unchanged: 2, rejected: 0, errors: [] });
    clock.advance(60_000);
    const changed = await request(t.server).post('/api/v1/accounts/bulk').set(auth(ingest)).send([{ externalId: 'bulk-parent', arr: '1500.25' }, rows[1]]).expect(200);
    expect(changed.body).toMatchObject({ inserted: 0, updated: 1, unchanged: 1 });
    const stored = await t.db.pool.query(`SELECT a.external_id, a.arr::text, a.name, p.external_id AS parent FROM accounts a LEFT JOIN accounts p ON p.id = a.parent_id WHERE a.external_id LIKE 'bulk-%' ORDER BY 1`);
    expect(stored.rows).toEqual([
      { external_id: 'bulk-child', arr: '0.00', name: 'Child App', parent: 'bulk-parent' },
      { external_id: 'bulk-parent', arr: '1500.25', name: 'Parent Org', parent: null },
    ]);
    const history = await t.db.pool.query(`SELECT count(*)::int AS n FROM account_history h JOIN accounts a ON a.id = h.account_id WHERE a.external_id = 'bulk-parent'`);
    expect(history.rows[0].n).toBe(2);
  });

  it('rejects an atomic batch with every bad row reported and stores nothing', async () => {
    const existing = await createAccount(t, { appIds: ['taken-app'] });
    const before = await count();
    const response = await request(t.server)
      .post('/api/v1/accounts/bulk')
      .set(auth(t.adminKey))
      .send([
        accountBody({ externalId: 'atomic-ok' }),
        accountBody({ externalId: 'atomic-bad-segment', segment: 'galactic' }),
        accountBody({ externalId: 'atomic-bad-type', arr: 'lots' }),
        accountBody({ externalId: 'atomic-payg', billingModel: 'payg' }),
        accountBody({ externalId: 'atomic-app', appIds: ['taken-app'] }),
        'not an object',
        accountBody({ externalId: 'atomic-product', products: ['nope'], useCases: ['nope'] }),
        accountBody({ externalId: 'atomic-currency', currency: 'ABC' }),
        accountBody({ externalId: 'atomic-date', renewalDate: '2026-02-29' }),
        accountBody({ externalId: 'atomic-unknown', colour: 'red' }),
      ])
      .expect(400);
    expect(response.headers['content-type']).toMatch(/problem\+json/);
    const byLine = (line: number) => response.body.errors.filter((error: { line: number }) => error.line === line).map((error: { path: string }) => error.path);
    expect(byLine(1)).toEqual([]);
    expect(byLine(2)).toContain('segment');
    expect(byLine(3)).toContain('arr');
    expect(byLine(4)).toEqual(expect.arrayContaining(['commitAmount', 'commitPeriod', 'renewalDate']));
    expect(byLine(5)).toContain('appIds[0]');
    expect(byLine(6)).toContain('');
    expect(byLine(7)).toEqual(expect.arrayContaining(['products[0]', 'useCases[0]']));
    expect(byLine(8)).toContain('currency');
    expect(byLine(9)).toContain('renewalDate');
    expect(byLine(10)).toContain('colour');
    expect(await count()).toBe(before);
    expect(existing.appIds).toEqual(['taken-app']);
  });

  it('keeps the good rows with ?partial=true and stores nothing with ?dryRun=true', async () => {
    const before = await count();
    const rows = [accountBody({ externalId: 'partial-ok' }), accountBody({ externalId: 'partial-bad', segment: 'galactic' })];
    const dry = await request(t.server).post('/api/v1/accounts/bulk?partial=true&dryRun=true').set(auth(t.adminKey)).send(rows).expect(200);
    expect(dry.body).toMatchObject({ inserted: 1, updated: 0, unchanged: 0, rejected: 1 });
    expect(await count()).toBe(before);
    const partial = await request(t.server).post('/api/v1/accounts/bulk?partial=true').set(auth(t.adminKey)).send(rows).expect(200);
    expect(partial.body).toMatchObject({ inserted: 1, rejected: 1, errors: [{ line: 2, path: 'segment' }] });
    expect(await count()).toBe(before + 1);
    const dryAtomicOk = await request(t.server).post('/api/v1/accounts/bulk?dryRun=true').set(auth(t.adminKey)).send([accountBody({ externalId: 'dry-only' })]).expect(200);
    expect(dryAtomicOk.body.inserted).toBe(1);
    expect(await count()).toBe(before + 1);
    await request(t.server).post('/api/v1/accounts/bulk?partial=maybe').set(auth(t.adminKey)).send(rows).expect(400);
  });

  it('reports the same externalId twice with different values, and accepts an identical repeat', async () => {
    const row = accountBody({ externalId: 'dup-key' });
    const conflicting = await request(t.server).post('/api/v1/accounts/bulk').set(auth(t.adminKey)).send([row, { ...row, name: 'Other name' }]).expect(400);
    expect(conflicting.body.errors).toEqual([expect.objectContaining({ line: 2, path: 'externalId', message: expect.stringMatching(/line 1/) })]);
    const identical = await request(t.server).post('/api/v1/accounts/bulk').set(auth(t.adminKey)).send([row, row]).expect(200);
    expect(identical.body).toMatchObject({ inserted: 1, unchanged: 1, rejected: 0 });
  });

  it('refuses a parent cycle inside a batch and against stored accounts', async () => {
    const inBatch = await request(t.server)
      .post('/api/v1/accounts/bulk')
      .set(auth(t.adminKey))
      .send([accountBody({ externalId: 'cyc-a', parentExternalId: 'cyc-b' }), accountBody({ externalId: 'cyc-b', parentExternalId: 'cyc-a' })])
      .expect(400);
    expect(inBatch.body.errors.map((error: { path: string }) => error.path)).toEqual(['parentExternalId', 'parentExternalId']);
    const root = await createAccount(t, { externalId: 'cyc-root' });
    await createAccount(t, { externalId: 'cyc-leaf', parentId: root.id });
    const stored = await request(t.server).post('/api/v1/accounts/bulk').set(auth(t.adminKey)).send([{ externalId: 'cyc-root', parentExternalId: 'cyc-leaf' }]).expect(400);
    expect(stored.body.errors).toEqual([expect.objectContaining({ line: 1, path: 'parentExternalId', message: expect.stringMatching(/cycle/) })]);
    const unknown = await request(t.server).post('/api/v1/accounts/bulk').set(auth(t.adminKey)).send([accountBody({ parentExternalId: 'nobody' })]).expect(400);
    expect(unknown.body.errors[0]).toMatchObject({ line: 1, path: 'parentExternalId' });
  });

  it('answers 413 for more than 5,000 rows and 400 for a body that is not an array', async () => {
    const rows = Array.from({ length: 5001 }, (_unused, index) => ({ externalId: `huge-${index}`, name: 'x', segment: 'growth' }));
    const huge = await request(t.server).post('/api/v1/accounts/bulk').set(auth(t.adminKey)).send(rows).expect(413);
    expect(huge.body.status).toBe(413);
    await request(t.server).post('/api/v1/accounts/bulk').set(auth(t.adminKey)).send({ externalId: 'x' }).expect(400);
    await request(t.server).post('/api/v1/accounts/bulk').set(auth(t.adminKey)).set('content-type', 'application/json').send('[{"externalId": ').expect(400);
  });

  it('writes 5,000 rows in one request', async () => {
    const rows = Array.from({ length: 5000 }, (_unused, index) => ({ externalId: `many-${index}`, name: `Many ${index}`, segment: 'startup', appIds: [`many-app-${index}`], arr: index }));
    const response = await request(t.server).post('/api/v1/accounts/bulk').set(auth(t.adminKey)).send(rows).expect(200);
    expect(response.body).toMatchObject({ inserted: 5000, rejected: 0 });
    const appIds = await t.db.pool.query(`SELECT count(*)::int AS n FROM account_app_ids WHERE app_id LIKE 'many-app-%'`);
    expect(appIds.rows[0].n).toBe(5000);
  });

  it('takes NDJSON and CSV streams with 1-based lines (CSV header not counted)', async () => {
    const ndjson = [
      JSON.stringify({ externalId: 'nd-1', name: 'ND one', segment: 'growth' }),
      '{"externalId": "nd-2", ',
      JSON.stringify({ externalId: 'nd-3', name: 'ND three', segment: 'galactic' }),
    ].join('\n');
    const nd = await request(t.server).post('/api/v1/accounts/bulk?partial=true').set(auth(t.adminKey)).set('content-type', 'application/x-ndjson').send(ndjson).expect(200);
    expect(nd.body).toMatchObject({ inserted: 1, rejected: 2 });
    expect(nd.body.errors.map((error: { line: number; path: string }) => [error.line, error.path])).toEqual([
      [2, ''],
      [3, 'segment'],
    ]);

    const csv = [
      'externalId,name,segment,arr,currency,isTest,products,appIds,attributes',
      'csv-1,CSV one,growth,1200.50,EUR,true,video-calling|voice-calling,csv-app-1|csv-app-2,"{""tier"":""gold""}"',
      'csv-2,CSV two,growth,not-money,USD,false,,,',
    ].join('\n');
    const atomic = await request(t.server).post('/api/v1/accounts/bulk').set(auth(t.adminKey)).set('content-type', 'text/csv').send(csv).expect(400);
    expect(atomic.body.errors).toEqual([expect.objectContaining({ line: 2, path: 'arr' })]);
    const partial = await request(t.server).post('/api/v1/accounts/bulk?partial=true').set(auth(t.adminKey)).set('content-type', 'text/csv').send(csv).expect(200);
    expect(partial.body).toMatchObject({ inserted: 1, rejected: 1 });
    const stored = await t.db.pool.query(`SELECT arr::text, currency, is_test, products, app_ids, attributes FROM accounts WHERE external_id = 'csv-1'`);
    expect(stored.rows[0]).toEqual({ arr: '1200.50', currency: 'EUR', is_test: true, products: ['video-calling', 'voice-calling'], app_ids: ['csv-app-1', 'csv-app-2'], attributes: { tier: 'gold' } });
    await request(t.server).post('/api/v1/accounts/bulk').set(auth(t.adminKey)).set('content-type', 'text/csv').send('externalId,name\n"unterminated,x\n').expect(400);
  });

  it('is refused to csm, lead and bi keys, and audited with counts', async () => {
    const bi = await t.keyFor('bi');
    await request(t.server).post('/api/v1/accounts/bulk').set(auth(bi)).send([]).expect(403);
    clock.advance(3600_000);
    const response = await request(t.server).post('/api/v1/accounts/bulk').set(auth(t.adminKey)).send([accountBody({ externalId: 'audited-bulk' })]).expect(200);
    expect(response.body.inserted).toBe(1);
    const log = await request(t.server).get('/api/v1/audit-log?action=account.bulk-upsert&limit=1').set(auth(t.adminKey)).expect(200);
    expect(log.body.items[0]).toMatchObject({ entityType: 'account', summary: { rows: 1, result: { inserted: 1, updated: 0, unchanged: 0, rejected: 0 } } });
  });
});
