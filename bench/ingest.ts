/**
 * `npm run bench:ingest`: usage ingest through the HTTP API (NDJSON and CSV streams) against the
 * raw Postgres way (COPY into a staging table through pg-copy-streams, then one INSERT … SELECT …
 * ON CONFLICT DO UPDATE), on separate copies of the same starting data (BENCH_EXISTING_ROWS usage
 * rows), each run upserting the same BENCH_ROWS new-or-changed rows (half changed values of
 * existing days, half new days), with the same work_mem, warm (BENCH_WARMUP_RUNS untimed runs
 * first), median of BENCH_RUNS runs. The app runs as its own process (`node dist/src/main.js`) so its peak
 * RSS (VmHWM) is its own. Prints one JSON line last: { name, ratio, target, pass, ...figures }.
 *
 * DATABASE_URL names a server (any database on it; the bench creates and drops its own); without
 * it an embedded Postgres is started in a temp dir. Not a test: never part of `npm test`.
 */
import { createReadStream, createWriteStream, promises as fs, WriteStream } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import { runMigrations } from '../src/database/migrate';
import { BenchApp, benchLogger, benchServer, dayString, dropDatabases, envNumber as env, median, peakRssMb, prewarm, printResult, RATIO_USAGE_METRICS, seedUsage, startApp, stopApp, USAGE_METRICS, withClient, withDatabase } from './support/harness';

const EXISTING_ROWS = env('BENCH_EXISTING_ROWS', 10_000_000);
const ROWS = env('BENCH_ROWS', 1_000_000);
const RUNS = Math.max(1, env('BENCH_RUNS', 3));
/** Untimed runs first on every path (their own days), so the timed ones start warm. */
const WARMUP_RUNS = Math.max(0, env('BENCH_WARMUP_RUNS', 1));
const ALL_RUNS = WARMUP_RUNS + RUNS;
const WORK_MEM = process.env.BENCH_WORK_MEM ?? '64MB';
const TARGET_RATIO = 0.8;
const TARGET_RSS_MB = 300;

/** Eight summed usage metrics and two ratio metrics (value 0–1 with a weight), from the seeded catalog. */
const METRICS = USAGE_METRICS;
const RATIO_METRICS = RATIO_USAGE_METRICS;
const M = METRICS.length;
/** Accounts: every day of a run touches each (account, metric) once; half the run's days exist, half are new. */
const ACCOUNTS = Math.max(1, Math.min(env('BENCH_ACCOUNTS', 5000), Math.floor(ROWS / (2 * M))));
const DAYS_PER_BLOCK = Math.max(1, Math.round(ROWS / 2 / (ACCOUNTS * M)));
const EXISTING_DAYS = Math.max(DAYS_PER_BLOCK * ALL_RUNS, Math.round(EXISTING_ROWS / (ACCOUNTS * M)));
const ROWS_PER_RUN = 2 * DAYS_PER_BLOCK * ACCOUNTS * M;

const log = benchLogger('ingest');

/** The starting data: accounts and EXISTING_DAYS days of every metric, loaded without indexes then indexed (minutes, not hours). */
async function seed(url: string, firstDay: Date): Promise<void> {
  await runMigrations(url);
  await withClient(url, (client) => seedUsage(client, ACCOUNTS, EXISTING_DAYS, dayString(firstDay, 0)));
}

interface RunFiles {
  ndjson: string;
  csv: string;
  /** For COPY: account_id, metric, day, value, weight (empty = null). */
  copy: string;
}

