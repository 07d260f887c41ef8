/**
 * What every benchmark needs: a Postgres server (DATABASE_URL, else an embedded one in a temp dir),
 * databases it creates and drops, the app started as its own process (`node <options> dist/src/main.js`, as
 * `npm start` runs it) so its peak RSS is its own, and the DESIGN.md JSON line at the end.
 */
import '../../src/database/pg-types';
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { EmbeddedPostgres, startEmbeddedPostgres } from '../../src/database/embedded-postgres';

export const envNumber = (name: string, fallback: number): number => (process.env[name] ? Number(process.env[name]) : fallback);
export const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
export const round = (value: number, digits = 3): number => Number(value.toFixed(digits));

export function benchLogger(name: string): (message: string) => void {
  return (message) => process.stderr.write(`[bench:${name}] ${message}\n`);
}

export function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export function dayString(base: Date, offset: number): string {
  return new Date(base.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export interface BenchServer {
  /** The server's URL (database `postgres`). */
  url: string;
  stop(): Promise<void>;
}

/** DATABASE_URL's server, or an embedded Postgres started in a temp dir for this run. */
export async function benchServer(): Promise<BenchServer> {
  if (process.env.DATABASE_URL) return { url: withDatabase(process.env.DATABASE_URL, 'postgres'), stop: async () => undefined };
  const embedded: EmbeddedPostgres = await startEmbeddedPostgres({ dataDir: path.join(os.tmpdir(), `account-health-bench-${process.pid}`), dataDirExplicit: true, database: 'postgres', log: () => undefined });
  return { url: withDatabase(embedded.url, 'postgres'), stop: () => embedded.stop() };
}

/** Drops the named databases unless BENCH_KEEP is set (to look at them afterwards). */
export async function dropDatabases(serverUrl: string, databases: string[], log: (message: string) => void): Promise<void> {
  if (process.env.BENCH_KEEP) return;
  await withClient(withDatabase(serverUrl, 'postgres'), async (client) => {
    for (const database of databases) await client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  }).catch((error: Error) => log(`could not drop the bench databases: ${error.message}`));
}

/** Reads tables and indexes into shared buffers so every path starts warm. */
export async function prewarm(url: string, relations: string[]): Promise<void> {
  await withClient(url, async (client) => {
    try {
      await client.query(`CREATE EXTENSION IF NOT EXISTS pg_prewarm`);
      for (const relation of relations) await client.query(`SELECT pg_prewarm($1)`, [relation]);
    } catch {
      for (const relation of relations) await client.query(`SELECT count(*) FROM ${relation}`).catch(() => undefined);
    }
  });
}

/** The node options `npm start` runs the app with, read from package.json's start script (`node <options> dist/src/main.js`). */
export function appNodeOptions(): string[] {
  const packageJson = JSON.parse(readFileSync(path.join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as { scripts: { start: string } };
  const words = packageJson.scripts.start.split(/\s+/);
  if (words[0] !== 'node' || !words[words.length - 1].endsWith('main.js')) throw new Error(`unexpected start script: ${packageJson.scripts.start}`);
  return words.slice(1, -1);
}

export interface BenchApp {
  process: ChildProcess;
  port: number;
  /** An admin API key (ADMIN_API_KEY). */
  key: string;
}

/**
 * Starts the compiled app (`dist/src/main.js`) with `npm start`'s node options on a free port against a database; resolves when
 * /health/ready answers. BENCH_NODE_ARGS adds node options (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`).
 */
export async function startApp(databaseUrl: string, extraEnv: Record<string, string> = {}): Promise<BenchApp> {
  const port = await freePort();
  const key = `bench-${randomBytes(24).toString('hex')}`;
  const nodeOptions = [...appNodeOptions(), ...(process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [])];
  const child = spawn(process.execPath, [...nodeOptions, path.join(__dirname, '..', '..', 'src', 'main.js')], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      ADMIN_API_KEY: key,
      LOG_LEVEL: 'warn',
      DEMO_DATA: 'false',
      JOB_HOUSEKEEPING_CRON: '',
      JOB_HEALTH_SCORES_CRON: '',
      ...extraEnv,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the app exited with ${child.exitCode}`);
    const ready = await new Promise<boolean>((resolve) => {
      const request = http.get({ host: '127.0.0.1', port, path: '/health/ready' }, (response) => {
        response.resume();
        resolve(response.statusCode === 200);
      });
      request.on('error', () => resolve(false));
    });
    if (ready) return { process: child, port, key };
    if (Date.now() > deadline) throw new Error('the app did not become ready in 60 s');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export async function stopApp(app: BenchApp): Promise<void> {
  if (app.process.exitCode !== null) return;
  const exited = new Promise((resolve) => app.process.once('exit', resolve));
  app.process.kill('SIGTERM');
  await exited;
}

/** Peak resident set of a process so far (VmHWM), in MiB. */
export function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /VmHWM:\s+(\d+) kB/.exec(status);
  return match ? Math.round(Number(match[1]) / 1024) : Number.NaN;
}

/** A JSON request to the app with its admin key; rejects on a status other than the expected ones. */
export async function requestJson<T>(app: BenchApp, method: string, route: string, body?: unknown, expected: number[] = [200]): Promise<{ status: number; body: T }> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const answer = await new Promise<{ status: number; text: string }>((resolve, reject) => {
    const request = http.request(
      { host: '127.0.0.1', port: app.port, method, path: route, headers: { Authorization: `Bearer ${app.key}`, ...(payload ? { 'Content-Type': 'application/json' } : {}) } },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
  if (!expected.includes(answer.status)) throw new Error(`${method} ${route} answered ${answer.status}: ${answer.text.slice(0, 500)}`);
  return { status: answer.status, body: (answer.text ? JSON.parse(answer.text) : undefined) as T };
}

/** Ten usage metrics of the seeded catalog: eight summed, two ratios (value 0–1 with a weight). */
export const USAGE_METRICS = ['audio-minutes', 'video-minutes', 'live-streaming-minutes', 'messages', 'conversational-ai-minutes', 'api-calls', 'daily-active-users', 'peak-concurrent-users', 'join-success-rate', 'packet-loss-rate'];
export const RATIO_USAGE_METRICS = new Set(['join-success-rate', 'packet-loss-rate']);

/** The bench accounts' ids: `00000000-0000-4000-8000-<index in hex>`. */
export const benchAccountId = (index: number): string => `00000000-0000-4000-8000-${index.toString(16).padStart(12, '0')}`;

/**
 * `accounts` bench accounts and `days` days (from `firstDay`) of every USAGE_METRICS metric, loaded
 * without the table's keys and then keyed with the migration's own definitions (minutes, not hours).
 */
export async function seedUsage(client: Client, accounts: number, days: number, firstDay: string): Promise<void> {
  await client.query(`SET work_mem = '256MB'`);
  await client.query(`SET maintenance_work_mem = '1GB'`);
  await client.query(
    `INSERT INTO accounts (id, external_id, name, segment, currency)
     SELECT ('00000000-0000-4000-8000-' || lpad(to_hex(g), 12, '0'))::uuid, 'bench-' || g, 'Bench account ' || g, 'growth', 'USD' FROM generate_series(0, $1 - 1) g`,
    [accounts],
  );
  await client.query(`ALTER TABLE usage_daily DROP CONSTRAINT usage_daily_metric_fkey, DROP CONSTRAINT usage_daily_account_id_fkey, DROP CONSTRAINT usage_daily_pkey`);
  await client.query(
    `INSERT INTO usage_daily (account_id, metric, day, value, weight, recorded_at, created_at, updated_at)
     SELECT ('00000000-0000-4000-8000-' || lpad(to_hex(a), 12, '0'))::uuid, m.key, $2::date + d,
            CASE WHEN m.ratio THEN 0.9 + ((a + d) % 100) / 1000.0 ELSE ((a * 31 + d * 7 + m.n) % 1000)::float8 END,
            CASE WHEN m.ratio THEN 100 + (a + d) % 50 END, now(), now(), now()
     FROM generate_series(0, $3 - 1) d, generate_series(0, $1 - 1) a, unnest($4::text[], $5::boolean[]) WITH ORDINALITY AS m(key, ratio, n)`,
    [accounts, firstDay, days, USAGE_METRICS, USAGE_METRICS.map((metric) => RATIO_USAGE_METRICS.has(metric))],
  );
  await client.query(`ALTER TABLE usage_daily ADD CONSTRAINT usage_daily_pkey PRIMARY KEY (account_id, metric, day) INCLUDE (value, weight)`);
  await client.query(`ALTER TABLE usage_daily ADD CONSTRAINT usage_daily_account_id_fkey FOREIGN KEY (account_id) REFERENCES accounts(id) ON DELETE CASCADE ON UPDATE NO ACTION`);
  await client.query(`ALTER TABLE usage_daily ADD CONSTRAINT usage_daily_metric_fkey FOREIGN KEY (metric) REFERENCES metrics(key) ON DELETE RESTRICT ON UPDATE CASCADE`);
  await client.query(`VACUUM ANALYZE usage_daily`);
  await client.query(`VACUUM ANALYZE accounts`);
}

/** Prints the DESIGN.md result line (the last line of a benchmark's output). */
export function printResult(figures: { name: string; ratio: number; target: number; pass: boolean } & Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}
