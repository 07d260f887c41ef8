import 'reflect-metadata';
import { setFlagsFromString } from 'node:v8';
import { Logger } from '@nestjs/common';
import { createApp } from './app.factory';
import { DataSource } from 'typeorm';
import { ApiKeyService } from './auth/api-key.service';
import { JobRunner } from './jobs/job-runner.service';
import { Clock } from './common/clock';
import { loadDemoData } from './demo/demo-data';
import { ConfigError, loadConfig } from './config/app-config';
import { startEmbeddedPostgres } from './database/embedded-postgres';
import { runMigrations } from './database/migrate';
import { TicketSlaStore } from './support/ticket-sla-store.service';

/** What a fresh demo needs computed before its first scheduled ticks, each on the one before. */
const JOBS_AFTER_DEMO_LOAD = ['health-scores', 'recommendation-stats', 'review-planning', 'review-agendas'] as const;

/** Runs them once, one after the other, in the background; a failure is logged and the next still runs. */
async function runAfterDemoLoad(runner: JobRunner, logger: Logger): Promise<void> {
  for (const job of JOBS_AFTER_DEMO_LOAD) {
    try {
      await runner.trigger(job);
      await runner.drain();
    } catch (error) {
      logger.warn(`the ${job} run after the demo load failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  logger.log(`demo: ran ${JOBS_AFTER_DEMO_LOAD.join(', ')}`);
}

/**
 * V8 lets the old generation grow to about four times the live heap before a full collection, so
 * short-lived garbage promoted by long operations (streamed ingests) sits in memory: ~55 MB live
 * became ~350 MB resident. A smaller growing factor collects sooner without capping the heap, so the
 * largest operations still get all the memory they need. Set here, not as a node option, so
 * `node dist/src/main.js` (`npm start`) applies it however the process is launched.
 */
function applyHeapBudget(growingPercent: number): void {
  if (growingPercent > 0) setFlagsFromString(`--heap-growing-percent=${growingPercent}`);
}

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  applyHeapBudget(config.heapGrowingPercent);
  const logger = new Logger('Startup');
  const embedded = config.databaseUrl
    ? undefined
    : await startEmbeddedPostgres({
        dataDir: config.dataDir,
        dataDirExplicit: config.dataDirExplicit,
        database: 'account_health',
        log: (level, message) => (level === 'debug' ? logger.debug(message) : level === 'warn' ? logger.warn(message) : logger.log(message)),
      });
  const databaseUrl = config.databaseUrl ?? embedded!.url;
  const stopDatabase = async () => embedded?.owned && (await embedded.stop());

  try {
    const applied = await runMigrations(databaseUrl);
    if (applied.length > 0) logger.log(`applied migrations: ${applied.join(', ')}`);
    const app = await createApp({ config, databaseUrl });
    const printedKey = await app.get(ApiKeyService).ensureAdminKey(config.adminApiKey);
    // Demo data: on the first start of a fresh embedded database, or whenever DEMO_DATA=true (idempotent).
    if (config.demoData === true || (config.demoData === 'auto' && embedded?.initialised)) {
      const demo = await loadDemoData(app.get(DataSource), { asOf: app.get(Clock).today(config.businessTimezone), reportingCurrency: config.reportingCurrency });
      logger.log(demo.alreadyLoaded ? 'demo data already present' : `demo data loaded: ${JSON.stringify(demo.inserted)}`);
      // The demo writes its tickets with SQL: their stored SLA columns are computed as for rows from before those columns.
      if (!demo.alreadyLoaded) await app.get(TicketSlaStore).backfill();
      if (!demo.alreadyLoaded) void runAfterDemoLoad(app.get(JobRunner), logger);
    }
    await app.listen({ port: config.port, host: config.host });
    const address = app.getHttpServer().address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const base = `http://localhost:${port}`;
    const banner = [
      '',
      `Account Health is running on ${base}`,
      `  API docs:     ${base}/docs  (OpenAPI JSON: ${base}/docs-json)`,
      `  Database:     ${embedded ? `embedded PostgreSQL 15 in ${embedded.pgdata}` : 'DATABASE_URL'}`,
      printedKey
        ? `  Admin key:    ${printedKey}\n                (shown once: store it now; set ADMIN_API_KEY to choose your own)`
        : config.adminApiKey
          ? '  Admin key:    the value of ADMIN_API_KEY'
          : '  Admin key:    created on the first start (create more with POST /api/v1/api-keys)',
      `  Try:          curl -H "Authorization: Bearer ${printedKey ?? '<admin key>'}" ${base}/api/v1/api-keys`,
      '',
    ];
    process.stdout.write(banner.join('\n') + '\n');

    let closing = false;
    const shutdown = async (signal: string) => {
      if (closing) return;
      closing = true;
      logger.log(`${signal}: finishing in-flight requests and stopping`);
      await app.close();
      await stopDatabase();
      process.exit(0);
    };
    process.once('SIGTERM', () => void shutdown('SIGTERM'));
    process.once('SIGINT', () => void shutdown('SIGINT'));
  } catch (error) {
    logger.error(error instanceof Error ? error.stack : String(error));
    await stopDatabase();
    process.exit(1);
  }
}

void main();
