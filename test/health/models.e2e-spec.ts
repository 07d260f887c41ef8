import request from 'supertest';
import { FixedClock } from '../../src/common/clock';
import { DEFAULT_HEALTH_MODEL } from '../../src/health/scoring';
import { auth, createAccount, createManager, paths } from '../accounts/fixtures';
import { startTestApp, TestApp } from '../support/test-app';
import { at, health, ingestDaily, runHealthJob } from './fixtures';

const definition = (overrides: Record<string, unknown> = {}) => ({ ...JSON.parse(JSON.stringify(DEFAULT_HEALTH_MODEL)), ...overrides });

describe('health models (e2e)', () => {
  let t: TestApp;
  const clock = new FixedClock(new Date('2027-01-01T06:00:00Z'));
  let account: { id: string };
  let manager: string;

  beforeAll(async () => {
    t = await startTestApp({ clock });
    manager = await t.keyFor('manager');
    account = await createAccount(t, { products: ['video-calling'], billingModel: 'payg', commitAmount: null, commitPeriod: null, renewalDate: null });
    at(clock, '2027-03-10T06:00:00Z');
    await ingestDaily(t, account.id, 'video-minutes', '2027-01-14', '2027-03-10', (day) => (day < '2027-02-11' ? 100 : 80));
    at(clock, '2027-03-10T12:00:00Z');
  });
  afterAll(async () => t.close());

  const post = (path: string, body: unknown, key = manager) => request(t.server).post(`/api/v1/health-models${path}`).set(auth(key)).send(body as object);

  it('lists the seeded default model, active, and keeps versions by key', async () => {
    const list = await request(t.server).get('/api/v1/health-models').set(auth(manager)).expect(200);
    expect(list.body.items).toEqual([expect.objectContaining({ key: 'default', version: 1, status: 'active', editable: false })]);
    expect(list.body.items[0].definition.components.map((component: { key: string }) => component.key)).toEqual(DEFAULT_HEALTH_MODEL.components.map((component) => component.key));
    const model = await request(t.server).get('/api/v1/health-models/default').set(auth(manager)).expect(200);
    expect(model.body).toMatchObject({ key: 'default', activeVersion: 1, shadowVersions: [] });
    await request(t.server).get('/api/v1/health-models/nope').set(auth(manager)).expect(404);
    await request(t.server).get('/api/v1/health-models/default/versions/9').set(auth(manager)).expect(404);
    await request(t.server).get('/api/v1/health-models').set(auth(await t.keyFor('csm', (await createManager(t)).id))).expect(403);
  });

  it('rejects a bad model with the path of every problem', async () => {
    const bad = definition({ bands: { green: 50, yellow: 60 }, minimumCoverage: 2 });
    bad.components[0].weight = -1;
    bad.components[1].curve = { type: 'linear', points: [] };
    const response = await post('', { key: 'broken', name: 'Broken', definition: bad }).expect(400);
    expect(paths(response.body)).toEqual(expect.arrayContaining(['definition.components[0].weight', 'definition.bands.yellow', 'definition.minimumCoverage']));
    expect(paths(response.body).some((path) => path.startsWith('definition.components[1].curve'))).toBe(true);
    const unknownSegment = await post('', { key: 'broken', name: 'Broken', definition: definition({ segments: ['no-such-segment'] }) }).expect(400);
    expect(paths(unknownSegment.body)).toEqual(['definition.segments[0]']);
    await post('', { key: 'Not A Key', name: 'x', definition: definition() }).expect(400);
  });

  it('versions a model: draft (editable) → active (immutable, previous version retired)', async () => {
    const draft = await post('', { key: 'default', name: 'Default, usage heavier', definition: definition() }).expect(201);
    expect(draft.body).toMatchObject({ key: 'default', version: 2, status: 'draft', editable: true, activatedAt: null });
    // Stored with every parameter filled in.
    expect(draft.body.definition.components[0].parameters).toEqual({ minimumBaseline: 1 });
    const heavier = definition();
    heavier.components[0].weight = 40;
    const edited = await request(t.server).put('/api/v1/health-models/default/versions/2').set(auth(manager)).send({ name: 'Default, usage heavier', definition: heavier }).expect(200);
    expect(edited.body.definition.components[0].weight).toBe(40);

    const activated = await post('/default/versions/2/activate', {}).expect(200);
    expect(activated.body).toMatchObject({ version: 2, status: 'active', editable: false, activatedAt: '2027-03-10T12:00:00.000Z' });
    const versions = (await request(t.server).get('/api/v1/health-models/default').set(auth(manager)).expect(200)).body;
    expect(versions).toMatchObject({ activeVersion: 2, versions: [{ version: 1, status: 'retired' }, { version: 2, status: 'active' }] });
    await request(t.server).put('/api/v1/health-models/default/versions/2').set(auth(manager)).send({ name: 'changed', definition: definition() }).expect(409);
    await request(t.server).put('/api/v1/health-models/default/versions/1').set(auth(manager)).send({ name: 'changed', definition: definition() }).expect(409);
    await post('/default/versions/2/retire', {}).expect(409);

    // Another catch-all model cannot be active beside it; one for its own segments can.
    await post('', { key: 'other', name: 'Other', definition: definition() }).expect(201);
    await post('/other/versions/1/activate', {}).expect(409);
    await post('', { key: 'enterprise', name: 'Enterprise', definition: definition({ segments: ['enterprise'] }) }).expect(201);
    await post('/enterprise/versions/1/activate', {}).expect(200);
  });

  it('previews a version for chosen accounts beside their current health, storing nothing', async () => {
    await runHealthJob(t);
    const current = (await health(t, account.id).expect(200)).body;
    const flat = definition();
    flat.components[0].curve = { type: 'linear', points: [{ x: -100, y: 50 }, { x: 100, y: 50 }] };
    await post('', { key: 'flat', name: 'Flat usage', definition: flat }).expect(201);
    const scores = async () => (await t.db.pool.query('SELECT count(*)::int AS n FROM health_scores')).rows[0].n as number;
    const stored = await scores();
    const preview = await post('/flat/versions/1/preview', { accountIds: [account.id] }).expect(200);
    expect(preview.body).toMatchObject({ asOf: '2027-03-10', model: { key: 'flat', version: 1, status: 'draft' } });
    expect(preview.body.items[0]).toMatchObject({ accountId: account.id, current: { score: current.score, band: current.band, modelVersion: 2 } });
    expect(preview.body.items[0].preview.components.find((component: { key: string }) => component.key === 'usage-trend')).toMatchObject({ score: 50, facts: ['video minutes −20% over 28 days'] });
    expect(await scores()).toBe(stored);
    const missing = await post('/flat/versions/1/preview', { accountIds: [account.id, '00000000-0000-4000-8000-000000000000'] }).expect(400);
    expect(paths(missing.body)).toEqual(['accountIds[1]']);
    await post('/flat/versions/1/preview', { accountIds: [] }).expect(400);
  });

  it('runs a shadow version beside the active one: stored every run, never official', async () => {
    at(clock, '2027-03-10T12:15:00Z');
    const shadow = await post('/flat/versions/1/shadow', {}).expect(200);
    expect(shadow.body).toMatchObject({ status: 'shadow', editable: false });
    await request(t.server).put('/api/v1/health-models/flat/versions/1').set(auth(manager)).send({ name: 'x', definition: definition() }).expect(409);
    at(clock, '2027-03-10T12:30:00Z');
    // A new shadow model makes the next run a full run.
    const { healthRun } = await runHealthJob(t);
    expect(healthRun).toMatchObject({ kind: 'full', status: 'completed' });
    const rows = (await t.db.pool.query('SELECT official, model_version AS version FROM health_scores WHERE run_id = $1 ORDER BY official', [healthRun!.id])).rows;
    expect(rows).toEqual([{ official: false, version: 1 }, { official: true, version: 2 }]);
    const read = (await health(t, account.id).expect(200)).body;
    expect(read.model).toMatchObject({ key: 'default', version: 2 });
    expect(read.shadow).toEqual([expect.objectContaining({ model: expect.objectContaining({ key: 'flat', version: 1 }), runId: healthRun!.id })]);
    expect(read.shadow[0].components.find((component: { key: string }) => component.key === 'usage-trend').score).toBe(50);
    await post('/flat/versions/1/retire', {}).expect(200);
    expect((await health(t, account.id).expect(200)).body.shadow).toEqual([]);
  });
});
