import request from 'supertest';
import { FixedClock } from '../../src/common/clock';
import { startTestApp, TestApp } from '../support/test-app';

const PROBLEM_CONTENT_TYPE = /application\/problem\+json/;
const auth = (key: string) => ({ Authorization: `Bearer ${key}` });
const paths = (body: { errors?: { path: string }[] }) => (body.errors ?? []).map((error) => error.path);

describe('Catalog: products, use cases, metrics (e2e)', () => {
  let t: TestApp;
  const clock = new FixedClock(new Date('2026-11-22T09:00:00Z'));
  const keys: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp({ clock });
    for (const role of ['manager', 'ingest', 'bi'] as const) keys[role] = await t.keyFor(role);
    // csm and lead keys are bound to a manager (the accounts module's table).
    const { rows } = await t.db.pool.query<{ id: string }>(
      `INSERT INTO managers (name, email, role) SELECT 'Catalog Reader', 'catalog.reader@example.com', 'lead' WHERE to_regclass('public.managers') IS NOT NULL RETURNING id`,
    ).catch(() => ({ rows: [] as { id: string }[] }));
    if (rows[0]) {
      keys.csm = await t.keyFor('csm', rows[0].id);
      keys.lead = await t.keyFor('lead', rows[0].id);
    }
  });
  afterAll(async () => t.close());

  describe('seeded on a fresh install', () => {
    it('lists the five product lines, each with its main metric', async () => {
      const { body } = await request(t.server).get('/api/v1/products').set(auth(t.adminKey)).expect(200);
      expect(body.nextCursor).toBeNull();
      expect(body.items.map((item: { key: string; mainMetric: string }) => [item.key, item.mainMetric])).toEqual([
        ['conversational-ai', 'conversational-ai-minutes'],
        ['interactive-live-streaming', 'live-streaming-minutes'],
        ['real-time-messaging', 'messages'],
        ['video-calling', 'video-minutes'],
        ['voice-calling', 'audio-minutes'],
      ]);
    });

    it('lists the use cases', async () => {
      const { body } = await request(t.server).get('/api/v1/use-cases').set(auth(t.adminKey)).expect(200);
      expect(body.items.map((item: { key: string }) => item.key)).toEqual(expect.arrayContaining(['one-to-one-tutoring', 'large-class', 'live-commerce', 'social-audio-rooms']));
      expect(body.items.length).toBeGreaterThanOrEqual(8);
    });

    it('holds the usage, quality and commercial metric definitions', async () => {
      const { body } = await request(t.server).get('/api/v1/metrics?limit=500').set(auth(t.adminKey)).expect(200);
      const byKey = Object.fromEntries(body.items.map((item: { key: string }) => [item.key, item]));
      expect(Object.keys(byKey).sort()).toEqual(
        [
          'api-calls', 'audio-minutes', 'billable-amount', 'conversational-ai-minutes', 'daily-active-users', 'join-success-rate', 'live-streaming-minutes',
          'messages', 'p95-e2e-latency', 'packet-loss-rate', 'peak-concurrent-users', 'video-freeze-rate', 'video-minutes',
        ].sort(),
      );
      expect(byKey['join-success-rate']).toMatchObject({ aggregation: 'ratio', higherIsBetter: true, kind: 'quality' });
      expect(byKey['video-freeze-rate']).toMatchObject({ aggregation: 'ratio', higherIsBetter: false, kind: 'quality' });
      expect(byKey['p95-e2e-latency']).toMatchObject({ unit: 'ms', higherIsBetter: false, kind: 'quality' });
      expect(byKey['peak-concurrent-users']).toMatchObject({ aggregation: 'max', kind: 'usage' });
      expect(byKey['billable-amount']).toMatchObject({ kind: 'commercial', allowNegative: true });

      const quality = await request(t.server).get('/api/v1/metrics?kind=quality').set(auth(t.adminKey)).expect(200);
      expect(quality.body.items.map((item: { key: string }) => item.key).sort()).toEqual(['join-success-rate', 'p95-e2e-latency', 'packet-loss-rate', 'video-freeze-rate']);
      await request(t.server).get('/api/v1/metrics?kind=vanity').set(auth(t.adminKey)).expect(400);
    });
  });

  describe.each([
    ['products', 'voice-calling'],
    ['use-cases', 'large-class'],
    ['metrics', 'video-minutes'],
    ['features', undefined],
  ])('GET /api/v1/%s', (route, seededKey) => {
    it('answers every key but bi', async () => {
      for (const key of [t.adminKey, keys.manager!, keys.ingest!, keys.csm, keys.lead].filter(Boolean) as string[]) {
        await request(t.server).get(`/api/v1/${route}`).set(auth(key)).expect(200);
      }
      const forbidden = await request(t.server).get(`/api/v1/${route}`).set(auth(keys.bi!)).expect(403);
      expect(forbidden.headers['content-type']).toMatch(PROBLEM_CONTENT_TYPE);
      await request(t.server).get(`/api/v1/${route}`).expect(401);
      if (seededKey) await request(t.server).get(`/api/v1/${route}/${seededKey}`).set(auth(keys.bi!)).expect(403);
    });

    it('finds one by key and by id, and answers 404 for neither', async () => {
      if (seededKey) {
        const byKey = await request(t.server).get(`/api/v1/${route}/${seededKey}`).set(auth(keys.ingest!)).expect(200);
        expect(byKey.body.key).toBe(seededKey);
        const byId = await request(t.server).get(`/api/v1/${route}/${byKey.body.id}`).set(auth(t.adminKey)).expect(200);
        expect(byId.body).toEqual(byKey.body);
      }
      const missing = await request(t.server).get(`/api/v1/${route}/no-such-thing`).set(auth(t.adminKey)).expect(404);
      expect(missing.headers['content-type']).toMatch(PROBLEM_CONTENT_TYPE);
      await request(t.server).get(`/api/v1/${route}/6c1f0a3e-8a51-4df4-9ac2-5f1d1f3cbd9e`).set(auth(t.adminKey)).expect(404);
    });

    it('refuses writes from roles other than admin and manager', async () => {
      for (const role of ['ingest', 'bi', 'csm', 'lead']) {
        if (!keys[role]) continue;
        await request(t.server).post(`/api/v1/${route}`).set(auth(keys[role]!)).send({ key: 'x', name: 'x' }).expect(403);
        await request(t.server).patch(`/api/v1/${route}/x`).set(auth(keys[role]!)).send({ name: 'x' }).expect(403);
      }
    });
  });

  describe('products', () => {
    it('creates, reads and updates a product line', async () => {
      const created = await request(t.server)
        .post('/api/v1/products')
        .set(auth(keys.manager!))
        .send({ key: 'cloud-recording', name: 'Cloud Recording', description: 'Record channels to storage', mainMetric: 'api-calls' })
        .expect(201);
      expect(created.body).toMatchObject({ key: 'cloud-recording', name: 'Cloud Recording', mainMetric: 'api-calls' });
      expect(created.body.id).toMatch(/^[0-9a-f-]{36}$/);

      const updated = await request(t.server).patch('/api/v1/products/cloud-recording').set(auth(t.adminKey)).send({ name: 'Cloud Recording v2', mainMetric: null }).expect(200);
      expect(updated.body).toMatchObject({ id: created.body.id, key: 'cloud-recording', name: 'Cloud Recording v2', mainMetric: null, description: 'Record channels to storage' });
      const byId = await request(t.server).patch(`/api/v1/products/${created.body.id}`).set(auth(t.adminKey)).send({ mainMetric: 'video-minutes' }).expect(200);
      expect(byId.body).toMatchObject({ name: 'Cloud Recording v2', mainMetric: 'video-minutes' });
      const unchanged = await request(t.server).patch('/api/v1/products/cloud-recording').set(auth(t.adminKey)).send({}).expect(200);
      expect(unchanged.body.name).toBe('Cloud Recording v2');

      const stored = await t.db.pool.query('SELECT main_metric FROM products WHERE key = $1', ['cloud-recording']);
      expect(stored.rows[0].main_metric).toBe('video-minutes');
    });

    it('answers 409 for a duplicate key and changes nothing', async () => {
      const response = await request(t.server).post('/api/v1/products').set(auth(t.adminKey)).send({ key: 'voice-calling', name: 'Again' }).expect(409);
      expect(response.headers['content-type']).toMatch(PROBLEM_CONTENT_TYPE);
      expect(response.body.detail).toContain('voice-calling');
      const stored = await t.db.pool.query('SELECT name FROM products WHERE key = $1', ['voice-calling']);
      expect(stored.rows[0].name).toBe('Voice Calling');
    });

    it.each([
      ['an unknown main metric', { key: 'p1', name: 'P', mainMetric: 'no-such-metric' }, 'mainMetric'],
      ['a missing name', { key: 'p1' }, 'name'],
      ['an empty name', { key: 'p1', name: '' }, 'name'],
      ['a missing key', { name: 'P' }, 'key'],
      ['a key with capitals and spaces', { key: 'Voice Calling', name: 'P' }, 'key'],
      ['a key shaped like an id', { key: '6c1f0a3e-8a51-4df4-9ac2-5f1d1f3cbd9e', name: 'P' }, 'key'],
      ['a number for a name', { key: 'p1', name: 7 }, 'name'],
      ['an unknown field', { key: 'p1', name: 'P', colour: 'red' }, 'colour'],
      ['an over-long description', { key: 'p1', name: 'P', description: 'x'.repeat(2001) }, 'description'],
    ])('answers 400 on create for %s', async (_case, body, path) => {
      const response = await request(t.server).post('/api/v1/products').set(auth(t.adminKey)).send(body).expect(400);
      expect(response.headers['content-type']).toMatch(PROBLEM_CONTENT_TYPE);
      expect(paths(response.body)).toContain(path);
      const stored = await t.db.pool.query(`SELECT count(*)::int AS n FROM products WHERE key IN ('p1', 'Voice Calling')`);
      expect(stored.rows[0].n).toBe(0);
    });

    it.each([
      ['a null name', { name: null }, 'name'],
      ['an unknown main metric', { mainMetric: 'nope' }, 'mainMetric'],
      ['a new key (keys are stable)', { key: 'renamed' }, 'key'],
      ['a wrong type', { description: 42 }, 'description'],
    ])('answers 400 on update for %s', async (_case, body, path) => {
      const response = await request(t.server).patch('/api/v1/products/video-calling').set(auth(t.adminKey)).send(body).expect(400);
      expect(paths(response.body)).toContain(path);
      const stored = await t.db.pool.query('SELECT name, main_metric FROM products WHERE key = $1', ['video-calling']);
      expect(stored.rows[0]).toEqual({ name: 'Video Calling', main_metric: 'video-minutes' });
    });

    it('answers 404 when updating an unknown product', async () => {
      await request(t.server).patch('/api/v1/products/no-such-product').set(auth(t.adminKey)).send({ name: 'x' }).expect(404);
    });

    it('pages through products with a cursor and refuses a forged one', async () => {
      const first = await request(t.server).get('/api/v1/products?limit=2').set(auth(t.adminKey)).expect(200);
      expect(first.body.items).toHaveLength(2);
      const seen = first.body.items.map((item: { key: string }) => item.key);
      let cursor: string | null = first.body.nextCursor;
      while (cursor) {
        const next = await request(t.server).get(`/api/v1/products?limit=2&cursor=${cursor}`).set(auth(t.adminKey)).expect(200);
        seen.push(...next.body.items.map((item: { key: string }) => item.key));
        cursor = next.body.nextCursor;
      }
      const all = await t.db.pool.query<{ key: string }>('SELECT key FROM products ORDER BY key');
      expect(seen).toEqual(all.rows.map((row) => row.key));
      await request(t.server).get('/api/v1/products?cursor=forged').set(auth(t.adminKey)).expect(400);
      await request(t.server).get('/api/v1/products?limit=0').set(auth(t.adminKey)).expect(400);
      await request(t.server).get('/api/v1/products?sort=name').set(auth(t.adminKey)).expect(400);
    });
  });

  describe('use cases', () => {
    it('creates and updates a use case; a duplicate key is a conflict', async () => {
      const created = await request(t.server).post('/api/v1/use-cases').set(auth(keys.manager!)).send({ key: 'virtual-events', name: 'Virtual events' }).expect(201);
      expect(created.body).toMatchObject({ key: 'virtual-events', name: 'Virtual events', description: null });
      const updated = await request(t.server).patch('/api/v1/use-cases/virtual-events').set(auth(keys.manager!)).send({ description: 'Conferences and town halls' }).expect(200);
      expect(updated.body).toMatchObject({ name: 'Virtual events', description: 'Conferences and town halls' });
      await request(t.server).post('/api/v1/use-cases').set(auth(t.adminKey)).send({ key: 'virtual-events', name: 'Again' }).expect(409);
      await request(t.server).patch('/api/v1/use-cases/nope').set(auth(t.adminKey)).send({ name: 'x' }).expect(404);
    });

    it.each([
      ['a missing name', { key: 'u1' }, 'name'],
      ['a bad key', { key: 'u 1', name: 'U' }, 'key'],
      ['an unknown field', { key: 'u1', name: 'U', rank: 1 }, 'rank'],
    ])('answers 400 for %s', async (_case, body, path) => {
      const response = await request(t.server).post('/api/v1/use-cases').set(auth(t.adminKey)).send(body).expect(400);
      expect(paths(response.body)).toContain(path);
    });
  });

  describe('metrics', () => {
    it('creates a metric with defaults and updates it', async () => {
      const created = await request(t.server)
        .post('/api/v1/metrics')
        .set(auth(keys.manager!))
        .send({ key: 'recording-minutes', name: 'Recording minutes', unit: 'minutes', aggregation: 'sum', kind: 'usage' })
        .expect(201);
      expect(created.body).toMatchObject({ key: 'recording-minutes', higherIsBetter: true, allowNegative: false, description: null });
      const updated = await request(t.server).patch('/api/v1/metrics/recording-minutes').set(auth(t.adminKey)).send({ aggregation: 'max', higherIsBetter: false, allowNegative: true }).expect(200);
      expect(updated.body).toMatchObject({ aggregation: 'max', higherIsBetter: false, allowNegative: true, unit: 'minutes', kind: 'usage' });
      await request(t.server).post('/api/v1/metrics').set(auth(t.adminKey)).send({ key: 'recording-minutes', name: 'R', unit: 'minutes', aggregation: 'sum', kind: 'usage' }).expect(409);
    });

    const valid = { key: 'm1', name: 'M', unit: 'minutes', aggregation: 'sum', kind: 'usage' };
    it.each([
      ['an unknown aggregation', { ...valid, aggregation: 'median' }, 'aggregation'],
      ['an unknown kind', { ...valid, kind: 'vanity' }, 'kind'],
      ['a missing unit', { ...valid, unit: undefined }, 'unit'],
      ['a string for a boolean', { ...valid, higherIsBetter: 'yes' }, 'higherIsBetter'],
      ['a null boolean', { ...valid, allowNegative: null }, 'allowNegative'],
    ])('answers 400 on create for %s', async (_case, body, path) => {
      const response = await request(t.server).post('/api/v1/metrics').set(auth(t.adminKey)).send(body).expect(400);
      expect(paths(response.body)).toContain(path);
    });

    it.each([
      ['a null aggregation', { aggregation: null }, 'aggregation'],
      ['a null kind', { kind: null }, 'kind'],
      ['a null unit', { unit: null }, 'unit'],
      ['a number for a boolean', { higherIsBetter: 1 }, 'higherIsBetter'],
    ])('answers 400 on update for %s', async (_case, body, path) => {
      const response = await request(t.server).patch('/api/v1/metrics/audio-minutes').set(auth(t.adminKey)).send(body).expect(400);
      expect(paths(response.body)).toContain(path);
    });
  });

  it('records every catalog write in the audit log with the acting key', async () => {
    const { body: product } = await request(t.server).post('/api/v1/products').set(auth(t.adminKey)).send({ key: 'audited-product', name: 'Audited' }).expect(201);
    clock.advance(1000);
    await request(t.server).patch('/api/v1/products/audited-product').set(auth(keys.manager!)).send({ name: 'Audited 2' }).expect(200);
    const { body: useCase } = await request(t.server).post('/api/v1/use-cases').set(auth(t.adminKey)).send({ key: 'audited-use-case', name: 'Audited' }).expect(201);
    const { body: metric } = await request(t.server).post('/api/v1/metrics').set(auth(t.adminKey)).send({ key: 'audited-metric', name: 'A', unit: 'calls', aggregation: 'sum', kind: 'usage' }).expect(201);

    const productLog = await request(t.server).get(`/api/v1/audit-log?entityId=${product.id}`).set(auth(t.adminKey)).expect(200);
    expect(productLog.body.items.map((entry: { action: string }) => entry.action)).toEqual(['product.update', 'product.create']);
    expect(productLog.body.items[0]).toMatchObject({ actorKeyName: 'test manager', entityType: 'product', statusCode: 200, summary: { changes: { name: 'Audited 2' } } });
    expect(productLog.body.items[1]).toMatchObject({ actorKeyName: 'test admin', statusCode: 201, summary: { changes: { key: 'audited-product', name: 'Audited' } } });
    const useCaseLog = await request(t.server).get(`/api/v1/audit-log?entityId=${useCase.id}`).set(auth(t.adminKey)).expect(200);
    expect(useCaseLog.body.items).toEqual([expect.objectContaining({ action: 'use-case.create', entityType: 'use_case' })]);
    const metricLog = await request(t.server).get(`/api/v1/audit-log?entityId=${metric.id}`).set(auth(t.adminKey)).expect(200);
    expect(metricLog.body.items).toEqual([expect.objectContaining({ action: 'metric.create', entityType: 'metric' })]);

    // Refused writes changed nothing and leave no entry.
    await request(t.server).post('/api/v1/products').set(auth(t.adminKey)).send({ key: 'audited-product', name: 'Dup' }).expect(409);
    const after = await request(t.server).get('/api/v1/audit-log?action=product.create').set(auth(t.adminKey)).expect(200);
    expect(after.body.items.filter((entry: { entityId: string }) => entry.entityId === product.id)).toHaveLength(1);
  });
});
