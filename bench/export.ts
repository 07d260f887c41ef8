/**
 * `npm run bench:export`: BENCH_ROWS usage rows (10M by default) exported as CSV through the HTTP
 * API (`GET /api/v1/exports/usage_daily?format=csv`, the app in its own process) against, in the
 * same run, the raw Postgres way: `COPY (SELECT <the same columns> FROM usage_daily) TO STDOUT`
 * (CSV, header, TimeZone UTC) through pg-copy-streams. Both read the same database (an export
 * changes nothing, so one copy serves both paths), warm (BENCH_WARMUP_RUNS untimed runs of each
 * first), in turns, median of BENCH_RUNS runs. The client counts rows (newlines) of both streams.
 * The app's peak RSS (VmHWM) is sampled from its own process. Prints one JSON line last:
 * { name, ratio, target, pass, ...figures }.
 *
 * DATABASE_URL names a server (the bench creates and drops its own database); without it an
 * embedded Postgres is started in a temp dir. Not a test: never part of `npm test`.
 */
import http from 'node:http';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { to as copyTo } from 'pg-copy-streams';
import { runMigrations } from '../src/database/migrate';
import { BenchApp, benchLogger, benchServer, dropDatabases, envNumber as env, median, peakRssMb, prewarm, printResult, round, seedUsage, startApp, stopApp, USAGE_METRICS, withClient, withDatabase } from './support/harness';

const ROWS = env('BENCH_ROWS', 10_000_000);
const RUNS = Math.max(1, env('BENCH_RUNS', 3));
const WARMUP_RUNS = Math.max(0, env('BENCH_WARMUP_RUNS', 1));
const ACCOUNTS = Math.max(1, env('BENCH_ACCOUNTS', 10_000));
const METRICS = USAGE_METRICS;
const DAYS = Math.max(1, Math.round(ROWS / (ACCOUNTS * METRICS.length)));
const TOTAL_ROWS = DAYS * ACCOUNTS * METRICS.length;
const TARGET_RATIO = 0.9;
const TARGET_RSS_MB = 200;
/** The export's columns, as the baseline reads them straight from the table. */
const BASELINE_SQL = `COPY (SELECT account_id, metric, day, value, weight, recorded_at, updated_at FROM usage_daily) TO STDOUT WITH (FORMAT csv, HEADER true)`;

const log = benchLogger('export');

/** BENCH_ROWS usage rows over BENCH_ACCOUNTS accounts, loaded without indexes then indexed as the migration declares them. */
async function seed(url: string): Promise<void> {
  await runMigrations(url);
  await withClient(url, (client) => seedUsage(client, ACCOUNTS, DAYS, '2026-01-01'));
}

/** Counts newlines as the bytes go by (nothing is kept): the rows of a CSV without embedded newlines. */
function lineCounter(): { sink: Writable; lines: () => number; bytes: () => number } {
  let lines = 0;
  let bytes = 0;
  const sink = new Writable({
    highWaterMark: 1 << 20,
    write(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      for (let index = chunk.indexOf(10); index !== -1; index = chunk.indexOf(10, index + 1)) lines += 1;
      callback();
    },
  });
  return { sink, lines: () => lines, bytes: () => bytes };
}

