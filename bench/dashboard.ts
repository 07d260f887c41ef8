/**
 * `npm run bench:dashboard`: autocannon on `GET /api/v1/accounts/:id/dashboard` and
 * `GET /api/v1/managers/:id/portfolio` over the scoring benchmark's dataset (BENCH_ACCOUNTS,
 * default 100,000 accounts with 90 days of 5 metrics and weekly adoption of 20 features, scored once),
 * with the same seeded random ids, at 10 and 50 connections, against a bare Fastify route (no Nest)
 * running the same SQL with the same pool size; BENCH_ROUNDS (default 3) rounds of BENCH_DURATION
 * seconds each, app and bare taking turns, the ratio the median of the rounds' ratios.
 *
 * "The same SQL" is recorded, not rewritten: the app is started in this process once with node-pg's
 * `Client.query` wrapped, one request of each route is made, and every statement it sent is kept
 * with its parameters and its place (statements sent while others were still running form one
 * concurrent wave). The bare server (`bench/support/bare-server.ts`, its own process) replays the
 * waves with the request's id in place of the recorded one and answers the rows as JSON.
 * Prints one JSON line last: { name, ratio, target, pass, ...figures }. Not a test.
 */
import 'reflect-metadata';
import autocannon from 'autocannon';
import { ChildProcess, spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { createApp } from '../src/app.factory';
import { ApiKeyService } from '../src/auth/api-key.service';
import { loadConfig } from '../src/config/app-config';
import { runMigrations } from '../src/database/migrate';
import { accountUuid, managerUuid, seedScoringData } from './scoring';
import { BenchApp, benchLogger, benchServer, dropDatabases, envNumber, freePort, median, peakRssMb, printResult, requestJson, round, startApp, stopApp, withClient, withDatabase } from './support/harness';
import type { RecordedStatement, RecordedWave } from './support/bare-server';

const log = benchLogger('dashboard');
const ACCOUNTS = envNumber('BENCH_ACCOUNTS', 100_000);
const MANAGERS = Math.max(1, Math.round(ACCOUNTS / 200));
const DURATION_SECONDS = envNumber('BENCH_DURATION', 15);
/** Measured rounds per route and connection count, app and bare alternating; the ratio is the median of the rounds'. */
const ROUNDS = Math.max(1, envNumber('BENCH_ROUNDS', 3));
const CONNECTIONS = [10, 50];
const POOL_SIZE = envNumber('BENCH_POOL_SIZE', 10);
const TARGET_RATIO = 0.75;
const SEED = 20261122;

/** A small deterministic generator, so both servers get the same ids in the same order. */
function seededIds(count: number, modulo: number, seed: number): number[] {
  let state = seed >>> 0;
  return Array.from({ length: count }, () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state % modulo;
  });
}

interface Capture {
  dashboard: RecordedWave[];
  portfolio: RecordedWave[];
  probeAccount: string;
  probeManager: string;
}

