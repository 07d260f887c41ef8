/**
 * `npm run eval:health`: the backtest of the active health model on the demo data.
 *
 * Loads the demo installation into a fresh database (on DATABASE_URL's server, else an embedded
 * one) that it drops at the end, builds the app in-process with its clock fixed on the demo's last
 * day, and backtests the active `default` model: each outcome judged by its account's score
 * EVAL_HORIZON_DAYS before it, recomputed as of that day (the demo has no daily record); then fits
 * the weights (a draft in this throwaway database) and reports the cross-validated AUC of current
 * and fitted weights. Prints one JSON line: { name, ratio, target, pass, auc, ... }.
 *
 * Target: AUC ≥ 0.65. The demo's churn depends on the signals only partly and noisily (see
 * demo-signals.ts), as in life: 0.5 is a coin toss, published churn models on real CS data land
 * around 0.65–0.80 a quarter ahead, and a score below 0.65 ranks risk too weakly to plan a
 * quarter's work by.
 *
 * Env: EVAL_AS_OF (demo's last day, default 2026-11-01), EVAL_SEED, EVAL_ACCOUNTS (default 600),
 * EVAL_HORIZON_DAYS (default 90).
 */
import '../src/database/pg-types';
import { Pool } from 'pg';
import { createApp } from '../src/app.factory';
import { FixedClock } from '../src/common/clock';
import { JOB_NAMES, jobCronVariable, loadConfig } from '../src/config/app-config';
import { runMigrations } from '../src/database/migrate';
import { DEFAULT_DEMO_SEED, loadDemoData } from '../src/demo/demo-data';
import { BacktestService } from '../src/health/backtest/backtest.service';
import { benchLogger, benchServer, dropDatabases, envNumber, printResult, round, withClient, withDatabase } from './support/harness';

const log = benchLogger('eval-health');
const TARGET_AUC = 0.65;

async function main(): Promise<void> {
  const asOf = process.env.EVAL_AS_OF ?? '2026-11-01';
  const seed = envNumber('EVAL_SEED', DEFAULT_DEMO_SEED);
  const accountsWanted = envNumber('EVAL_ACCOUNTS', 600);
  const horizonDays = envNumber('EVAL_HORIZON_DAYS', 90);

  const server = await benchServer();
  const database = `eval_health_${process.pid}`;
  const url = withDatabase(server.url, database);
  await withClient(server.url, (client) => client.query(`CREATE DATABASE ${database}`));
  try {
    await runMigrations(url);
    const pool = new Pool({ connectionString: url, max: 1 });
    const load = await loadDemoData(pool, { seed, asOf, accounts: accountsWanted }).finally(() => pool.end());
    log(`demo loaded as of ${asOf} (seed ${seed}, ${accountsWanted} accounts) in ${load.elapsedMs} ms: ${load.inserted.outcomes} outcomes`);

    const env: Record<string, string | undefined> = { ...process.env, DATABASE_URL: url, DEMO_DATA: 'false', LOG_LEVEL: 'silent', BUSINESS_TIMEZONE: 'UTC' };
    for (const job of JOB_NAMES) env[jobCronVariable(job)] = '';
    const app = await createApp({ config: loadConfig(env), databaseUrl: url, clock: new FixedClock(new Date(`${asOf}T12:00:00Z`)) });
    try {
      await app.init();
      const started = Date.now();
      const result = await app.get(BacktestService).backtest('default', 1, { horizonDays });
      const backtestMs = Date.now() - started;
      const figures = result.backtest;
      const auc = figures.auc ?? 0;
      log(`backtest in ${backtestMs} ms: ${JSON.stringify({ sampleSize: figures.sampleSize, leftOut: figures.leftOut.byReason })}`);
      // The fit proposes a draft (in this throwaway database): its cross-validated AUC beside the current weights'.
      const fitStarted = Date.now();
      const fit = await app.get(BacktestService).fit('default', 1, { horizonDays });
      const fitMs = Date.now() - fitStarted;
      printResult({
        name: 'eval-health',
        ratio: round(auc / TARGET_AUC, 3),
        target: TARGET_AUC,
        pass: auc >= TARGET_AUC,
        auc: figures.auc,
        arrWeightedAuc: figures.arrWeightedAuc,
        aucBySegment: Object.fromEntries(figures.bySegment.map((segment) => [segment.segment, segment.auc])),
        horizonDays,
        asOf,
        seed,
        accounts: accountsWanted,
        outcomes: result.outcomes,
        samples: figures.sampleSize.samples,
        churned: figures.sampleSize.churned,
        retained: figures.sampleSize.retained,
        leftOut: figures.leftOut.byReason,
        churnRateByBand: Object.fromEntries(figures.bands.map((band) => [band.band, { samples: band.samples, churnRate: band.churnRate }])),
        redPrecision: figures.redBand.precision,
        redRecall: figures.redBand.recall,
        medianLeadTimeDays: figures.leadTime.medianDays,
        churnsWarned: figures.leadTime.churnsWarned,
        churnsNotWarned: figures.leadTime.churnsNotWarned,
        calibration: figures.calibration.map((bin) => ({ decile: bin.decile, scores: `${bin.minScore}–${bin.maxScore}`, observed: bin.observedRate, predicted: bin.predictedRate })),
        backtestMs,
        fit: {
          crossValidatedAucCurrent: fit.crossValidated.currentAuc === null ? null : round(fit.crossValidated.currentAuc, 4),
          crossValidatedAucProposed: fit.crossValidated.proposedAuc === null ? null : round(fit.crossValidated.proposedAuc, 4),
          weights: Object.fromEntries(fit.weights.map((weight) => [weight.key, `${weight.current} -> ${weight.proposed}`])),
          fitMs,
        },
      });
    } finally {
      await app.close();
    }
  } finally {
    await dropDatabases(server.url, [database], log);
    await server.stop();
  }
}

main().catch((error: Error) => {
  log(error.stack ?? error.message);
  process.exit(1);
});
