import { DataSource } from 'typeorm';
import { databaseOptions } from './database-options';

/** Any fixed 64-bit key works; every replica starting together must use the same one. */
const MIGRATION_LOCK_KEY = 7_214_001;

/**
 * Runs pending migrations while holding a session advisory lock, so replicas that start together
 * take turns instead of racing on the same DDL.
 */
export async function runMigrations(url: string): Promise<string[]> {
  const dataSource = new DataSource(databaseOptions(url, 2));
  await dataSource.initialize();
  const runner = dataSource.createQueryRunner();
  try {
    await runner.connect();
    await runner.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      return applied.map((migration) => migration.name);
    } finally {
      await runner.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await runner.release();
    await dataSource.destroy();
  }
}
