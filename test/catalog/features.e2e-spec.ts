import request from 'supertest';
import { startTestApp, TestApp } from '../support/test-app';

const PROBLEM_CONTENT_TYPE = /application\/problem\+json/;
const auth = (key: string) => ({ Authorization: `Bearer ${key}` });
const errorsAt = (body: { errors?: { path: string; message: string }[] }, path: string) => (body.errors ?? []).filter((error) => error.path === path);

describe('Catalog: features (e2e)', () => {
  let t: TestApp;
  let managerKey: string;
  let segmentsExist: boolean;

  const create = (body: Record<string, unknown>, key = t.adminKey) => request(t.server).post('/api/v1/features').set(auth(key)).send(body);
  const patch = (keyOrId: string, body: Record<string, unknown>) => request(t.server).patch(`/api/v1/features/${keyOrId}`).set(auth(t.adminKey)).send(body);
  const prerequisitesOf = async (key: string) => (await t.db.pool.query('SELECT prerequisites FROM features WHERE key = $1', [key])).rows[0]?.prerequisites;

  beforeAll(async () => {
    t = await startTestApp();
    managerKey = await t.keyFor('manager');
    segmentsExist = (await t.db.pool.query(`SELECT to_regclass('public.segments') IS NOT NULL AS present`)).rows[0].present;
    await create({ key: 'video-basic-call', product: 'video-calling', name: 'Basic video call' }).expect(201);
  });
  afterAll(async () => t.close());

  it('creates a feature with its links, and finds it by key, id, product and use case', async () => {
    const body = {
      key: 'video-screen-share',
      product: 'video-calling',
      name: 'Screen sharing',
      description: 'Share a screen or a window in a call',
      prerequisites: ['video-basic-call'],
      eligibleSegments: ['growth', 'enterprise'],
      useCases: ['one-to-one-tutoring', 'large-class'],
      documentationUrl: 'https://docs.example.com/video/screen-share',
      guideUrl: 'https://docs.example.com/guides/screen-share-best-practices',
      trainingUrl: 'http://academy.example.com/courses/screen-share',
    };
    const created = await create(body, managerKey).expect(201);
    expect(created.body).toMatchObject(body);
    const byKey = await request(t.server).get('/api/v1/features/video-screen-share').set(auth(t.adminKey)).expect(200);
    const byId = await request(t.server).get(`/api/v1/features/${created.body.id}`).set(auth(t.adminKey)).expect(200);
    expect(byKey.body).toEqual(created.body);
    expect(byId.body).toEqual(created.body);

    const byProduct = await request(t.server).get('/api/v1/features?product=video-calling').set(auth(t.adminKey)).expect(200);
    expect(byProduct.body.items.map((item: { key: string }) => item.key)).toEqual(['video-basic-call', 'video-screen-share']);
    const byUseCase = await request(t.server).get('/api/v1/features?useCase=large-class').set(auth(t.adminKey)).expect(200);
    expect(byUseCase.body.items.map((item: { key: string }) => item.key)).toEqual(['video-screen-share']);
    const none = await request(t.server).get('/api/v1/features?product=voice-calling').set(auth(t.adminKey)).expect(200);
    expect(none.body).toEqual({ items: [], nextCursor: null });
  });

  it('defaults the lists to empty and the links to null', async () => {
    const created = await create({ key: 'rtm-presence', product: 'real-time-messaging', name: 'Presence' }).expect(201);
    expect(created.body).toMatchObject({ prerequisites: [], eligibleSegments: [], useCases: [], description: null, documentationUrl: null, guideUrl: null, trainingUrl: null });
  });

  it('updates fields, clears a link with null and keeps what was not sent', async () => {
    await create({ key: 'voice-noise-suppression', product: 'voice-calling', name: 'AI noise suppression', documentationUrl: 'https://docs.example.com/ns', useCases: ['in-game-voice'] }).expect(201);
    const updated = await patch('voice-noise-suppression', { name: 'AI noise suppression v2', documentationUrl: null, useCases: ['in-game-voice', 'social-audio-rooms'] }).expect(200);
    expect(updated.body).toMatchObject({ name: 'AI noise suppression v2', documentationUrl: null, useCases: ['in-game-voice', 'social-audio-rooms'], product: 'voice-calling' });
    const moved = await patch(updated.body.id, { product: 'conversational-ai' }).expect(200);
    expect(moved.body).toMatchObject({ product: 'conversational-ai', name: 'AI noise suppression v2' });
  });

  it('answers 409 for a duplicate key', async () => {
    const response = await create({ key: 'video-basic-call', product: 'voice-calling', name: 'Again' }).expect(409);
    expect(response.headers['content-type']).toMatch(PROBLEM_CONTENT_TYPE);
    expect((await t.db.pool.query(`SELECT product FROM features WHERE key = 'video-basic-call'`)).rows).toEqual([{ product: 'video-calling' }]);
  });

  it.each([
    ['an unknown product', { product: 'teleportation' }, 'product', /teleportation/],
    ['an unknown prerequisite', { prerequisites: ['video-basic-call', 'ghost-feature'] }, 'prerequisites', /ghost-feature/],
    ['itself as a prerequisite', { prerequisites: ['new-feature'] }, 'prerequisites', /cycle: new-feature -> new-feature/],
    ['an unknown use case', { useCases: ['one-to-one-tutoring', 'time-travel'] }, 'useCases', /time-travel/],
    ['a duplicated use case', { useCases: ['large-class', 'large-class'] }, 'useCases', /unique/],
    ['a use case that is not a key', { useCases: ['Large Class'] }, 'useCases', /lowercase/],
    ['a string for a list', { prerequisites: 'video-basic-call' }, 'prerequisites', /array/],
    ['a documentation link without a protocol', { documentationUrl: 'docs.example.com/x' }, 'documentationUrl', /URL/],
    ['an ftp guide link', { guideUrl: 'ftp://files.example.com/guide.pdf' }, 'guideUrl', /URL/],
    ['a javascript training link', { trainingUrl: 'javascript:alert(1)' }, 'trainingUrl', /URL/],
    ['a number for a link', { trainingUrl: 42 }, 'trainingUrl', /./],
    ['a missing product', { product: undefined }, 'product', /./],
    ['an unknown field', { owner: 'me' }, 'owner', /unknown field/],
  ])('answers 400 on create for %s', async (_case, fields, path, message) => {
    const response = await create({ key: 'new-feature', product: 'video-calling', name: 'New', ...fields }).expect(400);
    expect(response.headers['content-type']).toMatch(PROBLEM_CONTENT_TYPE);
    const errors = errorsAt(response.body, path);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.map((error) => error.message).join(' ')).toMatch(message);
    expect((await t.db.pool.query(`SELECT count(*)::int AS n FROM features WHERE key = 'new-feature'`)).rows[0].n).toBe(0);
  });

  it('answers 400 for unknown eligible segments (segments belong to the accounts module)', async () => {
    if (!segmentsExist) {
      // Before the accounts module's table exists, segment keys are only checked for their shape.
      await create({ key: 'segment-probe', product: 'video-calling', name: 'Probe', eligibleSegments: ['Not A Key'] }).expect(400);
      return;
    }
    const response = await create({ key: 'segment-probe', product: 'video-calling', name: 'Probe', eligibleSegments: ['growth', 'unicorn'] }).expect(400);
    expect(errorsAt(response.body, 'eligibleSegments')[0]?.message).toMatch(/unicorn/);
    await create({ key: 'segment-probe', product: 'video-calling', name: 'Probe', eligibleSegments: ['startup', 'strategic'] }).expect(201);
  });

  it('reports every bad reference at once', async () => {
    const response = await create({ key: 'many-problems', product: 'nope', name: 'x', prerequisites: ['ghost'], useCases: ['nowhere'] }).expect(400);
    expect(response.body.errors.map((error: { path: string }) => error.path).sort()).toEqual(['prerequisites', 'product', 'useCases']);
  });

  it('refuses an update that would close a prerequisite cycle, naming the cycle', async () => {
    await create({ key: 'cycle-a', product: 'video-calling', name: 'A' }).expect(201);
    await create({ key: 'cycle-b', product: 'video-calling', name: 'B', prerequisites: ['cycle-a'] }).expect(201);
    await create({ key: 'cycle-c', product: 'video-calling', name: 'C', prerequisites: ['cycle-b'] }).expect(201);
    const response = await patch('cycle-a', { prerequisites: ['cycle-c'] }).expect(400);
    expect(errorsAt(response.body, 'prerequisites')[0]?.message).toContain('cycle-a -> cycle-c -> cycle-b -> cycle-a');
    expect(await prerequisitesOf('cycle-a')).toEqual([]);
    // A diamond is not a cycle.
    await patch('cycle-c', { prerequisites: ['cycle-b', 'cycle-a'] }).expect(200);
    expect(await prerequisitesOf('cycle-c')).toEqual(['cycle-b', 'cycle-a']);
  });

  it('lets only one of two concurrent updates close a cycle', async () => {
    await create({ key: 'race-a', product: 'voice-calling', name: 'Race A' }).expect(201);
    await create({ key: 'race-b', product: 'voice-calling', name: 'Race B' }).expect(201);
    const answers = await Promise.all([patch('race-a', { prerequisites: ['race-b'] }), patch('race-b', { prerequisites: ['race-a'] })]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 400]);
    const both = [await prerequisitesOf('race-a'), await prerequisitesOf('race-b')];
    expect(both.filter((prerequisites) => prerequisites.length > 0)).toHaveLength(1);
  });

  it.each([
    ['a null name', { name: null }, 'name'],
    ['a null product', { product: null }, 'product'],
    ['a null list', { useCases: null }, 'useCases'],
    ['an unknown prerequisite', { prerequisites: ['ghost'] }, 'prerequisites'],
    ['a bad link', { documentationUrl: 'not a url' }, 'documentationUrl'],
    ['a new key', { key: 'renamed' }, 'key'],
  ])('answers 400 on update for %s', async (_case, body, path) => {
    const response = await patch('video-basic-call', body).expect(400);
    expect(errorsAt(response.body, path).length).toBeGreaterThan(0);
    expect((await t.db.pool.query(`SELECT name, product, use_cases FROM features WHERE key = 'video-basic-call'`)).rows[0]).toEqual({ name: 'Basic video call', product: 'video-calling', use_cases: [] });
  });

  it('answers 404 for an unknown feature', async () => {
    await request(t.server).get('/api/v1/features/ghost').set(auth(t.adminKey)).expect(404);
    await patch('ghost', { name: 'x' }).expect(404);
  });

  it('enforces roles: bi may not read, csm-less roles other than admin and manager may not write', async () => {
    const bi = await t.keyFor('bi');
    const ingest = await t.keyFor('ingest');
    await request(t.server).get('/api/v1/features').set(auth(bi)).expect(403);
    await request(t.server).get('/api/v1/features/video-basic-call').set(auth(bi)).expect(403);
    await request(t.server).get('/api/v1/features/video-basic-call').set(auth(ingest)).expect(200);
    await create({ key: 'by-ingest', product: 'video-calling', name: 'x' }, ingest).expect(403);
    await request(t.server).patch('/api/v1/features/video-basic-call').set(auth(ingest)).send({ name: 'x' }).expect(403);
  });

  it('pages through features by key', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: request.Response = await request(t.server).get(`/api/v1/features?limit=3${cursor ? `&cursor=${cursor}` : ''}`).set(auth(t.adminKey)).expect(200);
      expect(page.body.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.body.items.map((item: { key: string }) => item.key));
      cursor = page.body.nextCursor;
    } while (cursor);
    const all = await t.db.pool.query<{ key: string }>('SELECT key FROM features ORDER BY key');
    expect(seen).toEqual(all.rows.map((row) => row.key));
  });

  it('records feature writes in the audit log', async () => {
    const { body: feature } = await create({ key: 'audited-feature', product: 'video-calling', name: 'Audited', prerequisites: ['video-basic-call'] }, managerKey).expect(201);
    await patch('audited-feature', { guideUrl: 'https://docs.example.com/guide' }).expect(200);
    await patch('audited-feature', { prerequisites: ['audited-feature'] }).expect(400);
    const log = await request(t.server).get(`/api/v1/audit-log?entityId=${feature.id}`).set(auth(t.adminKey)).expect(200);
    expect(log.body.items.map((entry: { action: string }) => entry.action)).toEqual(['feature.update', 'feature.create']);
    expect(log.body.items[0]).toMatchObject({ entityType: 'feature', actorKeyName: 'test admin', summary: { changes: { guideUrl: 'https://docs.example.com/guide' } } });
    expect(log.body.items[1]).toMatchObject({ actorKeyName: 'test manager', statusCode: 201, summary: { changes: { prerequisites: ['video-basic-call'] } } });
  });
});