/** Starts the app in this process with every statement recorded, asks each route once, and answers the statements grouped in waves. */
async function recordStatements(databaseUrl: string, adminKey: string, probeAccount: string, probeManager: string): Promise<Capture> {
  const config = loadConfig({ ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn', DEMO_DATA: 'false', JOB_HOUSEKEEPING_CRON: '', JOB_HEALTH_SCORES_CRON: '', JOB_REMINDERS_CRON: '', JOB_NOTIFICATION_DELIVERY_CRON: '', DATABASE_POOL_SIZE: String(POOL_SIZE) });
  const app = await createApp({ config, databaseUrl });
  await app.get(ApiKeyService).ensureAdminKey(adminKey);
  const recorded: (RecordedStatement & { sentAt: number; doneAt: number })[] = [];
  let recording = false;
  const original = Client.prototype.query;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  (Client.prototype as any).query = function (this: Client, ...args: any[]) {
    const [config, values] = args;
    const text = typeof config === 'string' ? config : config?.text;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const result = (original as any).apply(this, args);
    if (recording && typeof text === 'string' && result && typeof result.then === 'function') {
      const entry = { text, values: (Array.isArray(values) ? values : (config?.values ?? [])) as unknown[], sentAt: performance.now(), doneAt: Number.POSITIVE_INFINITY };
      recorded.push(entry);
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      (result as Promise<any>).then(() => (entry.doneAt = performance.now()), () => (entry.doneAt = performance.now()));
    }
    return result;
  };
  const capture = async (url: string): Promise<RecordedWave[]> => {
    recorded.length = 0;
    recording = true;
    const response = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${adminKey}` } });
    recording = false;
    if (response.statusCode !== 200) throw new Error(`${url} answered ${response.statusCode}: ${response.body.slice(0, 300)}`);
    const waves: RecordedWave[] = [];
    let waveDoneAt = Number.NEGATIVE_INFINITY;
    for (const statement of recorded) {
      // A statement sent after everything before it had answered depends on them: it starts a new wave.
      if (waves.length === 0 || statement.sentAt >= waveDoneAt) {
        waves.push([]);
        waveDoneAt = statement.doneAt;
      } else {
        waveDoneAt = Math.max(waveDoneAt, statement.doneAt);
      }
      waves[waves.length - 1].push({ text: statement.text, values: statement.values.map((value) => (value instanceof Date ? value.toISOString() : value)) });
    }
    return waves;
  };
  try {
    // One call each first: prepared catalogs and caches warm, as in the app under load.
    await app.inject({ method: 'GET', url: `/api/v1/accounts/${probeAccount}/dashboard`, headers: { authorization: `Bearer ${adminKey}` } });
    const dashboard = await capture(`/api/v1/accounts/${probeAccount}/dashboard`);
    const portfolio = await capture(`/api/v1/managers/${probeManager}/portfolio`);
    return { dashboard, portfolio, probeAccount, probeManager };
  } finally {
    Client.prototype.query = original;
    await app.close();
  }
}

interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
}

async function load(port: number, headers: Record<string, string>, paths: string[], connections: number): Promise<LoadResult> {
  let next = 0;
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections,
    duration: DURATION_SECONDS,
    headers,
    requests: [{ setupRequest: (request) => ({ ...request, path: paths[next++ % paths.length] }) }],
  });
  return { requestsPerSecond: result.requests.average, p50Ms: result.latency.p50, p99Ms: result.latency.p99, errors: result.errors, non2xx: result.non2xx };
}

/** Each figure's median over the rounds (errors and non-2xx summed). */
function medianLoad(results: LoadResult[]): LoadResult {
  const of = (pick: (result: LoadResult) => number) => median(results.map(pick));
  return {
    requestsPerSecond: of((result) => result.requestsPerSecond),
    p50Ms: of((result) => result.p50Ms),
    p99Ms: of((result) => result.p99Ms),
    errors: results.reduce((sum, result) => sum + result.errors, 0),
    non2xx: results.reduce((sum, result) => sum + result.non2xx, 0),
  };
}

async function startBare(databaseUrl: string, captureFile: string): Promise<{ process: ChildProcess; port: number }> {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(__dirname, 'support', 'bare-server.js')], {
    env: { ...process.env, BARE_DATABASE_URL: databaseUrl, BARE_PORT: String(port), BARE_CAPTURE: captureFile, BARE_POOL_SIZE: String(POOL_SIZE) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the bare server exited with ${child.exitCode}`);
    const up = await new Promise<boolean>((resolve) => {
      http.get({ host: '127.0.0.1', port, path: '/ready' }, (response) => { response.resume(); resolve(response.statusCode === 200); }).on('error', () => resolve(false));
    });
    if (up) return { process: child, port };
    if (Date.now() > deadline) throw new Error('the bare server did not start');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function main(): Promise<void> {
  const server = await benchServer();
  const database = `ah_bench_dashboard_${process.pid}`;
  const url = withDatabase(server.url, database);
  const today = new Date().toISOString().slice(0, 10);
  const directory = await fs.mkdtemp(path.join(os.tmpdir(), 'account-health-bench-'));
  let app: BenchApp | undefined;
  let bare: { process: ChildProcess; port: number } | undefined;
  try {
    await withClient(server.url, (client) => client.query(`CREATE DATABASE ${database}`));
    await runMigrations(url);
    let started = Date.now();
    log(`seeding ${ACCOUNTS} accounts (the scoring benchmark's data)`);
    await withClient(url, (client) => seedScoringData(client, today, ACCOUNTS, 90, MANAGERS));
    log(`seeded in ${((Date.now() - started) / 1000).toFixed(0)} s; scoring every account once`);

    app = await startApp(url, { DATABASE_POOL_SIZE: String(POOL_SIZE), JOB_REMINDERS_CRON: '', JOB_NOTIFICATION_DELIVERY_CRON: '' });
    started = Date.now();
    const { body: run } = await requestJson<{ id: string }>(app, 'POST', '/api/v1/health-runs', { asOf: today }, [202]);
    for (;;) {
      const { body } = await requestJson<{ status: string }>(app, 'GET', `/api/v1/health-runs/${run.id}`);
      if (body.status === 'completed') break;
      if (body.status !== 'running') throw new Error(`health run ended ${body.status}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    log(`scored in ${((Date.now() - started) / 1000).toFixed(0)} s; recording the routes' SQL`);

    const capture = await recordStatements(url, app.key, accountUuid(1), managerUuid(1));
    const captureFile = path.join(directory, 'capture.json');
    await fs.writeFile(captureFile, JSON.stringify(capture));
    const count = (waves: RecordedWave[]) => waves.reduce((sum, wave) => sum + wave.length, 0);
    log(`dashboard: ${count(capture.dashboard)} statements in ${capture.dashboard.length} waves; portfolio: ${count(capture.portfolio)} statements in ${capture.portfolio.length} waves`);
    bare = await startBare(url, captureFile);

    const accountPaths = seededIds(20_000, ACCOUNTS, SEED).map((index) => accountUuid(index));
    const managerPaths = seededIds(20_000, MANAGERS, SEED + 1).map((index) => managerUuid(index));
    const routes = {
      dashboard: { app: accountPaths.map((id) => `/api/v1/accounts/${id}/dashboard`), bare: accountPaths.map((id) => `/dashboard/${id}`) },
      portfolio: { app: managerPaths.map((id) => `/api/v1/managers/${id}/portfolio`), bare: managerPaths.map((id) => `/portfolio/${id}`) },
    };
    const figures: Record<string, Record<string, { app: LoadResult; bare: LoadResult; ratio: number; rounds: number[] }>> = {};
    for (const [route, paths] of Object.entries(routes)) {
      figures[route] = {};
      for (const connections of CONNECTIONS) {
        const loadApp = () => load(app!.port, { authorization: `Bearer ${app!.key}` }, paths.app, connections);
        const loadBare = () => load(bare!.port, {}, paths.bare, connections);
        // Warm both, then measure them in turns with the same ids, the one going first alternating
        // round by round, so a drift in the machine's speed falls on both sides of a round's ratio.
        await loadApp().catch(() => undefined);
        await loadBare().catch(() => undefined);
        const rounds: { app: LoadResult; bare: LoadResult; ratio: number }[] = [];
        for (let index = 0; index < ROUNDS; index += 1) {
          const appFirst = index % 2 === 0;
          const first = await (appFirst ? loadApp() : loadBare());
          const second = await (appFirst ? loadBare() : loadApp());
          const [appResult, bareResult] = appFirst ? [first, second] : [second, first];
          if (appResult.non2xx > 0 || appResult.errors > 0) throw new Error(`${route}: the app answered ${appResult.non2xx} non-2xx and ${appResult.errors} errors`);
          rounds.push({ app: appResult, bare: bareResult, ratio: appResult.requestsPerSecond / bareResult.requestsPerSecond });
        }
        const appResult = medianLoad(rounds.map((entry) => entry.app));
        const bareResult = medianLoad(rounds.map((entry) => entry.bare));
        const ratio = median(rounds.map((entry) => entry.ratio));
        figures[route][`c${connections}`] = { app: appResult, bare: bareResult, ratio: round(ratio), rounds: rounds.map((entry) => round(entry.ratio)) };
        log(
          `${route} at ${connections} connections, median of ${ROUNDS}: app ${appResult.requestsPerSecond.toFixed(0)} req/s (p50 ${appResult.p50Ms} ms, p99 ${appResult.p99Ms} ms), ` +
            `bare ${bareResult.requestsPerSecond.toFixed(0)} req/s (p50 ${bareResult.p50Ms} ms, p99 ${bareResult.p99Ms} ms), ratio ${ratio.toFixed(3)} (rounds ${rounds.map((entry) => entry.ratio.toFixed(3)).join(', ')})`,
        );
      }
    }
    const peakRss = peakRssMb(app.process.pid!);
    const ratio = Math.min(figures.dashboard.c50.ratio, figures.portfolio.c50.ratio);
    printResult({
      name: 'dashboard',
      ratio: round(ratio),
      target: TARGET_RATIO,
      pass: ratio >= TARGET_RATIO,
      ratioDashboard50: figures.dashboard.c50.ratio,
      ratioPortfolio50: figures.portfolio.c50.ratio,
      roundRatios: { dashboard10: figures.dashboard.c10.rounds, dashboard50: figures.dashboard.c50.rounds, portfolio10: figures.portfolio.c10.rounds, portfolio50: figures.portfolio.c50.rounds },
      dashboardAt10: { appP50Ms: figures.dashboard.c10.app.p50Ms, appP99Ms: figures.dashboard.c10.app.p99Ms, appRps: round(figures.dashboard.c10.app.requestsPerSecond, 0), bareRps: round(figures.dashboard.c10.bare.requestsPerSecond, 0) },
      portfolioAt10: { appP50Ms: figures.portfolio.c10.app.p50Ms, appP99Ms: figures.portfolio.c10.app.p99Ms, appRps: round(figures.portfolio.c10.app.requestsPerSecond, 0), bareRps: round(figures.portfolio.c10.bare.requestsPerSecond, 0) },
      dashboardAt50: { appRps: round(figures.dashboard.c50.app.requestsPerSecond, 0), bareRps: round(figures.dashboard.c50.bare.requestsPerSecond, 0) },
      portfolioAt50: { appRps: round(figures.portfolio.c50.app.requestsPerSecond, 0), bareRps: round(figures.portfolio.c50.bare.requestsPerSecond, 0) },
      statements: { dashboard: count(capture.dashboard), portfolio: count(capture.portfolio) },
      accounts: ACCOUNTS,
      poolSize: POOL_SIZE,
      durationSeconds: DURATION_SECONDS,
      rounds: ROUNDS,
      appPeakRssMb: peakRss,
    });
  } finally {
    if (bare && bare.process.exitCode === null) bare.process.kill('SIGTERM');
    if (app) await stopApp(app).catch(() => undefined);
    await fs.rm(directory, { recursive: true, force: true });
    await dropDatabases(server.url, [database], log);
    await server.stop();
  }
}

main().catch((error: Error) => {
  log(error.stack ?? error.message);
  process.exit(1);
});
