import '../../src/database/pg-types';
import { randomBytes } from 'node:crypto';
import { Client, Pool } from 'pg';
import { withDatabase } from './pg-url';

export interface TestDatabase {
  url: string;
  name: string;
  /** A small pool for assertions straight on the tables. */
  pool: Pool;
  drop(): Promise<void>;
}

function serverUrl(): string {
  const url = process.env.TEST_PG_SERVER_URL;
  if (!url) throw new Error('TEST_PG_SERVER_URL is unset: run the tests through jest (global setup prepares the database)');
  return url;
}

async function adminQuery(sql: string): Promise<void> {
  const admin = new Client({ connectionString: withDatabase(serverUrl(), 'postgres') });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

/** A fresh copy of the migrated template for one test file: isolated, parallel-safe, dropped after. */
export async function createTestDatabase(options: { empty?: boolean } = {}): Promise<TestDatabase> {
  const name = `ah_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(options.empty ? `CREATE DATABASE ${name}` : `CREATE DATABASE ${name} TEMPLATE ${process.env.TEST_PG_TEMPLATE}`);
  const url = withDatabase(serverUrl(), name);
  const pool = new Pool({ connectionString: url, max: 3 });
  return {
    url,
    name,
    pool,
    drop: async () => {
      await pool.end();
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}
