/**
 * `npm run bench:scoring`: a full health run over BENCH_ACCOUNTS accounts (default 100,000) with
 * BENCH_DAYS days (default 90) of 5 usage and quality metrics (45M usage rows) and weekly adoption
 * snapshots of 20 features over the same days, against one bare SQL statement aggregating the same
 * days of usage per account and metric, with the same `work_mem` the scoring sessions use (64MB),
 * warm, median of BENCH_RUNS (default 3). Then an incremental run after 1% of the accounts sent new
 * usage through the API, against the full run's time.
 *
 * Both paths read the same database (the baseline only reads, so one copy is the same data and the
 * same warm cache). The app runs as its own process; runs are started through the API
 * (`POST /api/v1/health-runs` for full runs of today, `POST /api/v1/jobs/health-scores/run` for the
 * scheduled job, which is incremental once today's full run exists) and timed until they complete.
 * Prints one JSON line last: { name, ratio, target, pass, ...figures }. Not a test.
 */
import { Client } from 'pg';
import { runMigrations } from '../src/database/migrate';
import { BenchApp, benchLogger, benchServer, dayString, dropDatabases, envNumber, median, peakRssMb, prewarm, printResult, requestJson, round, startApp, stopApp, withClient, withDatabase } from './support/harness';

const log = benchLogger('scoring');
const ACCOUNTS = envNumber('BENCH_ACCOUNTS', 100_000);
const DAYS = envNumber('BENCH_DAYS', 90);
const RUNS = Math.max(1, envNumber('BENCH_RUNS', 3));
const FEATURES = 20;
const MANAGERS = Math.max(1, Math.round(ACCOUNTS / 200));
const CHANGED_SHARE = 0.01;
/** The scoring sessions' `SET LOCAL work_mem` (usage-signals.repository.ts); the baseline uses the same. */
const WORK_MEM = '64MB';
const TARGET_RATIO = 2;
const TARGET_INCREMENTAL_SHARE = 0.05;

/** Five metrics: the video trend metric, three quality metrics, and the commercial metric commit pacing reads. */
const METRICS = ['video-minutes', 'join-success-rate', 'video-freeze-rate', 'p95-e2e-latency', 'billable-amount'];

export const accountUuid = (index: number): string => `00000000-0000-4000-8000-${index.toString(16).padStart(12, '0')}`;
export const managerUuid = (index: number): string => `00000000-0000-4000-9000-${index.toString(16).padStart(12, '0')}`;

/**
 * The starting data, built by set-based statements (tables loaded without their keys, then keyed):
 * accounts spread over the four segments, 80% on yearly commits, each with a CSM; every account
 * sends the five metrics every day (some growing, some falling), and adoption of 20 video features
 * every week.
 */
