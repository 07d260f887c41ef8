import request from 'supertest';
import { FixedClock } from '../../src/common/clock';
import { auth, createAccount, createManager } from '../accounts/fixtures';
import { startTestApp, TestApp } from '../support/test-app';

/** Today is 2026-05-01 in the business time zone (Asia/Tokyo: already 1 May at 20:00 UTC on 30 April). */
describe('Usage ingest (e2e)', () => {
  let t: TestApp;
  let ingestKey: string;
  let account: { id: string; externalId: string };
  let other: { id: string; externalId: string };
  const clock = new FixedClock(new Date('2026-04-30T20:00:00Z'));
  const stored = async (accountId: string) =>
    (await t.db.pool.query(`SELECT metric, day, value, weight FROM usage_daily WHERE account_id = $1 ORDER BY metric, day`, [accountId])).rows;
  const post = (body: unknown, query = '', type?: string) => {
    const call = request(t.server).post(`/api/v1/usage${query}`).set(auth(ingestKey));
    if (type) call.set('Content-Type', type);
    return call.send(body as object);
  };

  beforeAll(async () => {
    t = await startTestApp({ clock, env: { BUSINESS_TIMEZONE: 'Asia/Tokyo' } });
    ingestKey = await t.keyFor('ingest');
    account = await createAccount(t, { appIds: ['ing-app-1', 'ing-app-2'] });
    other = await createAccount(t);
  });
  afterAll(async () => t.close());

  it('upserts JSON rows: the same batch twice changes nothing, a later value replaces the earlier', async () => {
    const rows = [
      { account: account.id, metric: 'video-minutes', date: '2026-04-28', value: 100 },
      { accountExternalId: account.externalId, metric: 'video-minutes', date: '2026-04-29', value: 120.5 },
      { appId: 'ing-app-1', metric: 'join-success-rate', date: '2026-04-29', value: 0.98, weight: 500 },
    ];
    expect((await post(rows).expect(200)).body).toEqual({ inserted: 3, updated: 0, unchanged: 0, rejected: 0, errors: [] });
    expect((await post(rows).expect(200)).body).toEqual({ inserted: 0, updated: 0, unchanged: 3, rejected: 0, errors: [] });
    const changed = [{ ...rows[0], value: 101 }, rows[1], { ...rows[2], weight: 501 }, { ...rows[0], date: '2026-04-27' }];
    expect((await post(changed).expect(200)).body).toEqual({ inserted: 1, updated: 2, unchanged: 1, rejected: 0, errors: [] });
    expect(await stored(account.id)).toEqual([
      { metric: 'join-success-rate', day: '2026-04-29', value: 0.98, weight: 501 },
      { metric: 'video-minutes', day: '2026-04-27', value: 100, weight: null },
      { metric: 'video-minutes', day: '2026-04-28', value: 101, weight: null },
      { metric: 'video-minutes', day: '2026-04-29', value: 120.5, weight: null },
    ]);
    const audit = await t.db.pool.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'usage.ingest'`);
    expect(audit.rows[0].n).toBe(3);
  });

  it('reads NDJSON and CSV streams the same way', async () => {
    const ndjson = [
      JSON.stringify({ account: other.id, metric: 'audio-minutes', date: '2026-04-01', value: 5 }),
      '',
      JSON.stringify({ account: other.id, metric: 'packet-loss-rate', date: '2026-04-01', value: 0.01, weight: 10000 }),
    ].join('\n');
    expect((await post(ndjson, '', 'application/x-ndjson').expect(200)).body).toEqual({ inserted: 2, updated: 0, unchanged: 0, rejected: 0, errors: [] });
    const csv = `account,metric,date,value,weight\n${other.id},audio-minutes,2026-04-01,5,\n${other.id},audio-minutes,2026-04-02,7.25,\n${other.id},packet-loss-rate,2026-04-01,0.02,10000\n`;
    expect((await post(csv, '', 'text/csv').expect(200)).body).toEqual({ inserted: 1, updated: 1, unchanged: 1, rejected: 0, errors: [] });
    expect(await stored(other.id)).toEqual([
      { metric: 'audio-minutes', day: '2026-04-01', value: 5, weight: null },
      { metric: 'audio-minutes', day: '2026-04-02', value: 7.25, weight: null },
      { metric: 'packet-loss-rate', day: '2026-04-01', value: 0.02, weight: 10000 },
    ]);
  });

  it('rejects an atomic batch listing every bad row with its line, and stores nothing', async () => {
    const before = await stored(other.id);
    const rows = [
      { account: other.id, metric: 'messages', date: '2026-04-20', value: 1 }, // good
      { account: '00000000-0000-4000-8000-000000000000', metric: 'messages', date: '2026-04-20', value: 1 },
      { appId: 'no-such-app', metric: 'messages', date: '2026-04-20', value: 1 },
      { accountExternalId: 'no-such-account', metric: 'messages', date: '2026-04-20', value: 1 },
      { account: other.id, metric: 'no-such-metric', date: '2026-04-20', value: 1 },
      { account: other.id, metric: 'messages', date: '2026-04-21', value: 'many' },
      { account: other.id, metric: 'messages', date: '2026-04-22', value: -3 },
      { account: other.id, metric: 'join-success-rate', date: '2026-04-20', value: 1.2, weight: 10 },
      { account: other.id, metric: 'join-success-rate', date: '2026-04-21', value: 0.9 },
      { account: other.id, metric: 'messages', date: '2026-02-30', value: 1 },
      { account: other.id, metric: 'messages', date: '2026-05-03', value: 1 },
      { account: other.id, metric: 'messages', date: '2026-04-20', value: 2 }, // repeats line 1 with another value
      { account: other.id, metric: 'messages', date: '2026-05-02', value: 1, colour: 'red' },
      { account: other.id, accountExternalId: other.externalId, metric: 'messages', date: '2026-04-23', value: 1 },
      { account: other.id, metric: 'billable-amount', date: '2026-04-20', value: -250 }, // good: credits may be negative
      { account: other.id, metric: 'messages', date: '2026-05-02', value: 1 }, // good: tomorrow in Tokyo
    ];
    const response = await post(rows).expect(400);
    expect(response.headers['content-type']).toMatch(/problem\+json/);
    expect(response.body.errors.map((error: { line: number; path: string }) => `${error.line}:${error.path}`)).toEqual([
      '2:account',
      '3:appId',
      '4:accountExternalId',
      '5:metric',
      '6:value',
      '7:value',
      '8:value',
      '9:weight',
      '10:date',
      '11:date',
      '12:date',
      '13:colour',
      '14:account',
    ]);
    expect(response.body.errors.find((error: { line: number }) => error.line === 12).message).toMatch(/line 1/);
    expect(response.body.errors.find((error: { line: number }) => error.line === 11).message).toMatch(/2026-05-02/);
    expect(await stored(other.id)).toEqual(before);
  });

  it('keeps the good rows with ?partial=true and stores nothing with ?dryRun=true', async () => {
    const rows = [
      { account: other.id, metric: 'api-calls', date: '2026-04-10', value: 1000 },
      { account: other.id, metric: 'api-calls', date: '2026-04-11', value: -1 },
      { account: other.id, metric: 'audio-minutes', date: '2026-04-01', value: 6 },
    ];
    const before = await stored(other.id);
    const dry = await post(rows, '?dryRun=true&partial=true').expect(200);
    expect(dry.body).toEqual({ inserted: 1, updated: 1, unchanged: 0, rejected: 1, errors: [{ line: 2, path: 'value', message: expect.stringMatching(/negative/) }] });
    expect(await stored(other.id)).toEqual(before);
    expect((await post(rows, '?dryRun=true').expect(400)).body.errors).toHaveLength(1);
    expect((await post(rows.filter((_row, index) => index !== 1), '?dryRun=true').expect(200)).body).toMatchObject({ inserted: 1, updated: 1 });
    expect(await stored(other.id)).toEqual(before);
    const partial = await post(rows, '?partial=true').expect(200);
    expect(partial.body).toMatchObject({ inserted: 1, updated: 1, unchanged: 0, rejected: 1 });
    expect((await stored(other.id)).filter((row: { metric: string }) => row.metric === 'api-calls')).toEqual([{ metric: 'api-calls', day: '2026-04-10', value: 1000, weight: null }]);
  });

  it('rolls app ids up to their account: agreeing rows are one row, disagreeing ones a repeated key', async () => {
    const agree = [
      { appId: 'ing-app-1', metric: 'messages', date: '2026-04-15', value: 40 },
      { appId: 'ing-app-2', metric: 'messages', date: '2026-04-15', value: 40 },
    ];
    expect((await post(agree).expect(200)).body).toEqual({ inserted: 1, updated: 0, unchanged: 1, rejected: 0, errors: [] });
    const disagree = [
      { appId: 'ing-app-1', metric: 'messages', date: '2026-04-16', value: 40 },
      { appId: 'ing-app-2', metric: 'messages', date: '2026-04-16', value: 2 },
    ];
    const response = await post(disagree, '?partial=true').expect(200);
    expect(response.body).toMatchObject({ inserted: 1, rejected: 1, errors: [{ line: 2, path: 'date', message: expect.stringMatching(/line 1/) }] });
    const rows = (await stored(account.id)).filter((row: { metric: string }) => row.metric === 'messages');
    expect(rows).toEqual([
      { metric: 'messages', day: '2026-04-15', value: 40, weight: null },
      { metric: 'messages', day: '2026-04-16', value: 40, weight: null },
    ]);
  });

  it('finds a key repeated across chunks of a stream (in the database, not in memory)', async () => {
    // Chunks hold 10,000 rows: line 1 is in the first chunk, lines 10,001 to 10,003 in the second.
    const day = (index: number) => new Date(Date.UTC(1990, 0, 1 + index)).toISOString().slice(0, 10);
    const lines = [
      JSON.stringify({ account: other.id, metric: 'peak-concurrent-users', date: '2026-03-03', value: 10 }),
      ...Array.from({ length: 9_999 }, (_value, index) => JSON.stringify({ account: other.id, metric: 'daily-active-users', date: day(index), value: index % 7 })),
      JSON.stringify({ account: other.id, metric: 'peak-concurrent-users', date: '2026-03-03', value: 11 }), // conflicting repeat
      JSON.stringify({ account: other.id, metric: 'peak-concurrent-users', date: '2026-03-03', value: 10 }), // identical repeat
      JSON.stringify({ account: other.id, metric: 'peak-concurrent-users', date: '2026-03-04', value: 1 }),
    ].join('\n');
    const response = await post(lines, '?partial=true', 'application/x-ndjson').expect(200);
    expect(response.body).toEqual({ inserted: 10_001, updated: 0, unchanged: 1, rejected: 1, errors: [{ line: 10_001, path: 'date', message: expect.stringMatching(/earlier in the batch/) }] });
    const peak = await t.db.pool.query(`SELECT day, value FROM usage_daily WHERE account_id = $1 AND metric = 'peak-concurrent-users' ORDER BY day`, [other.id]);
    expect(peak.rows).toEqual([
      { day: '2026-03-03', value: 10 },
      { day: '2026-03-04', value: 1 },
    ]);
  });

  it('refuses malformed JSON, unknown fields, other bodies, wrong content types and roles', async () => {
    const malformed = await request(t.server).post('/api/v1/usage').set(auth(ingestKey)).set('Content-Type', 'application/json').send('[{"account":').expect(400);
    expect(malformed.headers['content-type']).toMatch(/problem\+json/);
    const ndjson = await post(`{"account":"${other.id}","metric":"messages","date":"2026-04-01","value":1}\n{oops\n`, '', 'application/x-ndjson').expect(400);
    expect(ndjson.body.errors).toEqual([{ line: 2, path: '', message: expect.stringMatching(/malformed JSON/) }]);
    expect((await post({ account: other.id }).expect(400)).body.detail).toMatch(/array/);
    expect((await post([{ account: other.id, metric: 'messages', date: '2026-04-01', value: 1, extra: true }]).expect(400)).body.errors).toEqual([
      { line: 1, path: 'extra', message: 'unknown field' },
    ]);
    await request(t.server).post('/api/v1/usage').set(auth(ingestKey)).set('Content-Type', 'text/plain').send('hello').expect(415);
    await post('account,metric\n"x,1\n', '', 'text/csv').expect(400);
    const csm = await t.keyFor('csm', (await createManager(t)).id);
    await request(t.server).post('/api/v1/usage').set(auth(csm)).send([]).expect(403);
    const manager = await t.keyFor('manager');
    await request(t.server).post('/api/v1/usage').set(auth(manager)).send([]).expect(403);
  });

  it('takes at most 10,000 rows as a JSON array (stream more as NDJSON or CSV)', async () => {
    const rows = Array.from({ length: 10_001 }, (_value, index) => ({ account: other.id, metric: 'messages', date: '2026-03-01', value: index }));
    const response = await post(rows).expect(413);
    expect(response.body.detail).toMatch(/10000 rows.*ndjson/i);
  });
});
