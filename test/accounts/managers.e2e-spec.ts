import request from 'supertest';
import { FixedClock } from '../../src/common/clock';
import { startTestApp, TestApp } from '../support/test-app';
import { assign, auth, createAccount, createManager, paths } from './fixtures';

describe('Segments, FX rates, managers, assignments and portfolios (e2e)', () => {
  let t: TestApp;
  const clock = new FixedClock(new Date('2026-11-20T12:00:00Z'));

  beforeAll(async () => {
    t = await startTestApp({ clock });
  });
  afterAll(async () => t.close());

  it('lists the seeded segments by rank, adds and renames one, refuses duplicates', async () => {
    const ingest = await t.keyFor('ingest');
    const list = await request(t.server).get('/api/v1/segments').set(auth(ingest)).expect(200);
    expect(list.body.items.map((segment: { key: string }) => segment.key)).toEqual(['startup', 'growth', 'enterprise', 'strategic']);
    expect(list.body.nextCursor).toBeNull();
    const bi = await t.keyFor('bi');
    await request(t.server).get('/api/v1/segments').set(auth(bi)).expect(403);
    await request(t.server).post('/api/v1/segments').set(auth(ingest)).send({ key: 'mid-market', name: 'Mid-market', rank: 25 }).expect(403);

    const created = await request(t.server).post('/api/v1/segments').set(auth(t.adminKey)).send({ key: 'mid-market', name: 'Mid-market', rank: 25 }).expect(201);
    expect(created.body).toMatchObject({ key: 'mid-market', name: 'Mid-market', rank: 25 });
    await request(t.server).post('/api/v1/segments').set(auth(t.adminKey)).send({ key: 'mid-market', name: 'Again', rank: 1 }).expect(409);
    const bad = await request(t.server).post('/api/v1/segments').set(auth(t.adminKey)).send({ key: 'Mid Market', name: 'x', rank: 'high' }).expect(400);
    expect(paths(bad.body)).toEqual(expect.arrayContaining(['key', 'rank']));
    const renamed = await request(t.server).patch('/api/v1/segments/mid-market').set(auth(t.adminKey)).send({ name: 'Mid market' }).expect(200);
    expect(renamed.body).toMatchObject({ key: 'mid-market', name: 'Mid market', rank: 25 });
    await request(t.server).patch('/api/v1/segments/nope').set(auth(t.adminKey)).send({ name: 'x' }).expect(404);
    const ordered = await request(t.server).get('/api/v1/segments').set(auth(t.adminKey)).expect(200);
    expect(ordered.body.items.map((segment: { key: string }) => segment.key)).toEqual(['startup', 'growth', 'mid-market', 'enterprise', 'strategic']);
    // an account can use the new segment at once
    await createAccount(t, { segment: 'mid-market' });
  });

  it('upserts FX rates, lists them with filters, and refuses bad rows', async () => {
    const first = await request(t.server)
      .post('/api/v1/currencies/fx-rates')
      .set(auth(t.adminKey))
      .send([
        { date: '2026-11-19', currency: 'EUR', rate: 1.08 },
        { date: '2026-11-20', currency: 'EUR', rate: '1.0823' },
        { date: '2026-11-20', currency: 'CNY', rate: '0.1385' },
      ])
      .expect(200);
    expect(first.body).toEqual({ inserted: 3, updated: 0, unchanged: 0, rejected: 0, errors: [] });
    const second = await request(t.server).post('/api/v1/currencies/fx-rates').set(auth(t.adminKey)).send([{ date: '2026-11-20', currency: 'EUR', rate: 1.09 }, { date: '2026-11-19', currency: 'EUR', rate: '1.0800' }]).expect(200);
    expect(second.body).toMatchObject({ inserted: 0, updated: 1, unchanged: 1 });

    const list = await request(t.server).get('/api/v1/currencies/fx-rates?currency=EUR').set(auth(t.adminKey)).expect(200);
    expect(list.body.items).toEqual([
      { date: '2026-11-20', currency: 'EUR', rate: '1.09', reportingCurrency: 'USD' },
      { date: '2026-11-19', currency: 'EUR', rate: '1.08', reportingCurrency: 'USD' },
    ]);
    const page = await request(t.server).get('/api/v1/currencies/fx-rates?limit=2').set(auth(t.adminKey)).expect(200);
    const rest = await request(t.server).get(`/api/v1/currencies/fx-rates?limit=2&cursor=${page.body.nextCursor}`).set(auth(t.adminKey)).expect(200);
    expect([...page.body.items, ...rest.body.items].map((rate: { date: string; currency: string }) => `${rate.date} ${rate.currency}`)).toEqual(['2026-11-20 CNY', '2026-11-20 EUR', '2026-11-19 EUR']);
    const window = await request(t.server).get('/api/v1/currencies/fx-rates?from=2026-11-20&to=2026-11-20').set(auth(t.adminKey)).expect(200);
    expect(window.body.items).toHaveLength(2);

    const bad = await request(t.server)
      .post('/api/v1/currencies/fx-rates')
      .set(auth(t.adminKey))
      .send([
        { date: '2026-02-30', currency: 'EUR', rate: 1 },
        { date: '2026-11-20', currency: 'USD', rate: 1 },
        { date: '2026-11-20', currency: 'GBP', rate: 0 },
        { date: '2026-11-20', currency: 'XXQ', rate: 1 },
      ])
      .expect(400);
    expect(bad.body.errors.map((error: { line: number; path: string }) => `${error.line}:${error.path}`)).toEqual(['1:date', '2:currency', '3:rate', '4:currency']);
    const csm = await t.keyFor('csm', (await createManager(t)).id);
    await request(t.server).post('/api/v1/currencies/fx-rates').set(auth(csm)).send([]).expect(403);
    await request(t.server).get('/api/v1/currencies/fx-rates').set(auth(csm)).expect(200);
    const csv = await request(t.server).post('/api/v1/currencies/fx-rates').set(auth(t.adminKey)).set('content-type', 'text/csv').send('date,currency,rate\n2026-11-18,EUR,1.07\n').expect(200);
    expect(csv.body.inserted).toBe(1);
  });

  it('creates and updates managers: unique email (409), IANA zone, lead without cycles', async () => {
    const lead = await createManager(t, { role: 'lead', email: 'Lead.One@Vendor.example' });
    expect(lead.email).toBe('lead.one@vendor.example');
    const member = await createManager(t, { leadId: lead.id, capacity: 40 });
    expect(member).toMatchObject({ leadId: lead.id, capacity: 40, active: true, timezone: 'Europe/Berlin' });
    await request(t.server).post('/api/v1/managers').set(auth(t.adminKey)).send({ name: 'Dup', email: 'LEAD.ONE@vendor.example', role: 'csm' }).expect(409);
    const badZone = await request(t.server).post('/api/v1/managers').set(auth(t.adminKey)).send({ name: 'x', email: 'zone@vendor.example', role: 'csm', timezone: 'Nowhere/City' }).expect(400);
    expect(paths(badZone.body)).toEqual(['timezone']);
    const badRole = await request(t.server).post('/api/v1/managers').set(auth(t.adminKey)).send({ name: 'x', email: 'role@vendor.example', role: 'boss' }).expect(400);
    expect(paths(badRole.body)).toEqual(['role']);
    const badLead = await request(t.server).post('/api/v1/managers').set(auth(t.adminKey)).send({ name: 'x', email: 'nolead@vendor.example', role: 'csm', leadId: '6c1f0a3e-8a51-4df4-9ac2-5f1d1f3cbd9e' }).expect(400);
    expect(paths(badLead.body)).toEqual(['leadId']);
    const cycle = await request(t.server).patch(`/api/v1/managers/${lead.id}`).set(auth(t.adminKey)).send({ leadId: member.id }).expect(400);
    expect(paths(cycle.body)).toEqual(['leadId']);
    const self = await request(t.server).patch(`/api/v1/managers/${lead.id}`).set(auth(t.adminKey)).send({ leadId: lead.id }).expect(400);
    expect(paths(self.body)).toEqual(['leadId']);
    const other = await createManager(t);
    await request(t.server).patch(`/api/v1/managers/${other.id}`).set(auth(t.adminKey)).send({ email: 'lead.one@vendor.example' }).expect(409);
    const updated = await request(t.server).patch(`/api/v1/managers/${member.id}`).set(auth(t.adminKey)).send({ capacity: null, active: false }).expect(200);
    expect(updated.body).toMatchObject({ capacity: null, active: false, leadId: lead.id });
    await request(t.server).get(`/api/v1/managers/${member.id}`).set(auth(t.adminKey)).expect(200);
    await request(t.server).get('/api/v1/managers/6c1f0a3e-8a51-4df4-9ac2-5f1d1f3cbd9e').set(auth(t.adminKey)).expect(404);
    const team = await request(t.server).get(`/api/v1/managers?leadId=${lead.id}`).set(auth(t.adminKey)).expect(200);
    expect(team.body.items.map((item: { id: string }) => item.id)).toEqual([member.id]);
    const inactive = await request(t.server).get('/api/v1/managers?active=false').set(auth(t.adminKey)).expect(200);
    expect(inactive.body.items.map((item: { id: string }) => item.id)).toContain(member.id);
  });

  it('assigns roles with history, one open assignment per role, and refuses bad assignments', async () => {
    const account = await createAccount(t);
    const first = await createManager(t);
    const second = await createManager(t);
    const put = (body: object, key = t.adminKey) => request(t.server).put(`/api/v1/accounts/${account.id}/assignments`).set(auth(key)).send(body);
    const a1 = await put({ managerId: first.id, role: 'csm' }).expect(200);
    expect(a1.body).toMatchObject({ accountId: account.id, managerId: first.id, managerName: first.name, role: 'csm', endedAt: null, startedAt: clock.now().toISOString() });
    const again = await put({ managerId: first.id, role: 'csm' }).expect(200);
    expect(again.body.id).toBe(a1.body.id);
    clock.advance(3600_000);
    const a2 = await put({ managerId: second.id, role: 'csm' }).expect(200);
    clock.advance(60_000);
    await put({ managerId: first.id, role: 'exec_sponsor' }).expect(200);

    const history = await request(t.server).get(`/api/v1/accounts/${account.id}/assignments`).set(auth(t.adminKey)).expect(200);
    expect(history.body.items.map((item: { managerId: string; role: string; endedAt: string | null }) => [item.role, item.managerId, item.endedAt])).toEqual([
      ['exec_sponsor', first.id, null],
      ['csm', second.id, null],
      ['csm', first.id, a2.body.startedAt],
    ]);
    const open = await request(t.server).get(`/api/v1/accounts/${account.id}/assignments?open=true`).set(auth(t.adminKey)).expect(200);
    expect(open.body.items).toHaveLength(2);
    const openRows = await t.db.pool.query('SELECT count(*)::int AS n FROM account_assignments WHERE account_id = $1 AND role = $2 AND ended_at IS NULL', [account.id, 'csm']);
    expect(openRows.rows[0].n).toBe(1);

    expect(paths((await put({ managerId: first.id, role: 'king' }).expect(400)).body)).toEqual(['role']);
    expect(paths((await put({ managerId: '6c1f0a3e-8a51-4df4-9ac2-5f1d1f3cbd9e', role: 'tam' }).expect(400)).body)).toEqual(['managerId']);
    const retired = await createManager(t, { active: false });
    expect(paths((await put({ managerId: retired.id, role: 'tam' }).expect(400)).body)).toEqual(['managerId']);
    await request(t.server).put('/api/v1/accounts/6c1f0a3e-8a51-4df4-9ac2-5f1d1f3cbd9e/assignments').set(auth(t.adminKey)).send({ managerId: first.id, role: 'tam' }).expect(404);
    const csmKey = await t.keyFor('csm', second.id);
    await put({ managerId: second.id, role: 'tam' }, csmKey).expect(403);

    const log = await request(t.server).get('/api/v1/audit-log?action=account.assign').set(auth(t.adminKey)).expect(200);
    expect(log.body.items.length).toBeGreaterThanOrEqual(3);
    expect(log.body.items[0]).toMatchObject({ entityType: 'account_assignment' });
  });

  it('answers a manager\'s book by role and a portfolio in the reporting currency, naming missing rates', async () => {
    const manager = await createManager(t);
    const usd = await createAccount(t, { arr: '1000.00', currency: 'USD', segment: 'growth', renewalDate: '2027-01-10' });
    const eur = await createAccount(t, { arr: '2000.00', currency: 'EUR', segment: 'enterprise', renewalDate: '2028-01-10' });
    const gbp = await createAccount(t, { arr: '500.00', currency: 'GBP', segment: 'growth' });
    const sandbox = await createAccount(t, { arr: '9999.00', currency: 'USD', isTest: true });
    await assign(t, usd.id, manager.id, 'csm');
    await assign(t, eur.id, manager.id, 'csm');
    await assign(t, eur.id, manager.id, 'tam');
    await assign(t, gbp.id, manager.id, 'backup_csm');
    await assign(t, sandbox.id, manager.id, 'csm');

    const book = await request(t.server).get(`/api/v1/managers/${manager.id}/book`).set(auth(t.adminKey)).expect(200);
    expect(book.body.countsByRole).toEqual({ backup_csm: 1, csm: 3, tam: 1 });
    expect(book.body.items[0]).toMatchObject({ role: 'backup_csm', accountId: gbp.id, arr: '500.00', currency: 'GBP' });
    const tamOnly = await request(t.server).get(`/api/v1/managers/${manager.id}/book?role=tam`).set(auth(t.adminKey)).expect(200);
    expect(tamOnly.body.items.map((item: { accountId: string }) => item.accountId)).toEqual([eur.id]);

    // EUR has a rate on 2026-11-20 (1.09), GBP has none: the total is withheld, never guessed
    const missing = await request(t.server).get(`/api/v1/managers/${manager.id}/portfolio?asOf=2026-11-20`).set(auth(t.adminKey)).expect(200);
    expect(missing.body).toMatchObject({
      managerId: manager.id,
      accounts: 3,
      accountsByRole: { csm: 2, tam: 1, backup_csm: 1 },
      accountsBySegment: { growth: 2, enterprise: 1 },
      renewalsNext90Days: 1,
      arr: { reportingCurrency: 'USD', date: '2026-11-20', total: null, convertedTotal: '3180.00', complete: false, missingRates: [{ currency: 'GBP', date: '2026-11-20' }] },
    });
    expect(missing.body.arr.byCurrency).toEqual([
      { currency: 'EUR', accounts: 1, arr: '2000.00', rate: '1.09', converted: '2180.00' },
      { currency: 'GBP', accounts: 1, arr: '500.00', rate: null, converted: null },
      { currency: 'USD', accounts: 1, arr: '1000.00', rate: '1', converted: '1000.00' },
    ]);
    await request(t.server).post('/api/v1/currencies/fx-rates').set(auth(t.adminKey)).send([{ date: '2026-11-20', currency: 'GBP', rate: '1.25' }]).expect(200);
    const complete = await request(t.server).get(`/api/v1/managers/${manager.id}/portfolio`).set(auth(t.adminKey)).expect(200);
    expect(complete.body.arr).toMatchObject({ date: '2026-11-20', total: '3805.00', complete: true, missingRates: [] });
    // the rate of another day is not used
    const otherDay = await request(t.server).get(`/api/v1/managers/${manager.id}/portfolio?asOf=2026-11-21`).set(auth(t.adminKey)).expect(200);
    expect(otherDay.body.arr.missingRates.map((rate: { currency: string }) => rate.currency)).toEqual(['EUR', 'GBP']);
    await request(t.server).get(`/api/v1/managers/${manager.id}/portfolio?asOf=2026-11-31`).set(auth(t.adminKey)).expect(400);
    await request(t.server).get('/api/v1/managers/6c1f0a3e-8a51-4df4-9ac2-5f1d1f3cbd9e/book').set(auth(t.adminKey)).expect(404);

    const list = await request(t.server).get(`/api/v1/accounts?managerId=${manager.id}&role=tam`).set(auth(t.adminKey)).expect(200);
    expect(list.body.items.map((item: { id: string }) => item.id)).toEqual([eur.id]);
  });

  it('lets a csm key be created for an existing manager only (api_keys.manager_id references managers)', async () => {
    const manager = await createManager(t);
    await request(t.server).post('/api/v1/api-keys').set(auth(t.adminKey)).send({ name: 'csm', role: 'csm', managerId: manager.id }).expect(201);
    await request(t.server).post('/api/v1/api-keys').set(auth(t.adminKey)).send({ name: 'csm', role: 'csm', managerId: '6c1f0a3e-8a51-4df4-9ac2-5f1d1f3cbd9e' }).expect(400);
  });
});
