import request from 'supertest';
import type { JobContext } from '../../src/jobs/job-handler';
import { JobRunner } from '../../src/jobs/job-runner.service';
import { startBuiltApp } from '../support/built-app';
import { startTestApp, TestApp } from '../support/test-app';
import { createTestDatabase, TestDatabase } from '../support/test-database';

const auth = (key: string) => ({ Authorization: `Bearer ${key}` });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A job whose run waits until released, to hold a run open. */
function gatedJob() {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const handler = {
    name: 'exports' as const,
    runs: 0,
    run: async (_context: JobContext) => {
      handler.runs += 1;
      await gate;
      return { rows: 1 };
    },
  };
  return { handler, release };
}

describe('jobs (e2e)', () => {
  describe('manual triggers and the runs list', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp();
    });
    afterAll(async () => t.close());

    it('runs housekeeping on demand: 202 with the run id, then a succeeded run with stats', async () => {
      await t.db.pool.query(
        `INSERT INTO api_keys (name, prefix, secret_sha256, role, revoked_at) VALUES ('old', 'ah_old', repeat('a', 64), 'bi', now() - interval '40 days'), ('recent', 'ah_recent', repeat('b', 64), 'bi', now() - interval '2 days')`,
      );
      const triggered = await request(t.server).post('/api/v1/jobs/housekeeping/run').set(auth(t.adminKey)).expect(202);
      expect(triggered.body).toMatchObject({ id: expect.any(String), job: 'housekeeping', started: true });
      await t.app.get(JobRunner).drain();
      const runs = await request(t.server).get('/api/v1/jobs/runs?job=housekeeping').set(auth(t.adminKey)).expect(200);
      expect(runs.body.items[0]).toMatchObject({ id: triggered.body.id, job: 'housekeeping', trigger: 'manual', status: 'succeeded', stats: { deletedApiKeys: 1, deletedJobRuns: 0 }, error: null });
      expect(Object.keys(runs.body.items[0]).sort()).toEqual(expect.arrayContaining(['id', 'job', 'slot', 'trigger', 'status', 'startedAt', 'finishedAt', 'stats', 'error']));
      const left = await t.db.pool.query(`SELECT name FROM api_keys WHERE name IN ('old', 'recent')`);
      expect(left.rows.map((row) => row.name)).toEqual(['recent']);
    });

    it('answers the running run instead of starting another', async () => {
      const { handler, release } = gatedJob();
      t.app.get(JobRunner).register(handler);
      const first = await request(t.server).post('/api/v1/jobs/exports/run').set(auth(t.adminKey)).expect(202);
      const second = await request(t.server).post('/api/v1/jobs/exports/run').set(auth(t.adminKey)).expect(202);
      expect(second.body).toEqual({ id: first.body.id, job: 'exports', started: false });
      release();
      await t.app.get(JobRunner).drain();
      expect(handler.runs).toBe(1);
      const third = await request(t.server).post('/api/v1/jobs/exports/run').set(auth(t.adminKey)).expect(202);
      expect(third.body.id).not.toBe(first.body.id);
      await t.app.get(JobRunner).drain();
    });

    it('records a failing run as failed with its error', async () => {
      t.app.get(JobRunner).register({ name: 'reminders', run: async () => Promise.reject(new Error('smtp down')) });
      const { body } = await request(t.server).post('/api/v1/jobs/reminders/run').set(auth(t.adminKey)).expect(202);
      await t.app.get(JobRunner).drain();
      const runs = await request(t.server).get('/api/v1/jobs/runs?status=failed').set(auth(t.adminKey)).expect(200);
      expect(runs.body.items).toEqual([expect.objectContaining({ id: body.id, status: 'failed', error: 'smtp down' })]);
    });

    it('refuses unknown jobs, bad filters and the wrong roles', async () => {
      await request(t.server).post('/api/v1/jobs/no-such-job/run').set(auth(t.adminKey)).expect(404);
      await request(t.server).get('/api/v1/jobs/runs?status=sleeping').set(auth(t.adminKey)).expect(400);
      const manager = await t.keyFor('manager');
      await request(t.server).get('/api/v1/jobs/runs').set(auth(manager)).expect(200);
      await request(t.server).post('/api/v1/jobs/housekeeping/run').set(auth(manager)).expect(403);
      await request(t.server).get('/api/v1/jobs/runs').set(auth(await t.keyFor('bi'))).expect(403);
    });
  });

  describe('schedules across instances', () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await createTestDatabase();
    });
    afterAll(async () => db.drop());

    it('two instances with a one-second schedule and skewed starts run each slot exactly once', async () => {
      const env = { JOB_HOUSEKEEPING_CRON: '* * * * * *' };
      const first = await startTestApp({ db, env: { ...env, INSTANCE_ID: 'instance-a' } });
      await sleep(370);
      const second = await startTestApp({ db, env: { ...env, INSTANCE_ID: 'instance-b' } });
      await sleep(4200);
      await Promise.all([first.close(), second.close()]);
      const runs = await db.pool.query(`SELECT slot, instance, status FROM job_runs WHERE job = 'housekeeping' ORDER BY slot`);
      expect(runs.rows.length).toBeGreaterThanOrEqual(3);
      const slots = runs.rows.map((row) => (row.slot as Date).toISOString());
      expect(new Set(slots).size).toBe(slots.length);
      // Slots are the scheduled ticks (whole seconds), one run each. A tick both instances missed
      // (an event loop busier than a second on a loaded machine: cron skips it) is a gap of whole
      // seconds, never a second run of a slot; most ticks are consecutive.
      const gaps = slots.slice(1).map((slot, index) => Date.parse(slot) - Date.parse(slots[index]));
      expect(gaps.every((gap) => gap >= 1000 && gap % 1000 === 0)).toBe(true);
      expect(gaps.filter((gap) => gap === 1000).length).toBeGreaterThanOrEqual(Math.ceil(gaps.length / 2));
      expect(runs.rows.every((row) => row.status === 'succeeded')).toBe(true);
      expect(new Set(runs.rows.map((row) => row.instance)).size).toBeGreaterThanOrEqual(1);
    });
  });

  describe('a run whose process dies', () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await createTestDatabase();
    });
    let child: ReturnType<typeof startBuiltApp> | undefined;
    afterAll(async () => {
      child?.child.kill('SIGKILL');
      await db.drop();
    });

    it('is marked abandoned once its lease expires, and the next run redoes the work', async () => {
      child = startBuiltApp({ DATABASE_URL: db.url, PORT: '0', ADMIN_API_KEY: 'doomed-admin-key-0123456789abcdef', JOB_LEASE_SECONDS: '3', JOB_HOUSEKEEPING_CRON: '', LOG_LEVEL: 'info', DEMO_DATA: 'false' });
      const childPort = Number((await child.waitFor(/running on http:\/\/localhost:(\d+)/))[1]);
      await db.pool.query(`INSERT INTO api_keys (name, prefix, secret_sha256, role, revoked_at) VALUES ('stale', 'ah_stale', repeat('c', 64), 'bi', now() - interval '60 days')`);

      // Lock the row housekeeping wants to delete, so the child's run blocks mid-way; then kill the child outright.
      const blocker = await db.pool.connect();
      await blocker.query('BEGIN');
      await blocker.query(`SELECT id FROM api_keys WHERE name = 'stale' FOR UPDATE`);
      const response = await fetch(`http://127.0.0.1:${childPort}/api/v1/jobs/housekeeping/run`, { method: 'POST', headers: auth('doomed-admin-key-0123456789abcdef') });
      expect(response.status).toBe(202);
      const doomedRunId = ((await response.json()) as { id: string }).id;
      await sleep(300);
      // Only the child is connected as the app so far: these are its sessions.
      const childSessions = await db.pool.query(`SELECT pid, backend_start::text AS started FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'account-health'`);
      // Start the next instance first, so its start-up time does not eat into the dead run's lease.
      const t = await startTestApp({ db, env: { JOB_LEASE_SECONDS: '3' } });
      try {
        child.child.kill('SIGKILL');
        await child.exited;
        // A backend stuck on a lock does not notice its client died; end the dead process's sessions as TCP keepalive would.
        // Matched on pid and start time: a pid whose backend already exited may belong to another session by now.
        await db.pool.query(
          `SELECT pg_terminate_backend(a.pid) FROM pg_stat_activity a JOIN unnest($1::int[], $2::text[]) AS c(pid, started) ON c.pid = a.pid AND c.started = a.backend_start::text`,
          [childSessions.rows.map((row) => row.pid), childSessions.rows.map((row) => row.started)],
        );
        await blocker.query('ROLLBACK');
        blocker.release();

        // While the lease still holds, a trigger answers the dead run rather than starting another.
        const early = await request(t.server).post('/api/v1/jobs/housekeeping/run').set(auth(t.adminKey)).expect(202);
        expect(early.body).toMatchObject({ id: doomedRunId, started: false });
        await sleep(3500);
        const redo = await request(t.server).post('/api/v1/jobs/housekeeping/run').set(auth(t.adminKey)).expect(202);
        expect(redo.body.started).toBe(true);
        await t.app.get(JobRunner).drain();
        const runs = await db.pool.query(`SELECT id, status, error, stats FROM job_runs WHERE job = 'housekeeping' ORDER BY started_at`);
        expect(runs.rows).toEqual([
          expect.objectContaining({ id: doomedRunId, status: 'abandoned', error: expect.stringMatching(/lease expired/) }),
          expect.objectContaining({ id: redo.body.id, status: 'succeeded', stats: { deletedApiKeys: 1, deletedJobRuns: 0 } }),
        ]);
      } finally {
        await t.close();
      }
    });
  });
});
