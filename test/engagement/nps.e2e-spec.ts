import request from 'supertest';
import { FixedClock } from '../../src/common/clock';
import { assign, auth, createAccount, createManager } from '../accounts/fixtures';
import { startTestApp, TestApp } from '../support/test-app';

describe('NPS answers (e2e)', () => {
  let t: TestApp;
  const clock = new FixedClock(new Date('2026-05-01T08:00:00Z'));
  let ingestKey: string;
  const post = (body: unknown, key = ingestKey, query = '') => request(t.server).post(`/api/v1/nps${query}`).set(auth(key)).send(body as object);
  const countFor = async (accountId: string) => (await t.db.pool.query('SELECT count(*)::int AS n FROM nps_responses WHERE account_id = $1', [accountId])).rows[0].n as number;

  beforeAll(async () => {
    t = await startTestApp({ clock });
    ingestKey = await t.keyFor('ingest');
  });
  afterAll(async () => t.close());

  it('records answers idempotently by externalId and lists them newest first with their category', async () => {
    const account = await createAccount(t);
    const rows = [
      { account: account.id, score: 10, respondentName: 'Li Wei', respondentEmail: 'Li.Wei@Customer.example', respondentRole: 'decision_maker', comment: 'Great latency', respondedAt: '2026-04-01T09:00:00Z', externalId: 'survey-1' },
      { accountExternalId: account.externalId, score: 7, respondentRole: 'user', respondedAt: '2026-04-02T09:00:00Z', externalId: 'survey-2' },
      { account: account.id, score: 3, respondedAt: '2026-04-03T09:00:00Z', externalId: 'survey-3' },
    ];
    expect((await post(rows).expect(200)).body).toEqual({ inserted: 3, updated: 0, unchanged: 0, rejected: 0, errors: [] });
    expect((await post(rows).expect(200)).body).toEqual({ inserted: 0, updated: 0, unchanged: 3, rejected: 0, errors: [] });
    expect((await post([{ ...rows[2], score: 5, comment: 'Changed their mind' }]).expect(200)).body).toMatchObject({ updated: 1 });
    expect(await countFor(account.id)).toBe(3);

    const list = await request(t.server).get(`/api/v1/accounts/${account.id}/nps`).set(auth(t.adminKey)).expect(200);
    expect(list.body.items).toEqual([
      expect.objectContaining({ externalId: 'survey-3', score: 5, category: 'detractor', respondentRole: null, comment: 'Changed their mind' }),
      expect.objectContaining({ externalId: 'survey-2', score: 7, category: 'passive', respondentRole: 'user' }),
      expect.objectContaining({ externalId: 'survey-1', score: 10, category: 'promoter', respondentEmail: 'li.wei@customer.example', respondentName: 'Li Wei', respondedAt: '2026-04-01T09:00:00.000Z' }),
    ]);
    const filtered = await request(t.server).get(`/api/v1/accounts/${account.id}/nps?respondentRole=decision_maker&from=2026-04-01&to=2026-04-01`).set(auth(t.adminKey)).expect(200);
    expect(filtered.body.items.map((item: { externalId: string }) => item.externalId)).toEqual(['survey-1']);
    const page = await request(t.server).get(`/api/v1/accounts/${account.id}/nps?limit=2`).set(auth(t.adminKey)).expect(200);
    expect(page.body.items).toHaveLength(2);
    const rest = await request(t.server).get(`/api/v1/accounts/${account.id}/nps?limit=2&cursor=${page.body.nextCursor}`).set(auth(t.adminKey)).expect(200);
    expect(rest.body).toMatchObject({ items: [{ externalId: 'survey-1' }], nextCursor: null });
  });

  it('reports bad rows with their lines; partial and dry run; NDJSON and CSV', async () => {
    const account = await createAccount(t);
    const rows = [
      { account: account.id, score: 9, respondedAt: '2026-04-01T09:00:00Z' },
      { account: account.id, score: 11, respondedAt: '2026-04-01T09:00:00Z' },
      { account: account.id, score: 8.5, respondedAt: '2026-04-01T09:00:00Z' },
      { account: account.id, score: 8, respondentRole: 'ceo', respondedAt: '2026-04-01T09:00:00Z' },
      { account: account.id, score: 8, respondentEmail: 'not-an-email', respondedAt: '2026-04-01T09:00:00Z' },
      { account: account.id, score: 8, respondedAt: '2026-06-01T09:00:00Z' },
      { account: '9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d', score: 8, respondedAt: '2026-04-01T09:00:00Z' },
      { account: account.id, score: 8 },
      { account: account.id, score: 8, respondedAt: '2026-04-01T09:00:00Z', sentiment: 'meh' },
    ];
    const atomic = await post(rows).expect(400);
    const at = (line: number) => [...new Set(atomic.body.errors.filter((error: { line: number }) => error.line === line).map((error: { path: string }) => error.path))];
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9].map(at)).toEqual([[], ['score'], ['score'], ['respondentRole'], ['respondentEmail'], ['respondedAt'], ['account'], ['respondedAt'], ['sentiment']]);
    expect((await post(rows, ingestKey, '?partial=true&dryRun=true').expect(200)).body).toMatchObject({ inserted: 1, rejected: 8 });
    expect(await countFor(account.id)).toBe(0);
    expect((await post(rows, ingestKey, '?partial=true').expect(200)).body).toMatchObject({ inserted: 1, rejected: 8 });
    expect(await countFor(account.id)).toBe(1);

    const ndjson = [JSON.stringify({ account: account.id, score: 6, respondedAt: '2026-04-05T10:00:00Z', externalId: 'nd-1' })].join('\n');
    expect((await post(ndjson).set('content-type', 'application/x-ndjson').expect(200)).body).toMatchObject({ inserted: 1 });
    expect((await post(ndjson).set('content-type', 'application/x-ndjson').expect(200)).body).toMatchObject({ unchanged: 1 });
    const csv = ['accountExternalId,score,respondentName,respondentRole,comment,respondedAt,externalId', `${account.externalId},10,Sam,champion,"Love it, truly",2026-04-06T10:00:00Z,csv-1`].join('\n');
    expect((await post(csv).set('content-type', 'text/csv').expect(200)).body).toMatchObject({ inserted: 1 });
    expect((await post(csv).set('content-type', 'text/csv').expect(200)).body).toMatchObject({ unchanged: 1 });
    const stored = await t.db.pool.query(`SELECT score, comment FROM nps_responses WHERE external_id = 'csv-1'`);
    expect(stored.rows).toEqual([{ score: 10, comment: 'Love it, truly' }]);
  });

  it('is for admin and ingest keys; reads are scoped', async () => {
    const csm = await createManager(t);
    const account = await createAccount(t);
    const csmKey = await t.keyFor('csm', csm.id);
    const row = [{ account: account.id, score: 9, respondedAt: '2026-04-01T09:00:00Z' }];
    const refused = await post(row, csmKey).expect(403);
    expect(refused.headers['content-type']).toMatch(/problem\+json/);
    await post(row, await t.keyFor('manager')).expect(403);
    await post(row, await t.keyFor('lead', csm.id)).expect(403);
    await post(row, t.adminKey).expect(200);
    await request(t.server).get(`/api/v1/accounts/${account.id}/nps`).set(auth(csmKey)).expect(404);
    await assign(t, account.id, csm.id, 'csm');
    const visible = await request(t.server).get(`/api/v1/accounts/${account.id}/nps`).set(auth(csmKey)).expect(200);
    expect(visible.body.items).toHaveLength(1);
    await post('{"broken": ', ingestKey).set('content-type', 'application/json').expect(400);
  });
});
