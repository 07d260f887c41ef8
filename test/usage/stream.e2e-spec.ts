import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import request from 'supertest';
import { FixedClock } from '../../src/common/clock';
import { auth } from '../accounts/fixtures';
import { startTestApp, TestApp } from '../support/test-app';

// 200k rows take ~15 s alone; a machine busy with other suites can take several times that.
jest.setTimeout(240_000);

const ACCOUNTS = 100;
const METRICS = ['audio-minutes', 'video-minutes', 'messages', 'api-calls', 'join-success-rate'];
const DAYS = 400;
const ROWS = ACCOUNTS * METRICS.length * DAYS; // 200,000

function day(index: number): string {
  return new Date(Date.UTC(2025, 0, 1 + index)).toISOString().slice(0, 10);
}

/** Rows generated as they are sent: neither side holds the batch. `changed(i)` alters some values. */
function* rows(format: 'ndjson' | 'csv', changed: (index: number) => boolean): Generator<string> {
  if (format === 'csv') yield 'accountExternalId,metric,date,value,weight\n';
  let index = 0;
  let lines: string[] = [];
  for (let account = 0; account < ACCOUNTS; account += 1) {
    for (const metric of METRICS) {
      for (let d = 0; d < DAYS; d += 1, index += 1) {
        const ratio = metric === 'join-success-rate';
        const value = ratio ? 0.9 + (d % 10) / 100 : account * 1000 + d + (changed(index) ? 0.5 : 0);
        const weight = ratio ? 100 + d : undefined;
        lines.push(
          format === 'csv'
            ? `stream-${account},${metric},${day(d)},${value},${weight ?? ''}`
            : JSON.stringify({ accountExternalId: `stream-${account}`, metric, date: day(d), value, ...(weight === undefined ? {} : { weight }) }),
        );
        if (lines.length === 1000) {
          yield lines.join('\n') + '\n';
          lines = [];
        }
      }
    }
  }
  if (lines.length > 0) yield lines.join('\n') + '\n';
}

/** Streams a generated body with chunked transfer encoding to the listening app. */
function streamPost(port: number, key: string, contentType: string, body: Iterable<string>): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/api/v1/usage', headers: { ...auth(key), 'Content-Type': contentType } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) }));
      response.on('error', reject);
    });
    req.on('error', reject);
    Readable.from(body).pipe(req);
  });
}

describe('Usage ingest of a 200k-row stream (e2e)', () => {
  let t: TestApp;
  let listener: http.Server;
  let port: number;
  const clock = new FixedClock(new Date('2026-05-01T08:00:00Z'));

  beforeAll(async () => {
    t = await startTestApp({ clock });
    const accounts = Array.from({ length: ACCOUNTS }, (_value, index) => ({ externalId: `stream-${index}`, name: `Stream ${index}`, segment: 'growth' }));
    await request(t.server).post('/api/v1/accounts/bulk').set(auth(t.adminKey)).send(accounts).expect(200);
    listener = t.server.listen(0, '127.0.0.1');
    await new Promise((resolve) => listener.once('listening', resolve));
    port = (listener.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise((resolve) => listener.close(resolve));
    await t.close();
  });

  it('stores 200,000 NDJSON rows in one atomic batch, then counts a CSV re-send exactly', async () => {
    const first = await streamPost(port, t.adminKey, 'application/x-ndjson', rows('ndjson', () => false));
    expect(first).toEqual({ status: 200, body: { inserted: ROWS, updated: 0, unchanged: 0, rejected: 0, errors: [] } });
    const count = await t.db.pool.query(`SELECT count(*)::int AS n, count(weight)::int AS weighted FROM usage_daily`);
    expect(count.rows[0]).toEqual({ n: ROWS, weighted: ACCOUNTS * DAYS });

    // The same rows as CSV with every fourth non-ratio value changed.
    const changed = (index: number) => index % 4 === 0 && Math.floor(index / DAYS) % METRICS.length !== METRICS.length - 1;
    let expectedUpdates = 0;
    for (let index = 0; index < ROWS; index += 1) if (changed(index)) expectedUpdates += 1;
    const second = await streamPost(port, t.adminKey, 'text/csv', rows('csv', changed));
    expect(second).toEqual({ status: 200, body: { inserted: 0, updated: expectedUpdates, unchanged: ROWS - expectedUpdates, rejected: 0, errors: [] } });
    const sample = await t.db.pool.query(
      `SELECT u.value FROM usage_daily u JOIN accounts a ON a.id = u.account_id WHERE a.external_id = 'stream-3' AND u.metric = 'audio-minutes' AND u.day IN ('2025-01-01', '2025-01-02') ORDER BY u.day`,
    );
    expect(sample.rows).toEqual([{ value: 3000.5 }, { value: 3001 }]);
  });

  it('rejects an atomic stream whose last row is bad, storing nothing of it', async () => {
    const before = (await t.db.pool.query(`SELECT sum(value::numeric)::text AS total FROM usage_daily`)).rows[0].total;
    const body = (function* () {
      yield* rows('ndjson', () => true);
      yield JSON.stringify({ accountExternalId: 'stream-0', metric: 'messages', date: '2025-01-01', value: -1 }) + '\n';
    })();
    const response = await streamPost(port, t.adminKey, 'application/x-ndjson', body);
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([
      { line: ROWS + 1, path: 'value', message: expect.stringMatching(/negative/) },
    ]);
    expect((await t.db.pool.query(`SELECT sum(value::numeric)::text AS total FROM usage_daily`)).rows[0].total).toBe(before);
  });
});
