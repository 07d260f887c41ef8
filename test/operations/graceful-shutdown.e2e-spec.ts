import http from 'node:http';
import { startBuiltApp, RunningApp } from '../support/built-app';
import { createTestDatabase, TestDatabase } from '../support/test-database';

/** SIGTERM stops taking requests but lets the ones in flight finish before the process exits. */
describe('graceful shutdown (built app)', () => {
  let db: TestDatabase;
  let app: RunningApp;
  const adminKey = 'shutdown-admin-key-0123456789abcdef';

  beforeAll(async () => {
    db = await createTestDatabase();
    app = startBuiltApp({ DATABASE_URL: db.url, PORT: '0', ADMIN_API_KEY: adminKey, DEMO_DATA: 'false', LOG_LEVEL: 'warn', JOB_HOUSEKEEPING_CRON: '' });
  });
  afterAll(async () => {
    app.child.kill('SIGKILL');
    await db.drop();
  });

  it('finishes a request that is still streaming its body when SIGTERM arrives', async () => {
    const port = Number((await app.waitFor(/running on http:\/\/localhost:(\d+)/))[1]);
    const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const request = http.request(
        { host: '127.0.0.1', port, method: 'POST', path: '/api/v1/accounts/bulk', headers: { Authorization: `Bearer ${adminKey}`, 'content-type': 'application/x-ndjson' } },
        (response) => {
          let body = '';
          response.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
        },
      );
      request.on('error', reject);
      request.write(JSON.stringify({ externalId: 'inflight-1', name: 'In flight one', segment: 'growth' }) + '\n');
      // The rest of the body arrives after the signal.
      setTimeout(() => {
        app.child.kill('SIGTERM');
        setTimeout(() => {
          request.end(JSON.stringify({ externalId: 'inflight-2', name: 'In flight two', segment: 'growth' }) + '\n');
        }, 400);
      }, 200);
    });
    const { status, body } = await answer;
    expect(status).toBe(200);
    expect(JSON.parse(body)).toMatchObject({ inserted: 2, rejected: 0 });
    expect(await app.exited).toBe(0);
    const stored = await db.pool.query(`SELECT count(*)::int AS n FROM accounts WHERE external_id LIKE 'inflight-%'`);
    expect(stored.rows[0].n).toBe(2);
  });
});
