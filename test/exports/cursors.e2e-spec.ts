import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from 'pg';
import request from 'supertest';
import { auth, createAccount } from '../accounts/fixtures';
import { startTestApp, TestApp } from '../support/test-app';
import { pull, readWithDuckDb } from './export-reader';

interface UsageChange {
  account_id: string;
  day: string;
  value: number | null;
  _op: string;
}

/** Rows of an NDJSON export (empty body: none). */
function ndjsonRows<T>(body: Buffer): T[] {
  const text = body.toString('utf8').trim();
  return text === '' ? [] : text.split('\n').map((line) => JSON.parse(line) as T);
}

describe('BI exports: change cursors', () => {
  let t: TestApp;
  let accountId: string;

  beforeAll(async () => {
    t = await startTestApp();
    accountId = (await createAccount(t, { name: 'Cursor Co' })).id;
    const rows = ['2026-10-01', '2026-10-02', '2026-10-03'].map((date, index) => ({ account: accountId, metric: 'video-minutes', date, value: index + 1 }));
    await request(t.server).post('/api/v1/usage').set(auth(t.adminKey)).send(rows).expect(200);
  });

  afterAll(async () => t.close());

  async function connect(): Promise<Client> {
    const client = new Client({ connectionString: t.db.url });
    await client.connect();
    return client;
  }

  const insertUsage = (client: Client | TestApp['db']['pool'], day: string, value: number) =>
    client.query(`INSERT INTO usage_daily (account_id, metric, day, value, recorded_at) VALUES ($1, 'video-minutes', $2, $3, now())`, [accountId, day, value]);

  const changes = async (since: string): Promise<{ rows: UsageChange[]; cursor: string }> => {
    const answer = await pull(t, 'usage_daily', { format: 'ndjson', since });
    expect(answer.status).toBe(200);
    const rows = ndjsonRows<UsageChange>(answer.body).map(({ account_id, day, value, _op }) => ({ account_id, day, value, _op }));
    return { rows: rows.sort((a, b) => a.day.localeCompare(b.day) || a._op.localeCompare(b._op)), cursor: answer.cursor };
  };

  it('returns every insert, update and delete exactly once across consecutive pulls, with concurrent and out-of-order commits', async () => {
    const full = await pull(t, 'usage_daily', { format: 'csv' });
    expect((await readWithDuckDb<{ n: number }>(full.body, 'csv', 'SELECT count(*)::int AS n FROM t'))[0].n).toBe(3);

    const early = await connect();
    const late = await connect();
    try {
      // The early transaction starts first and writes (it holds the lower transaction id) but commits last.
      await early.query('BEGIN');
      await insertUsage(early, '2026-10-10', 10);
      await late.query('BEGIN');
      await insertUsage(late, '2026-10-11', 11);
      await late.query('COMMIT');
      await t.db.pool.query(`UPDATE usage_daily SET value = 20, updated_at = now() WHERE account_id = $1 AND day = '2026-10-02'`, [accountId]);

      const first = await changes(full.cursor);
      expect(first.rows).toEqual([
        { account_id: accountId, day: '2026-10-02', value: 20, _op: 'upsert' },
        { account_id: accountId, day: '2026-10-11', value: 11, _op: 'upsert' },
      ]);

      await early.query('COMMIT');
      await t.db.pool.query(`DELETE FROM usage_daily WHERE account_id = $1 AND day = '2026-10-03'`, [accountId]);

      const second = await changes(first.cursor);
      expect(second.rows).toEqual([
        { account_id: accountId, day: '2026-10-03', value: null, _op: 'delete' },
        { account_id: accountId, day: '2026-10-10', value: 10, _op: 'upsert' },
      ]);

      const third = await changes(second.cursor);
      expect(third.rows).toEqual([]);

      // A write that commits while a pull is streaming lands in the next pull, not in that one.
      await early.query('BEGIN');
      await insertUsage(early, '2026-10-12', 12);
      const during = await changes(third.cursor);
      await early.query('COMMIT');
      expect(during.rows).toEqual([]);
      expect((await changes(during.cursor)).rows).toEqual([{ account_id: accountId, day: '2026-10-12', value: 12, _op: 'upsert' }]);
    } finally {
      await early.end();
      await late.end();
    }
  });

  it('sends tombstones before upserts, so a row deleted and re-inserted between pulls ends up present', async () => {
    const start = await pull(t, 'usage_daily', { format: 'csv' });
    await t.db.pool.query(`DELETE FROM usage_daily WHERE account_id = $1 AND day = '2026-10-01'`, [accountId]);
    await insertUsage(t.db.pool, '2026-10-01', 7);
    const answer = await pull(t, 'usage_daily', { format: 'csv', since: start.cursor });
    const rows = await readWithDuckDb<{ day: string; _op: string }>(answer.body, 'csv', 'SELECT day::varchar AS day, _op FROM t');
    expect(rows).toEqual([
      { day: '2026-10-01', _op: 'delete' },
      { day: '2026-10-01', _op: 'upsert' },
    ]);
  });

  it('sends an archived account as a tombstone and leaves it out of full pulls', async () => {
    const other = await createAccount(t, { name: 'Archived Co' });
    const start = await pull(t, 'accounts', { format: 'csv' });
    await request(t.server).post(`/api/v1/accounts/${other.id}/archive`).set(auth(t.adminKey)).expect((response) => expect(response.status).toBeLessThan(300));
    const changed = await readWithDuckDb<{ id: string; _op: string }>((await pull(t, 'accounts', { format: 'parquet', since: start.cursor })).body, 'parquet', 'SELECT id::varchar AS id, _op FROM t');
    expect(changed).toEqual([{ id: other.id, _op: 'delete' }]);
    const full = await readWithDuckDb<{ id: string }>((await pull(t, 'accounts', { format: 'csv' })).body, 'csv', 'SELECT id::varchar AS id FROM t');
    expect(full.map((row) => row.id)).not.toContain(other.id);
  });

  it('re-sends an account_health row when a table it is built from changes, and only that row', async () => {
    const quiet = await createAccount(t, { name: 'Quiet Co' });
    const start = await pull(t, 'account_health', { format: 'csv' });
    expect((await pull(t, 'account_health', { format: 'ndjson', since: start.cursor })).body.toString()).toBe('');
    await t.db.pool.query(`INSERT INTO alerts (account_id, kind, severity, title, facts, source_ref, opened_at) VALUES ($1, 'score_fell', 'high', 'Score fell', '{}', 'cursor-test', now())`, [accountId]);
    const rows = ndjsonRows<{ account_id: string; open_alerts: number; _op: string }>((await pull(t, 'account_health', { format: 'ndjson', since: start.cursor })).body);
    expect(rows.map(({ account_id, open_alerts, _op }) => ({ account_id, open_alerts, _op }))).toEqual([{ account_id: accountId, open_alerts: 1, _op: 'upsert' }]);
    expect(rows.map((row) => row.account_id)).not.toContain(quiet.id);
  });

  it('ends the response abnormally (no final chunk) when the stream fails after the first byte', async () => {
    await t.db.pool.query(
      `INSERT INTO usage_daily (account_id, metric, day, value, recorded_at) SELECT $1, 'audio-minutes', DATE '1900-01-01' + g, g, now() FROM generate_series(1, 60000) g`,
      [accountId],
    );
    await t.app.listen(0, '127.0.0.1');
    const { port } = t.app.getHttpServer().address() as AddressInfo;
    const outcome = await new Promise<{ status: number; complete: boolean; received: number }>((resolve, reject) => {
      const req = http.get({ host: '127.0.0.1', port, path: '/api/v1/exports/usage_daily?format=csv', headers: auth(t.adminKey) }, (res) => {
        let received = 0;
        let killed = false;
        res.on('data', (chunk: Buffer) => {
          received += chunk.length;
          if (killed) return;
          killed = true;
          res.pause();
          // The export's connection dies mid-COPY, as when the database restarts during a pull.
          void t.db.pool
            .query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' AND query LIKE 'COPY (%' AND pid <> pg_backend_pid()`)
            .then(() => setTimeout(() => res.resume(), 200), reject);
        });
        res.on('error', () => undefined);
        res.on('close', () => resolve({ status: res.statusCode!, complete: res.complete, received }));
      });
      req.on('error', () => undefined);
    });
    expect(outcome.status).toBe(200);
    expect(outcome.received).toBeGreaterThan(0);
    expect(outcome.complete).toBe(false);
    // The app is still healthy afterwards.
    expect((await pull(t, 'managers', { format: 'csv' })).status).toBe(200);
  });
});