async function apiRun(app: BenchApp, peak: { rssMb: number }): Promise<{ seconds: number; rows: number; bytes: number }> {
  const counter = lineCounter();
  const sampler = setInterval(() => (peak.rssMb = Math.max(peak.rssMb, peakRssMb(app.process.pid!))), 250);
  const started = process.hrtime.bigint();
  try {
    await new Promise<void>((resolve, reject) => {
      const request = http.get({ host: '127.0.0.1', port: app.port, path: '/api/v1/exports/usage_daily?format=csv', headers: { Authorization: `Bearer ${app.key}` } }, (response) => {
        if (response.statusCode !== 200) {
          reject(new Error(`the export answered ${response.statusCode}`));
          response.resume();
          return;
        }
        pipeline(response, counter.sink).then(() => (response.complete ? resolve() : reject(new Error('the export stream was cut'))), reject);
      });
      request.on('error', reject);
    });
  } finally {
    clearInterval(sampler);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { seconds, rows: counter.lines() - 1, bytes: counter.bytes() };
}

async function baselineRun(url: string): Promise<{ seconds: number; rows: number; bytes: number }> {
  return withClient(url, async (client) => {
    await client.query(`SET TimeZone = 'UTC'`);
    const counter = lineCounter();
    const started = process.hrtime.bigint();
    await pipeline(client.query(copyTo(BASELINE_SQL)), counter.sink);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    return { seconds, rows: counter.lines() - 1, bytes: counter.bytes() };
  });
}

async function main(): Promise<void> {
  const server = await benchServer();
  const serverUrl = server.url;
  const database = `ah_bench_export_${process.pid}`;
  let app: BenchApp | undefined;
  try {
    await withClient(withDatabase(serverUrl, 'postgres'), (client) => client.query(`CREATE DATABASE ${database}`));
    const url = withDatabase(serverUrl, database);
    log(`seeding ${TOTAL_ROWS} usage rows (${ACCOUNTS} accounts × ${METRICS.length} metrics × ${DAYS} days)…`);
    const seedStarted = Date.now();
    await seed(url);
    log(`seeded in ${((Date.now() - seedStarted) / 1000).toFixed(0)} s`);
    await prewarm(url, ['usage_daily', 'accounts']);
    app = await startApp(url);
    const peak = { rssMb: 0 };
    const api: number[] = [];
    const baseline: number[] = [];
    for (let run = 0; run < WARMUP_RUNS + RUNS; run += 1) {
      const label = run < WARMUP_RUNS ? `warm-up ${run + 1}` : `run ${run - WARMUP_RUNS + 1}`;
      // Alternate which path goes first, so the machine's changing load hits both alike.
      const order = run % 2 === 0 ? (['api', 'baseline'] as const) : (['baseline', 'api'] as const);
      for (const path of order) {
        const result = path === 'api' ? await apiRun(app, peak) : await baselineRun(url);
        if (result.rows !== TOTAL_ROWS) throw new Error(`${path} streamed ${result.rows} rows, expected ${TOTAL_ROWS}`);
        log(`${path} ${label}: ${(result.rows / result.seconds).toFixed(0)} rows/s, ${(result.bytes / result.seconds / 2 ** 20).toFixed(0)} MiB/s, ${result.seconds.toFixed(2)} s${path === 'api' ? `, app peak RSS so far ${peak.rssMb} MiB` : ''}`);
        if (run >= WARMUP_RUNS) (path === 'api' ? api : baseline).push(result.seconds);
      }
    }
    peak.rssMb = Math.max(peak.rssMb, peakRssMb(app.process.pid!));
    await stopApp(app);
    app = undefined;
    const apiRowsPerSec = Math.round(TOTAL_ROWS / median(api));
    const baselineRowsPerSec = Math.round(TOTAL_ROWS / median(baseline));
    const ratio = round(apiRowsPerSec / baselineRowsPerSec);
    printResult({
      name: 'export',
      ratio,
      target: TARGET_RATIO,
      pass: ratio >= TARGET_RATIO && peak.rssMb < TARGET_RSS_MB,
      rows: TOTAL_ROWS,
      format: 'csv',
      apiRowsPerSec,
      baselineRowsPerSec,
      apiSecondsMedian: round(median(api)),
      baselineSecondsMedian: round(median(baseline)),
      peakRssMb: peak.rssMb,
      rssTargetMb: TARGET_RSS_MB,
      runs: RUNS,
      warmupRuns: WARMUP_RUNS,
      baseline: 'COPY (SELECT account_id, metric, day, value, weight, recorded_at, updated_at FROM usage_daily) TO STDOUT (csv, header) via pg-copy-streams',
    });
  } finally {
    if (app) await stopApp(app).catch(() => undefined);
    await dropDatabases(serverUrl, [database], log);
    await server.stop();
  }
}

main().catch((error: Error) => {
  process.stderr.write(`${error.stack ?? error.message}\n`);
  process.exit(1);
});