/** Run r changes the values of existing days [r·b, (r+1)·b) and adds new days after the existing ones, day by day as a daily export sends them. */
async function writeRunFiles(directory: string, run: number, firstDay: Date): Promise<RunFiles> {
  const files: RunFiles = { ndjson: path.join(directory, `run-${run}.ndjson`), csv: path.join(directory, `run-${run}.csv`), copy: path.join(directory, `run-${run}.copy.csv`) };
  const streams = { ndjson: createWriteStream(files.ndjson), csv: createWriteStream(files.csv), copy: createWriteStream(files.copy) };
  const write = async (stream: WriteStream, text: string) => {
    if (!stream.write(text)) await new Promise<void>((resolve) => stream.once('drain', () => resolve()));
  };
  await write(streams.csv, 'account,metric,date,value,weight\n');
  const days = [
    ...Array.from({ length: DAYS_PER_BLOCK }, (_value, index) => run * DAYS_PER_BLOCK + index),
    ...Array.from({ length: DAYS_PER_BLOCK }, (_value, index) => EXISTING_DAYS + run * DAYS_PER_BLOCK + index),
  ];
  for (const d of days) {
    const date = dayString(firstDay, d);
    let ndjson = '';
    let csv = '';
    for (let a = 0; a < ACCOUNTS; a += 1) {
      const account = `00000000-0000-4000-8000-${a.toString(16).padStart(12, '0')}`;
      for (let m = 0; m < M; m += 1) {
        const metric = METRICS[m];
        const ratio = RATIO_METRICS.has(metric);
        // Different from the starting values (ratios there are 0.9–0.999, other values integers).
        const value = ratio ? 0.5 + ((a + d + run) % 100) / 1000 : ((a * 31 + d * 7 + m + 1) % 1000) + run + 0.5;
        const weight = ratio ? 200 + ((a + d) % 50) : undefined;
        ndjson += weight === undefined ? `{"account":"${account}","metric":"${metric}","date":"${date}","value":${value}}\n` : `{"account":"${account}","metric":"${metric}","date":"${date}","value":${value},"weight":${weight}}\n`;
        csv += `${account},${metric},${date},${value},${weight ?? ''}\n`;
      }
      if (ndjson.length > 1 << 20) {
        await write(streams.ndjson, ndjson);
        await write(streams.csv, csv);
        await write(streams.copy, csv);
        ndjson = '';
        csv = '';
      }
    }
    await write(streams.ndjson, ndjson);
    await write(streams.csv, csv);
    await write(streams.copy, csv);
  }
  await Promise.all(Object.values(streams).map((stream) => new Promise<void>((resolve) => stream.end(() => resolve()))));
  return files;
}

/** Streams a file to POST /api/v1/usage; answers the seconds until the answer arrived. */
async function postFile(app: BenchApp, file: string, contentType: string, expectedRows: number): Promise<number> {
  const started = process.hrtime.bigint();
  const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
    const request = http.request(
      { host: '127.0.0.1', port: app.port, method: 'POST', path: '/api/v1/usage', headers: { Authorization: `Bearer ${app.key}`, 'Content-Type': contentType } },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      },
    );
    request.on('error', reject);
    pipeline(createReadStream(file, { highWaterMark: 1 << 20 }), request).catch(reject);
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (answer.status !== 200) throw new Error(`POST /api/v1/usage answered ${answer.status}: ${answer.body.slice(0, 500)}`);
  const counts = JSON.parse(answer.body) as { inserted: number; updated: number; unchanged: number; rejected: number };
  if (counts.inserted + counts.updated !== expectedRows || counts.rejected !== 0) throw new Error(`unexpected counts ${answer.body.slice(0, 500)}`);
  return seconds;
}

/** The raw way: COPY into an unindexed staging table, then one upsert with the same rule as the app. */
async function baselineRun(url: string, file: string, expectedRows: number): Promise<number> {
  return withClient(url, async (client) => {
    const started = process.hrtime.bigint();
    await client.query('BEGIN');
    await client.query(`CREATE TEMP TABLE usage_staging (account_id uuid, metric text, day date, value float8, weight float8) ON COMMIT DROP`);
    await pipeline(createReadStream(file, { highWaterMark: 1 << 20 }), client.query(copyFrom(`COPY usage_staging FROM STDIN WITH (FORMAT csv)`)));
    const result = await client.query(
      `INSERT INTO usage_daily AS u (account_id, metric, day, value, weight, recorded_at, created_at, updated_at)
       SELECT account_id, metric, day, value, weight, now(), now(), now() FROM usage_staging
       ON CONFLICT (account_id, metric, day) DO UPDATE
         SET value = EXCLUDED.value, weight = EXCLUDED.weight, recorded_at = EXCLUDED.recorded_at, updated_at = EXCLUDED.updated_at
         WHERE (u.value, u.weight) IS DISTINCT FROM (EXCLUDED.value, EXCLUDED.weight)`,
    );
    await client.query('COMMIT');
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (result.rowCount !== expectedRows) throw new Error(`baseline upserted ${result.rowCount} rows, expected ${expectedRows}`);
    return seconds;
  });
}

async function checkpoint(url: string): Promise<void> {
  await withClient(url, (client) => client.query('CHECKPOINT'));
}

