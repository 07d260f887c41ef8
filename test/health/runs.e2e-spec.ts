import request from 'supertest';
import { JobRunner } from '../../src/jobs/job-runner.service';
import { HealthRunRepository } from '../../src/health/runs/health-run.repository';
import { HealthRunService } from '../../src/health/runs/health-run.service';
import { FixedClock } from '../../src/common/clock';
import { auth, createAccount } from '../accounts/fixtures';
import { startTestApp, TestApp } from '../support/test-app';
import { at, health, ingestDaily, runHealthJob } from './fixtures';

const count = async (t: TestApp, sql: string, params: unknown[] = []) => (await t.db.pool.query(sql, params)).rows[0].n as number;

/**
 * Runs on crafted accounts whose signals give known scores under the default model:
 *  - declining: video minutes 100/day for 28 days then 62/day (−38% → usage trend 15), billable
 *    100/day on a 36,500/year commit (on pace → 85), no tickets (support 100), no touchpoint and
 *    no sponsor (relationship 0); no quality, adoption or NPS: coverage 65%, score 3575/65 = 55.0.
 *  - steady: the same with flat usage (0% → 75): 5075/65 = 78.1, green.
 *  - their organisation rolls both up: (100k × 55 + 300k × 78.1) / 400k = 72.3, worst child declining.
 */