export async function seedScoringData(client: Client, today: string, accounts = ACCOUNTS, days = DAYS, managers = MANAGERS): Promise<void> {
  const firstDay = dayString(new Date(`${today}T00:00:00Z`), -days);
  await client.query(`SET work_mem = '256MB'`);
  await client.query(`SET maintenance_work_mem = '1GB'`);
  await client.query(
    `INSERT INTO managers (id, name, email, role, timezone, active)
     SELECT ('00000000-0000-4000-9000-' || lpad(to_hex(g), 12, '0'))::uuid, 'Manager ' || g, 'manager' || g || '@bench.example', 'csm', 'UTC', true FROM generate_series(0, $1 - 1) g`,
    [managers],
  );
  await client.query(
    `INSERT INTO accounts (id, external_id, name, segment, industry, region, billing_model, commit_amount, commit_period, renewal_date, arr, currency, support_plan, products, use_cases, attributes)
     SELECT ('00000000-0000-4000-8000-' || lpad(to_hex(g), 12, '0'))::uuid, 'bench-' || g, 'Bench account ' || g,
            (ARRAY['startup','growth','enterprise','strategic'])[1 + g % 4], (ARRAY['education','entertainment','social'])[1 + g % 3], 'apac',
            CASE WHEN g % 5 = 0 THEN 'payg' ELSE 'commit' END,
            CASE WHEN g % 5 = 0 THEN NULL ELSE 12000 + (g % 50) * 1000 END,
            CASE WHEN g % 5 = 0 THEN NULL ELSE 'year' END,
            CASE WHEN g % 5 = 0 THEN NULL ELSE $2::date + 30 + (g % 330) END,
            12000 + (g % 50) * 1000, 'USD', 'standard', ARRAY['video-calling'], ARRAY['one-to-one-tutoring','large-class'], '{}'::jsonb
     FROM generate_series(0, $1 - 1) g`,
    [accounts, today],
  );
  // Health runs read each account's terms as of the scoring day from its history.
  await client.query(
    `INSERT INTO account_history (account_id, valid_from, segment, arr, currency, billing_model, commit_amount, commit_period, auto_renew, renewal_date, support_plan, products, use_cases, attributes)
     SELECT id, $1::date - 400, segment, arr, currency, billing_model, commit_amount, commit_period, auto_renew, renewal_date, support_plan, products, use_cases, attributes FROM accounts`,
    [today],
  );
  await client.query(`UPDATE accounts SET created_at = $1::date - 400, updated_at = $1::date - 400`, [today]);
  await client.query(
    `INSERT INTO account_assignments (account_id, id, manager_id, role, started_at)
     SELECT ('00000000-0000-4000-8000-' || lpad(to_hex(g), 12, '0'))::uuid, gen_random_uuid(), ('00000000-0000-4000-9000-' || lpad(to_hex(g % $2), 12, '0'))::uuid, 'csm', $3::date - 400
     FROM generate_series(0, $1 - 1) g`,
    [accounts, managers, today],
  );
  await client.query(
    `INSERT INTO features (key, product, name, prerequisites, eligible_segments, use_cases)
     SELECT 'bench-feature-' || g, 'video-calling', 'Bench feature ' || g, '{}', '{}', CASE WHEN g % 2 = 0 THEN ARRAY['one-to-one-tutoring'] ELSE ARRAY['large-class'] END
     FROM generate_series(1, $1) g`,
    [FEATURES],
  );
  await client.query(`ALTER TABLE usage_daily DROP CONSTRAINT usage_daily_metric_fkey, DROP CONSTRAINT usage_daily_account_id_fkey, DROP CONSTRAINT usage_daily_pkey`);
  // Growing, flat and falling accounts: the daily value drifts by (a % 7 - 3)% a week.
  await client.query(
    `INSERT INTO usage_daily (account_id, metric, day, value, weight, recorded_at, created_at, updated_at)
     SELECT ('00000000-0000-4000-8000-' || lpad(to_hex(a), 12, '0'))::uuid, m.key, $2::date + d,
            CASE m.key
              WHEN 'video-minutes' THEN round((1000 + a % 5000) * (1 + ((a % 7) - 3) * d / 700.0))
              WHEN 'join-success-rate' THEN 0.95 + ((a + d) % 50) / 1000.0
              WHEN 'video-freeze-rate' THEN ((a + d) % 30) / 1000.0
              WHEN 'p95-e2e-latency' THEN 200 + (a + d) % 200
              ELSE round((12000 + (a % 50) * 1000) / 365.0 * (0.6 + (a % 9) / 10.0), 2)
            END,
            CASE WHEN m.key IN ('join-success-rate', 'video-freeze-rate') THEN 1000 + (a + d) % 500 END,
            $3::timestamptz, $3::timestamptz, $3::timestamptz
     FROM generate_series(0, $4 - 1) d, generate_series(0, $1 - 1) a, unnest($5::text[]) AS m(key)`,
    [accounts, firstDay, `${firstDay}T12:00:00Z`, days, METRICS],
  );
  await client.query(`ALTER TABLE usage_daily ADD CONSTRAINT usage_daily_pkey PRIMARY KEY (account_id, metric, day) INCLUDE (value, weight)`);
  await client.query(`ALTER TABLE usage_daily ADD CONSTRAINT usage_daily_account_id_fkey FOREIGN KEY (account_id) REFERENCES accounts(id) ON DELETE CASCADE ON UPDATE NO ACTION`);
  await client.query(`ALTER TABLE usage_daily ADD CONSTRAINT usage_daily_metric_fkey FOREIGN KEY (metric) REFERENCES metrics(key) ON DELETE RESTRICT ON UPDATE CASCADE`);
  await client.query(`ALTER TABLE feature_adoption_daily DROP CONSTRAINT feature_adoption_daily_account_id_fkey, DROP CONSTRAINT feature_adoption_daily_feature_id_fkey, DROP CONSTRAINT feature_adoption_daily_pkey`);
  await client.query(
    `INSERT INTO feature_adoption_daily (account_id, feature_id, day, adoption_pct, created_at, updated_at)
     SELECT ('00000000-0000-4000-8000-' || lpad(to_hex(a), 12, '0'))::uuid, f.id, $2::date + w * 7,
            least(100, ((a * 7 + f.n * 13) % 60) + w * 2), $3::timestamptz, $3::timestamptz
     FROM generate_series(0, $4 - 1) w, generate_series(0, $1 - 1) a, (SELECT id, row_number() OVER (ORDER BY key) AS n FROM features WHERE key LIKE 'bench-feature-%') f`,
    [accounts, firstDay, `${firstDay}T12:00:00Z`, Math.ceil(days / 7)],
  );
  await client.query(`ALTER TABLE feature_adoption_daily ADD CONSTRAINT feature_adoption_daily_pkey PRIMARY KEY (account_id, feature_id, day) INCLUDE (adoption_pct)`);
  await client.query(`ALTER TABLE feature_adoption_daily ADD CONSTRAINT feature_adoption_daily_account_id_fkey FOREIGN KEY (account_id) REFERENCES accounts(id) ON DELETE CASCADE`);
  await client.query(`ALTER TABLE feature_adoption_daily ADD CONSTRAINT feature_adoption_daily_feature_id_fkey FOREIGN KEY (feature_id) REFERENCES features(id) ON DELETE RESTRICT`);
  await client.query(`VACUUM ANALYZE`);
}

