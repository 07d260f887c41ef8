import request from 'supertest';
import { FixedClock } from '../../src/common/clock';
import { startTestApp, TestApp } from '../support/test-app';

const PROBLEM_CONTENT_TYPE = /application\/problem\+json/;

describe('API keys (e2e)', () => {
  let t: TestApp;
  const clock = new FixedClock(new Date('2026-11-22T09:00:00Z'));

  beforeAll(async () => {
    t = await startTestApp({ clock });
  });
  afterAll(async () => t.close());

  const auth = (key: string) => ({ Authorization: `Bearer ${key}` });

  it('creates a key, answers its secret once, and the key works for its role', async () => {
    const created = await request(t.server).post('/api/v1/api-keys').set(auth(t.adminKey)).send({ name: 'BI pull', role: 'bi' }).expect(201);
    expect(created.body).toMatchObject({ name: 'BI pull', role: 'bi', managerId: null, origin: 'api', revokedAt: null });
    expect(created.body.key).toMatch(/^ah_[0-9A-Za-z]{40}$/);
    expect(created.body.key.startsWith(created.body.prefix)).toBe(true);

    const stored = await t.db.pool.query('SELECT secret_sha256, prefix FROM api_keys WHERE id = $1', [created.body.id]);
    expect(stored.rows[0].secret_sha256).toHaveLength(64);
    expect(stored.rows[0].secret_sha256).not.toContain(created.body.key.slice(3));

    const list = await request(t.server).get('/api/v1/api-keys').set(auth(t.adminKey)).expect(200);
    const listed = list.body.items.find((item: { id: string }) => item.id === created.body.id);
    expect(listed).toBeDefined();
    expect(listed.key).toBeUndefined();

    // A bi key may not manage keys: authenticated, but forbidden.
    const forbidden = await request(t.server).get('/api/v1/api-keys').set(auth(created.body.key)).expect(403);
    expect(forbidden.headers['content-type']).toMatch(PROBLEM_CONTENT_TYPE);
    expect(forbidden.body).toMatchObject({ status: 403, title: 'Forbidden' });
  });

  it.each([
    ['no header', undefined],
    ['a wrong scheme', 'Basic abc'],
    ['an unknown key', 'Bearer ah_000000000000000000000000000000000000000'],
  ])('answers 401 problem+json for %s', async (_case, header) => {
    const call = request(t.server).get('/api/v1/api-keys');
    if (header) call.set('Authorization', header);
    const response = await call.expect(401);
    expect(response.headers['content-type']).toMatch(PROBLEM_CONTENT_TYPE);
    expect(response.body).toMatchObject({ type: expect.stringContaining('unauthorized'), title: 'Unauthorized', status: 401, requestId: response.headers['x-request-id'] });
  });

  it('records when a key was last used, refreshed once it is more than a minute old', async () => {
    const start = new Date('2026-11-22T09:00:00Z');
    try {
      const created = await request(t.server).post('/api/v1/api-keys').set(auth(t.adminKey)).send({ name: 'last used', role: 'admin' }).expect(201);
      const lastUsed = async () => ((await t.db.pool.query('SELECT last_used_at FROM api_keys WHERE id = $1', [created.body.id])).rows[0].last_used_at as Date | null)?.toISOString() ?? null;
      expect(await lastUsed()).toBeNull();
      const use = async (at: string) => {
        clock.set(new Date(at));
        await request(t.server).get('/api/v1/api-keys?limit=1').set(auth(created.body.key)).expect(200);
      };
      await use('2026-11-22T09:00:00.000Z');
      expect(await lastUsed()).toBe('2026-11-22T09:00:00.000Z');
      await use('2026-11-22T09:00:59.000Z');
      expect(await lastUsed()).toBe('2026-11-22T09:00:00.000Z');
      await use('2026-11-22T09:01:00.000Z');
      expect(await lastUsed()).toBe('2026-11-22T09:00:00.000Z');
      await use('2026-11-22T09:01:01.000Z');
      expect(await lastUsed()).toBe('2026-11-22T09:01:01.000Z');
    } finally {
      clock.set(start);
    }
  });

  it('refuses a revoked key, and revoking twice keeps the first time', async () => {
    const { body: key } = await request(t.server).post('/api/v1/api-keys').set(auth(t.adminKey)).send({ name: 'temp', role: 'admin' }).expect(201);
    await request(t.server).get('/api/v1/api-keys').set(auth(key.key)).expect(200);
    const first = await request(t.server).post(`/api/v1/api-keys/${key.id}/revoke`).set(auth(t.adminKey)).expect(200);
    expect(first.body.revokedAt).toBe('2026-11-22T09:00:00.000Z');
    clock.advance(60_000);
    const second = await request(t.server).post(`/api/v1/api-keys/${key.id}/revoke`).set(auth(t.adminKey)).expect(200);
    expect(second.body.revokedAt).toBe(first.body.revokedAt);
    await request(t.server).get('/api/v1/api-keys').set(auth(key.key)).expect(401);

    const withoutRevoked = await request(t.server).get('/api/v1/api-keys').set(auth(t.adminKey)).expect(200);
    expect(withoutRevoked.body.items.map((item: { id: string }) => item.id)).not.toContain(key.id);
    const withRevoked = await request(t.server).get('/api/v1/api-keys?includeRevoked=true').set(auth(t.adminKey)).expect(200);
    expect(withRevoked.body.items.map((item: { id: string }) => item.id)).toContain(key.id);
  });

  it('refuses an expired key', async () => {
    const expiresAt = new Date(clock.now().getTime() + 3600_000).toISOString();
    const { body: key } = await request(t.server).post('/api/v1/api-keys').set(auth(t.adminKey)).send({ name: 'short', role: 'admin', expiresAt }).expect(201);
    await request(t.server).get('/api/v1/api-keys').set(auth(key.key)).expect(200);
    clock.advance(2 * 3600_000);
    await request(t.server).get('/api/v1/api-keys').set(auth(key.key)).expect(401);
  });

  it.each([
    ['an unknown role', { name: 'x', role: 'root' }, 'role'],
    ['a missing name', { role: 'bi' }, 'name'],
    ['a wrong type', { name: 42, role: 'bi' }, 'name'],
    ['an unknown field', { name: 'x', role: 'bi', colour: 'red' }, 'colour'],
    ['a csm key without its manager', { name: 'x', role: 'csm' }, 'managerId'],
    ['a bi key bound to a manager', { name: 'x', role: 'bi', managerId: '6c1f0a3e-8a51-4df4-9ac2-5f1d1f3cbd9e' }, 'managerId'],
    ['a csm key for a manager that does not exist', { name: 'x', role: 'csm', managerId: '6c1f0a3e-8a51-4df4-9ac2-5f1d1f3cbd9e' }, 'managerId'],
    ['an expiry in the past', { name: 'x', role: 'bi', expiresAt: '2020-01-01T00:00:00Z' }, 'expiresAt'],
    ['an impossible date', { name: 'x', role: 'bi', expiresAt: '2027-02-30T00:00:00Z' }, 'expiresAt'],
  ])('answers 400 with the field path for %s', async (_case, body, path) => {
    const before = await t.db.pool.query('SELECT count(*)::int AS n FROM api_keys');
    const response = await request(t.server).post('/api/v1/api-keys').set(auth(t.adminKey)).send(body).expect(400);
    expect(response.headers['content-type']).toMatch(PROBLEM_CONTENT_TYPE);
    expect(response.body.errors.map((error: { path: string }) => error.path)).toContain(path);
    const after = await t.db.pool.query('SELECT count(*)::int AS n FROM api_keys');
    expect(after.rows[0].n).toBe(before.rows[0].n);
  });

  it('answers 400 for malformed JSON, 415 for another content type, 413 for an oversized body', async () => {
    const malformed = await request(t.server).post('/api/v1/api-keys').set(auth(t.adminKey)).set('content-type', 'application/json').send('{"name": ').expect(400);
    expect(malformed.body.detail).toMatch(/Malformed JSON/);
    await request(t.server).post('/api/v1/api-keys').set(auth(t.adminKey)).set('content-type', 'application/xml').send('<key/>').expect(415);
    await request(t.server).post('/api/v1/api-keys').set(auth(t.adminKey)).set('content-type', 'text/csv').send('name,role\nx,bi').expect(415);
    const huge = await request(t.server).post('/api/v1/api-keys').set(auth(t.adminKey)).send({ name: 'x'.repeat(1_100_000), role: 'bi' }).expect(413);
    expect(huge.body.status).toBe(413);
    await request(t.server).post('/api/v1/api-keys').set(auth(t.adminKey)).set('content-type', 'application/json').send('{"__proto__": {"admin": true}, "name": "x", "role": "bi"}').expect(400);
  });

  it('answers 404 for an unknown key id and 400 for a malformed one', async () => {
    await request(t.server).post('/api/v1/api-keys/6c1f0a3e-8a51-4df4-9ac2-5f1d1f3cbd9e/revoke').set(auth(t.adminKey)).expect(404);
    await request(t.server).post('/api/v1/api-keys/not-a-uuid/revoke').set(auth(t.adminKey)).expect(400);
  });

  it('pages through keys with a cursor and refuses a forged cursor', async () => {
    for (let index = 0; index < 3; index += 1) {
      clock.advance(1000);
      await request(t.server).post('/api/v1/api-keys').set(auth(t.adminKey)).send({ name: `page ${index}`, role: 'ingest' }).expect(201);
    }
    const first = await request(t.server).get('/api/v1/api-keys?role=ingest&limit=2').set(auth(t.adminKey)).expect(200);
    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await request(t.server).get(`/api/v1/api-keys?role=ingest&limit=2&cursor=${first.body.nextCursor}`).set(auth(t.adminKey)).expect(200);
    expect(second.body.items).toHaveLength(1);
    expect(second.body.nextCursor).toBeNull();
    const names = [...first.body.items, ...second.body.items].map((item: { name: string }) => item.name);
    expect(new Set(names).size).toBe(3);
    await request(t.server).get('/api/v1/api-keys?cursor=forged').set(auth(t.adminKey)).expect(400);
    await request(t.server).get('/api/v1/api-keys?limit=501').set(auth(t.adminKey)).expect(400);
    await request(t.server).get('/api/v1/api-keys?limit=abc').set(auth(t.adminKey)).expect(400);
  });

  it('records every write in the audit log with the acting key, never the secret', async () => {
    const { body: created } = await request(t.server).post('/api/v1/api-keys').set(auth(t.adminKey)).send({ name: 'audited', role: 'bi' }).expect(201);
    clock.advance(1000);
    await request(t.server).post(`/api/v1/api-keys/${created.id}/revoke`).set(auth(t.adminKey)).expect(200);
    const log = await request(t.server).get(`/api/v1/audit-log?entityId=${created.id}`).set(auth(t.adminKey)).expect(200);
    expect(log.body.items.map((entry: { action: string }) => entry.action)).toEqual(['api-key.revoke', 'api-key.create']);
    expect(log.body.items[1]).toMatchObject({ actorKeyName: 'test admin', entityType: 'api_key', statusCode: 201, summary: { changes: { name: 'audited', role: 'bi' } } });
    expect(JSON.stringify(log.body)).not.toContain(created.key);

    const filtered = await request(t.server).get('/api/v1/audit-log?action=api-key.revoke&limit=1').set(auth(t.adminKey)).expect(200);
    expect(filtered.body.items).toHaveLength(1);
    expect(filtered.body.items[0].action).toBe('api-key.revoke');
    const bi = await t.keyFor('bi');
    await request(t.server).get('/api/v1/audit-log').set(auth(bi)).expect(403);
    await request(t.server).get('/api/v1/audit-log?from=yesterday').set(auth(t.adminKey)).expect(400);
  });
});