describe('health runs (e2e)', () => {
  let t: TestApp;
  const clock = new FixedClock(new Date('2027-01-01T06:00:00Z'));
  let declining: { id: string };
  let steady: { id: string };
  let organisation: { id: string };

  beforeAll(async () => {
    t = await startTestApp({ clock });
    organisation = await createAccount(t, { arr: '0', products: [], useCases: [], renewalDate: '2027-07-01' });
    const commit = { billingModel: 'commit', commitAmount: 36500, commitPeriod: 'year', renewalDate: '2027-07-01', parentId: organisation.id };
    declining = await createAccount(t, { ...commit, arr: '100000', products: ['video-calling'] });
    steady = await createAccount(t, { ...commit, arr: '300000', products: ['video-calling'] });
    at(clock, '2027-03-10T06:00:00Z');
    for (const account of [declining, steady]) await ingestDaily(t, account.id, 'billable-amount', '2026-07-01', '2027-03-10', () => 100);
    await ingestDaily(t, declining.id, 'video-minutes', '2027-01-14', '2027-03-10', (day) => (day < '2027-02-11' ? 100 : 62));
    await ingestDaily(t, steady.id, 'video-minutes', '2027-01-14', '2027-03-10', () => 100);
    at(clock, '2027-03-10T12:00:00Z');
  });
  afterAll(async () => t.close());

  it('scores every account in a full run with components, coverage, band and drivers', async () => {
    const { jobRun, healthRun } = await runHealthJob(t);
    expect(jobRun).toMatchObject({ status: 'succeeded', stats: { kind: 'full', asOf: '2027-03-10', accountsScored: 2, organisationsRolledUp: 1, alertsEvaluated: true } });
    expect(healthRun).toMatchObject({ kind: 'full', status: 'completed', asOf: '2027-03-10' });

    const response = await health(t, declining.id).expect(200);
    expect(response.body).toMatchObject({ scored: true, score: 55, band: 'yellow', coverage: 0.65, model: { key: 'default', version: 1 }, asOf: '2027-03-10' });
    const components = Object.fromEntries(response.body.components.map((component: { key: string }) => [component.key, component]));
    expect(components['usage-trend']).toMatchObject({ status: 'scored', score: 15, facts: ['video minutes −38% over 28 days'] });
    expect(components['commit-pacing']).toMatchObject({ status: 'scored', score: 85 });
    expect(components.support).toMatchObject({ status: 'scored', score: 100 });
    expect(components.relationship).toMatchObject({ status: 'scored', score: 0, facts: ['no touchpoint recorded', 'no executive sponsor assigned'] });
    expect(components['call-quality']).toMatchObject({ status: 'missing', score: null });
    expect(response.body.drivers.down[0]).toMatchObject({ key: 'usage-trend', sentence: 'usage trend: video minutes −38% over 28 days' });
    expect(response.body.drivers.up[0]).toMatchObject({ key: 'support' });
    expect(response.body.change).toEqual({ sincePrevious: null, sinceWeekAgo: null });
    expect(response.body.effective).toEqual({ score: 55, band: 'yellow', source: 'computed' });

    expect((await health(t, steady.id).expect(200)).body).toMatchObject({ score: 78.1, band: 'green' });
    const parent = (await health(t, organisation.id).expect(200)).body;
    expect(parent).toMatchObject({ score: 72.3, band: 'yellow', coverage: 1 });
    expect(parent.drivers.rollUp).toMatchObject({ weighting: 'arr', arrReporting: 400000, worstChild: { accountId: declining.id, band: 'yellow', score: 55 } });
    expect(parent.drivers.down[0]).toMatchObject({ key: declining.id, direction: 'down' });

    // Drivers repeat the components' facts: they are stored only for an organisation's roll-up and worked out on read.
    const stored = await t.db.pool.query(`SELECT account_id AS "accountId", drivers FROM account_health_current WHERE account_id = ANY($1::uuid[])`, [[declining.id, organisation.id]]);
    const storedDrivers = Object.fromEntries(stored.rows.map((row) => [row.accountId, row.drivers]));
    expect(storedDrivers[declining.id]).toEqual({});
    expect(Object.keys(storedDrivers[organisation.id])).toEqual(['rollUp']);
    const history = await request(t.server).get(`/api/v1/accounts/${declining.id}/health/history?from=2027-03-10&to=2027-03-10`).set(auth(t.adminKey)).expect(200);
    expect(history.body.items[0].drivers).toEqual(response.body.drivers);
  });

  it('answers two concurrent triggers with one run', async () => {
    at(clock, '2027-03-10T12:05:00Z');
    const [first, second] = await Promise.all([
      request(t.server).post('/api/v1/jobs/health-scores/run').set(auth(t.adminKey)).expect(202),
      request(t.server).post('/api/v1/jobs/health-scores/run').set(auth(t.adminKey)).expect(202),
    ]);
    await t.app.get(JobRunner).drain();
    expect(first.body.id).toBe(second.body.id);
    expect([first.body.started, second.body.started].sort()).toEqual([false, true]);
    expect(await count(t, 'SELECT count(*)::int AS n FROM health_runs WHERE job_run_id = $1', [first.body.id])).toBe(1);
  });

  it('rescores only the accounts whose signals changed in an incremental run, with what changed since', async () => {
    const before = (await health(t, steady.id).expect(200)).body;
    at(clock, '2027-03-10T12:20:00Z');
    await request(t.server).post('/api/v1/touchpoints').set(auth(t.adminKey)).send([{ account: declining.id, kind: 'call', occurredAt: '2027-03-10T12:10:00Z' }]).expect(200);
    at(clock, '2027-03-10T12:30:00Z');
    const { healthRun } = await runHealthJob(t);
    // The declining account (its touchpoint) and its organisation (a child changed).
    expect(healthRun).toMatchObject({ kind: 'incremental', status: 'completed', accountsScored: 2 });
    const after = (await health(t, declining.id).expect(200)).body;
    // Relationship 0 → 70 (touchpoint today, no sponsor): 55.0 → (3575 + 350) / 65 = 60.4.
    expect(after).toMatchObject({ score: 60.4, band: 'yellow', computedAt: '2027-03-10T12:30:00.000Z' });
    expect(after.change.sincePrevious).toMatchObject({ since: 'since earlier today', roundedChange: 5, bandChanged: false });
    expect(after.change.sincePrevious.components[0]).toMatchObject({ key: 'relationship', movement: 'changed', previousScore: 0, currentScore: 70, roundedChange: 5 });
    expect(after.change.sincePrevious.sentence).toBe('+5 since earlier today: relationship +5');
    expect((await health(t, steady.id).expect(200)).body.computedAt).toBe(before.computedAt);
    expect((await health(t, organisation.id).expect(200)).body.computedAt).toBe('2027-03-10T12:30:00.000Z');
  });

  it('picks up accounts whose adoption was reported since their last snapshot', async () => {
    const before = (await health(t, steady.id).expect(200)).body;
    at(clock, '2027-03-10T12:40:00Z');
    // A feature no use case of theirs needs: the score stays, but the report is a change to look at.
    await request(t.server).post('/api/v1/features').set(auth(t.adminKey)).send({ key: 'runs-test-feature', product: 'video-calling', name: 'Runs test feature', useCases: ['live-commerce'] }).expect(201);
    await request(t.server).post('/api/v1/adoption').set(auth(t.adminKey)).send([{ account: steady.id, feature: 'runs-test-feature', date: '2027-03-10', adoptionPct: 80 }]).expect(200);
    at(clock, '2027-03-10T12:45:00Z');
    const { healthRun } = await runHealthJob(t);
    // The steady account (its adoption report) and its organisation.
    expect(healthRun).toMatchObject({ kind: 'incremental', status: 'completed', accountsScored: 2 });
    expect((await health(t, steady.id).expect(200)).body.computedAt).toBe('2027-03-10T12:45:00.000Z');
    expect(before.computedAt).not.toBe('2027-03-10T12:45:00.000Z');
    expect((await health(t, declining.id).expect(200)).body.computedAt).toBe('2027-03-10T12:30:00.000Z');
  });

  it('makes a run with a failing chunk leave nothing visible', async () => {
    const service = t.app.get(HealthRunService);
    const repository = t.app.get(HealthRunRepository);
    const original = repository.insertSnapshots.bind(repository);
    let calls = 0;
    const spy = jest.spyOn(repository, 'insertSnapshots').mockImplementation(async (...args) => {
      calls += 1;
      if (calls === 2) throw new Error('chunk 2 could not be written');
      return original(...args);
    });
    service.chunkSize = 1;
    try {
      at(clock, '2027-03-11T01:00:00Z');
      const before = (await health(t, declining.id).expect(200)).body;
      const { jobRun, healthRun } = await runHealthJob(t);
      expect(jobRun).toMatchObject({ status: 'failed', error: 'chunk 2 could not be written' });
      expect(healthRun).toMatchObject({ kind: 'full', status: 'failed' });
      expect(await count(t, 'SELECT count(*)::int AS n FROM health_scores WHERE run_id = $1', [healthRun!.id])).toBe(0);
      expect(await count(t, "SELECT count(*)::int AS n FROM health_daily_scores WHERE day = '2027-03-11'")).toBe(0);
      expect((await health(t, declining.id).expect(200)).body).toEqual(before);
    } finally {
      spy.mockRestore();
      service.chunkSize = 2000;
    }
  });

  it('marks a killed run abandoned, drops its snapshots and redoes the day in the next run', async () => {
    at(clock, '2027-03-11T02:00:00Z');
    const jobRun = (await t.db.pool.query(
      `INSERT INTO job_runs (job, slot, trigger, instance, lease_until, status, started_at) VALUES ('health-scores', now() - interval '1 hour', 'schedule', 'dead', now() - interval '1 minute', 'running', now() - interval '1 hour') RETURNING id`,
    )).rows[0].id as string;
    const killed = (await t.db.pool.query(
      `INSERT INTO health_runs (job_run_id, kind, as_of, status, started_at) VALUES ($1, 'full', '2027-03-11', 'running', '2027-03-11T01:30:00Z') RETURNING id`,
      [jobRun],
    )).rows[0].id as string;
    const model = (await t.db.pool.query(`SELECT id FROM health_models WHERE key = 'default' AND version = 1`)).rows[0].id as string;
    await t.db.pool.query(
      `INSERT INTO health_scores (account_id, run_id, model_id, model_version, official, as_of, score, band, coverage, components, drivers, computed_at)
       VALUES ($1, $2, $3, 1, true, '2027-03-11', 1, 'red', 1, '[]', '{"up":[],"down":[]}', '2027-03-11T01:30:00Z')`,
      [declining.id, killed, model],
    );
    expect((await health(t, declining.id).expect(200)).body.score).toBe(60.4);

    const { healthRun } = await runHealthJob(t);
    expect(healthRun).toMatchObject({ kind: 'full', status: 'completed', asOf: '2027-03-11' });
    expect((await t.db.pool.query('SELECT status FROM health_runs WHERE id = $1', [killed])).rows[0].status).toBe('abandoned');
    expect(await count(t, 'SELECT count(*)::int AS n FROM health_scores WHERE run_id = $1', [killed])).toBe(0);
    const now = (await health(t, declining.id).expect(200)).body;
    expect(now).toMatchObject({ asOf: '2027-03-11', band: 'yellow' });
    expect(now.change.sincePrevious.since).toBe('since yesterday');
  });

  it('keeps one official snapshot per account per day: a rerun replaces the day, history reads it', async () => {
    at(clock, '2027-03-11T03:00:00Z');
    await request(t.server).post('/api/v1/jobs/health-scores/run').set(auth(t.adminKey)).expect(202);
    await t.app.get(JobRunner).drain();
    expect(await count(t, "SELECT count(*)::int AS n FROM health_daily_scores WHERE account_id = $1 AND day = '2027-03-11'", [declining.id])).toBe(1);
    const history = await request(t.server).get(`/api/v1/accounts/${declining.id}/health/history?from=2027-03-01&to=2027-03-11`).set(auth(t.adminKey)).expect(200);
    expect(history.body.items.map((item: { day: string; band: string }) => [item.day, item.band])).toEqual([
      ['2027-03-10', 'yellow'],
      ['2027-03-11', 'yellow'],
    ]);
    expect(history.body.items[0]).toMatchObject({ score: 60.4, model: { key: 'default', version: 1 } });
    await request(t.server).get(`/api/v1/accounts/${declining.id}/health/history?from=2027-03-12&to=2027-03-11`).set(auth(t.adminKey)).expect(400);
    await request(t.server).get(`/api/v1/accounts/${declining.id}/health/history?from=2025-01-01&to=2027-03-11`).set(auth(t.adminKey)).expect(400);
  });

  it('scores a past day on demand from what was known then, without moving the current health back', async () => {
    at(clock, '2027-03-11T04:00:00Z');
    const started = await request(t.server).post('/api/v1/health-runs').set(auth(t.adminKey)).send({ asOf: '2027-03-01' }).expect(202);
    expect(started.body).toMatchObject({ kind: 'on_demand', asOf: '2027-03-01', status: 'running' });
    await t.app.get(HealthRunService).drain();
    const run = await request(t.server).get(`/api/v1/health-runs/${started.body.id}`).set(auth(t.adminKey)).expect(200);
    expect(run.body).toMatchObject({ status: 'completed', accountsScored: 3 });
    const day = (await t.db.pool.query(`SELECT score::float8 AS score, band FROM health_daily_scores WHERE account_id = $1 AND day = '2027-03-01'`, [declining.id])).rows[0];
    // On 2027-03-01 video minutes had fallen for 19 of 28 days: a smaller drop than today's.
    expect(day.score).toBeGreaterThan(55);
    expect((await health(t, declining.id).expect(200)).body.asOf).toBe('2027-03-11');
    await request(t.server).post('/api/v1/health-runs').set(auth(t.adminKey)).send({ asOf: '2027-03-12' }).expect(400);
    await request(t.server).post('/api/v1/health-runs').set(auth(await t.keyFor('manager'))).send({ asOf: '2027-03-01' }).expect(403);
  });

  it('prunes the snapshots of runs older than HEALTH_SNAPSHOT_RETENTION_DAYS after a full run, keeping the daily record, current health and running runs', async () => {
    const oldRuns = (await t.db.pool.query(`SELECT id FROM health_runs WHERE status <> 'running' AND EXISTS (SELECT 1 FROM health_scores s WHERE s.run_id = health_runs.id) ORDER BY started_at LIMIT 2`)).rows.map((row) => row.id as string);
    expect(oldRuns).toHaveLength(2);
    // The first is 36 days old, past the 35-day default; the second 34 days old, within it.
    await t.db.pool.query(`UPDATE health_runs SET started_at = $2::timestamptz - interval '36 days' WHERE id = $1`, [oldRuns[0], '2027-03-12T03:00:00Z']);
    await t.db.pool.query(`UPDATE health_runs SET started_at = $2::timestamptz - interval '34 days' WHERE id = $1`, [oldRuns[1], '2027-03-12T03:00:00Z']);
    const snapshotsOf = (runId: string) => count(t, 'SELECT count(*)::int AS n FROM health_scores WHERE run_id = $1', [runId]);
    const oldSnapshots = await snapshotsOf(oldRuns[0]);
    expect(oldSnapshots).toBeGreaterThan(0);
    const keptSnapshots = await snapshotsOf(oldRuns[1]);
    const dailyBefore = await count(t, 'SELECT count(*)::int AS n FROM health_daily_scores');

    at(clock, '2027-03-12T03:00:00Z');
    const { jobRun } = await runHealthJob(t);
    expect(jobRun).toMatchObject({ status: 'succeeded', stats: { kind: 'full', snapshotsPruned: oldSnapshots } });
    expect(await snapshotsOf(oldRuns[0])).toBe(0);
    expect(await snapshotsOf(oldRuns[1])).toBe(keptSnapshots);
    expect(await count(t, 'SELECT count(*)::int AS n FROM health_runs WHERE id = $1', [oldRuns[0]])).toBe(1);
    // The daily record gained today's rows and lost none; the current health still reads.
    expect(await count(t, 'SELECT count(*)::int AS n FROM health_daily_scores')).toBe(dailyBefore + 3);
    expect((await health(t, declining.id).expect(200)).body).toMatchObject({ scored: true, asOf: '2027-03-12' });
    // The next run the same day is incremental and prunes nothing.
    at(clock, '2027-03-12T03:15:00Z');
    expect((await runHealthJob(t)).jobRun).toMatchObject({ status: 'succeeded', stats: { kind: 'incremental', snapshotsPruned: 0 } });
  });

  it('filters and sorts the account list by current health', async () => {
    const list = async (query: string) =>
      (await request(t.server).get(`/api/v1/accounts?${query}`).set(auth(t.adminKey)).expect(200)).body.items.map((item: { id: string }) => item.id);
    expect(await list('sort=score')).toEqual([declining.id, organisation.id, steady.id]);
    expect(await list('sort=-score&limit=1')).toEqual([steady.id]);
    expect((await list('band=yellow')).sort()).toEqual([declining.id, organisation.id].sort());
    expect(await list('scoreMin=75')).toEqual([steady.id]);
    await request(t.server).get('/api/v1/accounts?scoreMin=abc').set(auth(t.adminKey)).expect(400);
    await request(t.server).get('/api/v1/accounts?band=purple').set(auth(t.adminKey)).expect(400);
  });

  it("forgets, in the next day's full run, the current health of an account no longer scored (archived), and keeps the others'", async () => {
    at(clock, '2027-03-12T04:00:00Z');
    const archived = await createAccount(t, { products: ['video-calling'] });
    await ingestDaily(t, archived.id, 'video-minutes', '2027-02-14', '2027-03-12', () => 100);
    expect((await runHealthJob(t)).jobRun).toMatchObject({ status: 'succeeded' });
    expect((await health(t, archived.id).expect(200)).body).toMatchObject({ scored: true, asOf: '2027-03-12' });

    await request(t.server).post(`/api/v1/accounts/${archived.id}/archive`).set(auth(t.adminKey)).expect(200);
    at(clock, '2027-03-13T03:00:00Z');
    const { jobRun } = await runHealthJob(t);
    expect(jobRun).toMatchObject({ status: 'succeeded', stats: { kind: 'full', asOf: '2027-03-13' } });
    const current = await t.db.pool.query(`SELECT account_id AS "accountId", as_of::text AS "asOf" FROM account_health_current ORDER BY as_of`);
    expect(current.rows.find((row) => row.accountId === archived.id)).toBeUndefined();
    expect(current.rows.map((row) => row.accountId).sort()).toEqual([declining.id, steady.id, organisation.id].sort());
    expect(current.rows.every((row) => row.asOf === '2027-03-13')).toBe(true);
    // The account's daily record stays: it is history.
    expect(await count(t, 'SELECT count(*)::int AS n FROM health_daily_scores WHERE account_id = $1', [archived.id])).toBe(1);
  });

  it('beats without waiting while a completing transaction holds the run, and through the chunk writes', async () => {
    const repository = t.app.get(HealthRunRepository);
    const run = await repository.create({ kind: 'on_demand', asOf: '2027-03-10', jobRunId: null, startedAt: new Date('2027-03-10T12:00:00Z') });
    const updatedAt = async () => (await t.db.pool.query('SELECT updated_at FROM health_runs WHERE id = $1', [run.id])).rows[0].updated_at as Date;
    const holder = await t.db.pool.connect();
    try {
      // A chunk's snapshot insert holds KEY SHARE on the run (its foreign key): the heartbeat goes through.
      await holder.query('BEGIN');
      await holder.query('SELECT 1 FROM health_runs WHERE id = $1 FOR KEY SHARE', [run.id]);
      expect(await repository.heartbeat(run.id, 5)).toBe(true);
      await holder.query('ROLLBACK');
      // The completing transaction updates the run's row: the heartbeat skips instead of waiting for it.
      await holder.query('BEGIN');
      await holder.query(`UPDATE health_runs SET status = status WHERE id = $1`, [run.id]);
      const before = await updatedAt();
      expect(await repository.heartbeat(run.id, 6)).toBe(false);
      expect(await updatedAt()).toEqual(before);
      await holder.query('ROLLBACK');
      expect(await repository.heartbeat(run.id, 7)).toBe(true);
      expect((await t.db.pool.query('SELECT accounts_scored AS n FROM health_runs WHERE id = $1', [run.id])).rows[0].n).toBe(7);
    } finally {
      await holder.query('ROLLBACK').catch(() => undefined);
      holder.release();
      await t.db.pool.query(`UPDATE health_runs SET status = 'failed', error = 'test run' WHERE id = $1`, [run.id]);
    }
  });
});
