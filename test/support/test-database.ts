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

/**
 * Drops a test database once the sessions this process closed have left the server. A pool's
 * `end()` resolves before the server has processed every Terminate, and a session that DROP …
 * WITH (FORCE) kills meanwhile sends a FATAL to a client that no longer listens for errors: an
 * unhandled error that fails whichever test file runs next in the worker. FORCE still ends any
 * session left after the wait (five seconds).
 */
async function dropDatabase(name: string): Promise<void> {
  const admin = new Client({ connectionString: withDatabase(serverUrl(), 'postgres') });
  await admin.connect();
  try {
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline) {
      const { rows } = await admin.query<{ sessions: number }>(`SELECT count(*)::int AS sessions FROM pg_stat_activity WHERE datname = $1`, [name]);
      if (rows[0].sessions === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
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
      await dropDatabase(name);
    },
  };
}
