import { existsSync, mkdtempSync, readFileSync, rmSync, chmodSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startBuiltApp, RunningApp } from '../support/built-app';

const ADMIN_KEY_LINE = /Admin key:\s+(ah_[0-9A-Za-z]{40})/;
const LISTENING = /running on http:\/\/localhost:(\d+)/;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function postmasterPid(dataDir: string): number | undefined {
  const file = path.join(dataDir, 'postgres', 'postmaster.pid');
  return existsSync(file) ? Number(readFileSync(file, 'utf8').split('\n')[0]) : undefined;
}

async function waitUntil(predicate: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await predicate()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return predicate();
}

/** `npm start` with no DATABASE_URL, as a newcomer runs it: the built app on an embedded Postgres. */
describe('embedded mode (built app, no DATABASE_URL)', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ah-embedded-'));
  chmodSync(dataDir, 0o755);
  // DEMO_DATA left at its default (auto): a fresh embedded database gets the demo installation.
  const env = { DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn', JOB_HOUSEKEEPING_CRON: '' };
  const started: RunningApp[] = [];
  const start = () => {
    const app = startBuiltApp(env);
    started.push(app);
    return app;
  };

  afterAll(async () => {
    for (const app of started) app.child.kill('SIGKILL');
    const orphan = postmasterPid(dataDir);
    if (orphan && isAlive(orphan)) process.kill(orphan, 'SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  let adminKey: string;

  it('starts, migrates, prints an admin key once and serves the API', async () => {
    const app = start();
    const port = Number((await app.waitFor(LISTENING, 60000))[1]);
    adminKey = (await app.waitFor(ADMIN_KEY_LINE))[1];
    expect(app.output()).toContain(`http://localhost:${port}/docs`);
    expect((await fetch(`http://127.0.0.1:${port}/health/ready`)).status).toBe(200);
    const keys = await fetch(`http://127.0.0.1:${port}/api/v1/api-keys`, { headers: { Authorization: `Bearer ${adminKey}` } });
    expect(keys.status).toBe(200);
    const docs = (await (await fetch(`http://127.0.0.1:${port}/docs-json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(docs.paths)).toEqual(expect.arrayContaining(['/api/v1/api-keys', '/api/v1/jobs/runs', '/api/v1/audit-log', '/api/v1/accounts']));
    const accounts = (await (await fetch(`http://127.0.0.1:${port}/api/v1/accounts?limit=500`, { headers: { Authorization: `Bearer ${adminKey}` } })).json()) as { items: unknown[] };
    expect(accounts.items.length).toBeGreaterThanOrEqual(150);

    // After a fresh demo load the app computes health, recommendations, the review plan and agendas once, in that order.
    const get = async (route: string) => (await fetch(`http://127.0.0.1:${port}${route}`, { headers: { Authorization: `Bearer ${adminKey}` } })).json() as Promise<Record<string, any>>;
    const finished = await waitUntil(async () => {
      const runs = (await get('/api/v1/jobs/runs?job=review-agendas')).items as { status: string }[];
      return runs.some((run) => run.status === 'succeeded');
    }, 150000);
    expect(finished).toBe(true);
    for (const job of ['health-scores', 'recommendation-stats', 'review-planning']) {
      expect(((await get(`/api/v1/jobs/runs?job=${job}`)).items as { status: string }[]).map((run) => run.status)).toContain('succeeded');
    }
    const scored = ((await get('/api/v1/accounts?limit=500')).items as { id: string }[]).map((account) => account.id);
    const healths = await Promise.all(scored.slice(0, 20).map((id) => get(`/api/v1/accounts/${id}/health`)));
    expect(healths.some((health) => health.scored === true && typeof health.score === 'number')).toBe(true);
    const recommendations = await Promise.all(scored.slice(0, 40).map((id) => get(`/api/v1/accounts/${id}/recommendations`)));
    expect(recommendations.some((answer) => answer.computedAt !== null)).toBe(true);
    const reviews = (await get('/api/v1/reviews?limit=50')).items as { id: string }[];
    expect(reviews.length).toBeGreaterThan(0);

    const postgresPid = postmasterPid(dataDir)!;
    expect(isAlive(postgresPid)).toBe(true);
    app.child.kill('SIGTERM');
    expect(await app.exited).toBe(0);
    expect(await waitUntil(() => !isAlive(postgresPid), 10000)).toBe(true);
  }, 240_000);

  it('restarts on the same data dir, keeping its data and printing no new key', async () => {
    const app = start();
    const port = Number((await app.waitFor(LISTENING, 60000))[1]);
    expect(app.output()).not.toMatch(ADMIN_KEY_LINE);
    const keys = await fetch(`http://127.0.0.1:${port}/api/v1/api-keys`, { headers: { Authorization: `Bearer ${adminKey}` } });
    expect(keys.status).toBe(200);

    // kill -9 of the app alone orphans its Postgres, which keeps the port and postmaster.pid.
    const orphan = postmasterPid(dataDir)!;
    app.child.kill('SIGKILL');
    await app.exited;
    expect(isAlive(orphan)).toBe(true);

    const again = start();
    const portAgain = Number((await again.waitFor(LISTENING, 60000))[1]);
    expect(isAlive(orphan)).toBe(false);
    const afterCrash = await fetch(`http://127.0.0.1:${portAgain}/api/v1/api-keys`, { headers: { Authorization: `Bearer ${adminKey}` } });
    expect(afterCrash.status).toBe(200);
    const current = postmasterPid(dataDir)!;
    again.child.kill('SIGTERM');
    expect(await again.exited).toBe(0);
    expect(await waitUntil(() => !isAlive(current), 10000)).toBe(true);
  });

  it('stops with a message naming DATA_DIR when the postgres user cannot reach it', async () => {
    const privateRoot = mkdtempSync(path.join(os.tmpdir(), 'ah-private-'));
    chmodSync(privateRoot, 0o700);
    const inside = path.join(privateRoot, 'data');
    mkdirSync(inside);
    try {
      const app = startBuiltApp({ ...env, DATA_DIR: inside });
      const code = await app.exited;
      if (process.getuid?.() === 0) {
        expect(code).toBe(1);
        expect(app.output()).toMatch(/DATA_DIR: the "postgres" user cannot reach/);
      }
    } finally {
      rmSync(privateRoot, { recursive: true, force: true });
    }
  });
});
