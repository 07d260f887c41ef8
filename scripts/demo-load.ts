/**
 * `npm run demo:load [-- --seed=N]`: loads the demo installation (accounts, teams, catalog, FX and
 * about 400 days of signals up to today) into DATABASE_URL, or into the embedded database under
 * DATA_DIR when DATABASE_URL is unset. Migrates first; safe to run again. Prints the rows written
 * per table and the load time (`elapsedMs`).
 */
import '../src/database/pg-types';
import { Pool } from 'pg';
import { calendarDayIn } from '../src/common/clock';
import { ConfigError, loadConfig } from '../src/config/app-config';
import { EmbeddedPostgres, startEmbeddedPostgres } from '../src/database/embedded-postgres';
import { runMigrations } from '../src/database/migrate';
import { DEFAULT_DEMO_SEED, loadDemoData } from '../src/demo/demo-data';

function seedFromArguments(argv: string[]): number {
  const argument = argv.find((value) => value.startsWith('--seed='));
  if (!argument) return DEFAULT_DEMO_SEED;
  const seed = Number(argument.slice('--seed='.length));
  if (!Number.isSafeInteger(seed)) throw new ConfigError('--seed', `must be an integer (got "${argument}")`);
  return seed;
}

async function main(): Promise<void> {
  const config = loadConfig();
  const seed = seedFromArguments(process.argv.slice(2));
  let embedded: EmbeddedPostgres | undefined;
  if (!config.databaseUrl) {
    embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, dataDirExplicit: config.dataDirExplicit, database: 'account_health', log: () => undefined });
  }
  const url = config.databaseUrl ?? embedded!.url;
  const pool = new Pool({ connectionString: url, max: 1 });
  try {
    await runMigrations(url);
    const result = await loadDemoData(pool, { seed, asOf: calendarDayIn(new Date(), config.businessTimezone), reportingCurrency: config.reportingCurrency });
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await pool.end();
    if (embedded?.owned) await embedded.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`demo:load failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