interface HealthRun {
  id: string;
  status: string;
  accountsScored: number;
}

async function waitFor<T>(poll: () => Promise<T | undefined>, what: string, timeoutMs = 30 * 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await poll();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`${what} did not finish in time`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A full run of today through the API, timed from the request until it is visible as completed. */
async function fullRun(app: BenchApp, today: string): Promise<{ seconds: number; accountsScored: number }> {
  const started = process.hrtime.bigint();
  const { body: run } = await requestJson<HealthRun>(app, 'POST', '/api/v1/health-runs', { asOf: today }, [202]);
  const done = await waitFor(async () => {
    const { body } = await requestJson<HealthRun>(app, 'GET', `/api/v1/health-runs/${run.id}`);
    if (body.status === 'running') return undefined;
    if (body.status !== 'completed') throw new Error(`health run ${run.id} ended ${body.status}`);
    return body;
  }, `health run ${run.id}`);
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, accountsScored: done.accountsScored };
}

/** The scheduled job, triggered by hand; answers its time and stats. */
async function jobRun(app: BenchApp): Promise<{ seconds: number; stats: Record<string, unknown> }> {
  const started = process.hrtime.bigint();
  const { body: triggered } = await requestJson<{ id: string }>(app, 'POST', '/api/v1/jobs/health-scores/run', undefined, [202]);
  const done = await waitFor(async () => {
    const { body } = await requestJson<{ items: { id: string; status: string; stats: Record<string, unknown>; error: string | null }[] }>(app, 'GET', '/api/v1/jobs/runs?job=health-scores&limit=5');
    const found = body.items.find((item) => item.id === triggered.id);
    if (!found || found.status === 'running') return undefined;
    if (found.status !== 'succeeded') throw new Error(`job run ${found.id} ended ${found.status}: ${found.error}`);
    return found;
  }, `job run ${triggered.id}`);
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, stats: done.stats };
}

/** 1% of the accounts send a new value for yesterday's video minutes, through the ingest API. */
async function changeAccounts(app: BenchApp, round: number, today: string): Promise<number> {
  const changed = Math.max(1, Math.round(ACCOUNTS * CHANGED_SHARE));
  const yesterday = dayString(new Date(`${today}T00:00:00Z`), -1);
  const rows = Array.from({ length: changed }, (_value, index) => ({ account: accountUuid((index * 97 + round * 7919) % ACCOUNTS), metric: 'video-minutes', date: yesterday, value: 5000 + round * 10 + index }));
  for (let start = 0; start < rows.length; start += 10_000) {
    await requestJson(app, 'POST', '/api/v1/usage', rows.slice(start, start + 10_000));
  }
  return changed;
}

/** The bare statement: the same days of usage aggregated per account and metric, every row fetched. */
async function baselineRun(url: string, today: string): Promise<{ seconds: number; rows: number }> {
  return withClient(url, async (client) => {
    const started = process.hrtime.bigint();
    await client.query('BEGIN');
    await client.query(`SET LOCAL work_mem = '${WORK_MEM}'`);
    const result = await client.query(
      `SELECT account_id, metric, count(*) AS days, sum(value) AS total, sum(value * weight) AS weighted, sum(weight) AS weight, max(value) AS peak, max(day) AS last_day
       FROM usage_daily WHERE day > $1::date - $2::int AND day <= $1::date GROUP BY account_id, metric`,
      [today, DAYS],
    );
    await client.query('COMMIT');
    return { seconds: Number(process.hrtime.bigint() - started) / 1e9, rows: result.rowCount ?? 0 };
  });
}