async function main(): Promise<void> {
  const server = await benchServer();
  const serverUrl = server.url;
  const adminUrl = withDatabase(serverUrl, 'postgres');
  const prefix = `ah_bench_${process.pid}`;
  const databases = { seed: `${prefix}_seed`, ndjson: `${prefix}_ndjson`, csv: `${prefix}_csv`, baseline: `${prefix}_baseline` };
  const directory = await fs.mkdtemp(path.join(os.tmpdir(), 'account-health-bench-'));
  const firstDay = new Date(Date.UTC(new Date().getUTCFullYear() - 2, 0, 1));
  let apps: BenchApp[] = [];
  try {
    log(`seeding ${ACCOUNTS * M * EXISTING_DAYS} usage rows (${ACCOUNTS} accounts × ${M} metrics × ${EXISTING_DAYS} days)`);
    await withClient(adminUrl, (client) => client.query(`CREATE DATABASE ${databases.seed}`));
    let started = Date.now();
    await seed(withDatabase(serverUrl, databases.seed), firstDay);
    log(`seeded in ${((Date.now() - started) / 1000).toFixed(1)} s; copying it for each path`);
    await withClient(adminUrl, async (client) => {
      for (const copy of [databases.ndjson, databases.csv, databases.baseline]) {
        await client.query(`CREATE DATABASE ${copy} TEMPLATE ${databases.seed}`);
        await client.query(`ALTER DATABASE ${copy} SET work_mem = '${WORK_MEM}'`);
      }
      await client.query(`DROP DATABASE ${databases.seed}`);
    });
    started = Date.now();
    const runs: RunFiles[] = [];
    for (let run = 0; run < ALL_RUNS; run += 1) runs.push(await writeRunFiles(directory, run, firstDay));
    log(`wrote ${ALL_RUNS} × ${ROWS_PER_RUN} rows as NDJSON, CSV and COPY files in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    const seconds: Record<'ndjson' | 'csv' | 'baseline', number[]> = { ndjson: [], csv: [], baseline: [] };
    const urls = { ndjson: withDatabase(serverUrl, databases.ndjson), csv: withDatabase(serverUrl, databases.csv), baseline: withDatabase(serverUrl, databases.baseline) };
    for (const url of Object.values(urls)) await prewarm(url, ['usage_daily', 'usage_daily_pkey']);
    // One app per copy; the paths take turns run by run, so a change in the machine's load hits them alike.
    const appFor = { ndjson: await startApp(urls.ndjson), csv: await startApp(urls.csv) };
    apps = [appFor.ndjson, appFor.csv];
    for (let run = 0; run < ALL_RUNS; run += 1) {
      const label = run < WARMUP_RUNS ? 'warm-up' : `run ${run - WARMUP_RUNS + 1}`;
      for (const format of ['ndjson', 'csv'] as const) {
        const app = appFor[format];
        await checkpoint(urls[format]);
        const taken = await postFile(app, runs[run][format], format === 'ndjson' ? 'application/x-ndjson' : 'text/csv', ROWS_PER_RUN);
        if (run >= WARMUP_RUNS) seconds[format].push(taken);
        log(`API ${format} ${label}: ${(ROWS_PER_RUN / taken).toFixed(0)} rows/s, app peak RSS so far ${peakRssMb(app.process.pid!)} MiB`);
      }
      await checkpoint(urls.baseline);
      const taken = await baselineRun(urls.baseline, runs[run].copy, ROWS_PER_RUN);
      if (run >= WARMUP_RUNS) seconds.baseline.push(taken);
      log(`baseline ${label}: ${(ROWS_PER_RUN / taken).toFixed(0)} rows/s`);
    }
    const peakRss = Math.max(peakRssMb(appFor.ndjson.process.pid!), peakRssMb(appFor.csv.process.pid!));
    for (const app of apps) await stopApp(app);
    apps = [];

    const rate = (format: keyof typeof seconds) => Math.round(ROWS_PER_RUN / median(seconds[format]));
    const baseline = rate('baseline');
    const ratioNdjson = rate('ndjson') / baseline;
    const ratioCsv = rate('csv') / baseline;
    const ratio = Math.min(ratioNdjson, ratioCsv);
    const figures = {
      name: 'ingest',
      ratio: Number(ratio.toFixed(3)),
      target: TARGET_RATIO,
      pass: ratio >= TARGET_RATIO && peakRss < TARGET_RSS_MB,
      ratioNdjson: Number(ratioNdjson.toFixed(3)),
      ratioCsv: Number(ratioCsv.toFixed(3)),
      apiNdjsonRowsPerSecond: rate('ndjson'),
      apiCsvRowsPerSecond: rate('csv'),
      baselineRowsPerSecond: baseline,
      appPeakRssMb: peakRss,
      rssTargetMb: TARGET_RSS_MB,
      rowsPerRun: ROWS_PER_RUN,
      existingRows: ACCOUNTS * M * EXISTING_DAYS,
      runs: RUNS,
      warmupRuns: WARMUP_RUNS,
      workMem: WORK_MEM,
      secondsPerRun: { ndjson: seconds.ndjson.map((value) => Number(value.toFixed(2))), csv: seconds.csv.map((value) => Number(value.toFixed(2))), baseline: seconds.baseline.map((value) => Number(value.toFixed(2))) },
    };
    printResult(figures);
  } finally {
    for (const app of apps) await stopApp(app).catch(() => undefined);
    await fs.rm(directory, { recursive: true, force: true });
    await dropDatabases(serverUrl, Object.values(databases), log);
    await server.stop();
  }
}

main().catch((error: Error) => {
  log(error.stack ?? error.message);
  process.exit(1);
});
