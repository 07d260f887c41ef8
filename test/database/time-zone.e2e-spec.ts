import { startBuiltApp, RunningApp } from '../support/built-app';
import { createTestDatabase, TestDatabase } from '../support/test-database';

/**
 * Jest runs under TZ=UTC; this file runs the built app in a zone far from UTC (UTC+14) to prove
 * nothing depends on the server's zone: instants go out as ISO-8601 UTC, calendar days unshifted.
 */
describe('the app in a non-UTC zone (TZ=Pacific/Kiritimati)', () => {
  let db: TestDatabase;
  let app: RunningApp;
  let base: string;
  const adminKey = 'tz-admin-key-0123456789abcdefghij';
  const headers = { Authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' };

  beforeAll(async () => {
    db = await createTestDatabase();
    app = startBuiltApp({ TZ: 'Pacific/Kiritimati', DATABASE_URL: db.url, PORT: '0', ADMIN_API_KEY: adminKey, DEMO_DATA: 'false', LOG_LEVEL: 'warn', JOB_HOUSEKEEPING_CRON: '' });
    base = `http://127.0.0.1:${(await app.waitFor(/running on http:\/\/localhost:(\d+)/))[1]}`;
  });
  afterAll(async () => {
    app.child.kill('SIGTERM');
    await app.exited;
    await db.drop();
  });

  it('keeps instants in UTC on the way in and out', async () => {
    const expiresAt = '2030-06-30T23:30:00.000Z';
    const response = await fetch(`${base}/api/v1/api-keys`, { method: 'POST', headers, body: JSON.stringify({ name: 'tz', role: 'bi', expiresAt }) });
    expect(response.status).toBe(201);
    const created = (await response.json()) as { expiresAt: string; createdAt: string };
    expect(created.expiresAt).toBe(expiresAt);
    expect(created.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    const stored = await db.pool.query(`SELECT expires_at = '2030-06-30T23:30:00Z'::timestamptz AS same FROM api_keys WHERE name = 'tz'`);
    expect(stored.rows[0].same).toBe(true);
  });

});