async function main(): Promise<void> {
  const server = await benchServer();
  const database = `ah_bench_scoring_${process.pid}`;
  const url = withDatabase(server.url, database);
  const today = new Date().toISOString().slice(0, 10);
  let app: BenchApp | undefined;
  try {
    await withClient(server.url, (client) => client.query(`CREATE DATABASE ${database}`));
    await runMigrations(url);
    let started = Date.now();
    log(`seeding ${ACCOUNTS} accounts × ${DAYS} days × ${METRICS.length} metrics (${ACCOUNTS * DAYS * METRICS.length} usage rows) and ${FEATURES} features weekly`);
    await withClient(url, (client) => seedScoringData(client, today));
    log(`seeded in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    await prewarm(url, ['usage_daily', 'usage_daily_pkey', 'feature_adoption_daily', 'feature_adoption_daily_pkey', 'accounts']);

    app = await startApp(url, { BUSINESS_TIMEZONE: 'UTC' });
    const full: number[] = [];
    const baseline: number[] = [];
    let accountsScored = 0;
    let baselineRows = 0;
    for (let run = 0; run <= RUNS; run += 1) {
      const label = run === 0 ? 'warm-up' : `run ${run}`;
      const scored = await fullRun(app, today);
      accountsScored = scored.accountsScored;
      const bare = await baselineRun(url, today);
      baselineRows = bare.rows;
      if (run > 0) {
        full.push(scored.seconds);
        baseline.push(bare.seconds);
      }
      log(`${label}: full run ${scored.seconds.toFixed(2)} s (${scored.accountsScored} accounts), bare aggregate ${bare.seconds.toFixed(2)} s (${bare.rows} rows), app peak RSS ${peakRssMb(app.process.pid!)} MiB`);
    }

    // The scheduled job: its first run today is full, the ones after it incremental.
    const firstJob = await jobRun(app);
    log(`job (full): ${firstJob.seconds.toFixed(2)} s ${JSON.stringify(firstJob.stats)}`);
    const incremental: number[] = [];
    let changedAccounts = 0;
    for (let run = 1; run <= RUNS; run += 1) {
      changedAccounts = await changeAccounts(app, run, today);
      const job = await jobRun(app);
      if (job.stats.kind !== 'incremental') throw new Error(`expected an incremental run, got ${JSON.stringify(job.stats)}`);
      incremental.push(job.seconds);
      log(`incremental run ${run}: ${job.seconds.toFixed(2)} s after ${changedAccounts} accounts changed ${JSON.stringify(job.stats)}`);
    }
    const peakRss = peakRssMb(app.process.pid!);
    await stopApp(app);
    app = undefined;

    const fullSeconds = median(full);
    const baselineSeconds = median(baseline);
    const incrementalSeconds = median(incremental);
    const ratio = fullSeconds / baselineSeconds;
    const incrementalShare = incrementalSeconds / fullSeconds;
    printResult({
      name: 'scoring',
      ratio: round(ratio),
      target: TARGET_RATIO,
      pass: ratio <= TARGET_RATIO && incrementalShare <= TARGET_INCREMENTAL_SHARE,
      fullRunSeconds: round(fullSeconds, 2),
      baselineSeconds: round(baselineSeconds, 2),
      incrementalSeconds: round(incrementalSeconds, 2),
      incrementalShare: round(incrementalShare),
      incrementalTarget: TARGET_INCREMENTAL_SHARE,
      changedAccounts,
      accounts: ACCOUNTS,
      accountsScored,
      usageRows: ACCOUNTS * DAYS * METRICS.length,
      baselineRows,
      workMem: WORK_MEM,
      runs: RUNS,
      appPeakRssMb: peakRss,
      secondsPerRun: { full: full.map((value) => round(value, 2)), baseline: baseline.map((value) => round(value, 2)), incremental: incremental.map((value) => round(value, 2)) },
    });
  } finally {
    if (app) await stopApp(app).catch(() => undefined);
    await dropDatabases(server.url, [database], log);
    await server.stop();
  }
}

if (require.main === module) {
  main().catch((error: Error) => {
    log(error.stack ?? error.message);
    process.exit(1);
  });
}
