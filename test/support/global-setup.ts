import '../../src/database/pg-types';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres, EmbeddedPostgres } from '../../src/database/embedded-postgres';
import { runMigrations } from '../../src/database/migrate';
import { withDatabase } from './pg-url';
import { buildApp } from './built-app';

declare global {
  var __accountHealthEmbedded: EmbeddedPostgres | undefined;
}

/**
 * Finds a Postgres (DATABASE_URL, else an embedded one started here), migrates a template database
 * once, and tells the workers where it is; each test file then copies the template.
 */
export default async function globalSetup(): Promise<void> {
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const embedded = await startEmbeddedPostgres({
      dataDir: path.join(os.tmpdir(), `account-health-test-${process.pid}-${randomBytes(3).toString('hex')}`),
      dataDirExplicit: true,
      database: 'postgres',
      log: () => undefined,
    });
    globalThis.__accountHealthEmbedded = embedded;
    serverUrl = embedded.url;
  }
  const template = `ah_template_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${template}`);
  } finally {
    await admin.end();
  }
  await runMigrations(withDatabase(serverUrl, template));
  buildApp();
  process.env.TEST_PG_SERVER_URL = serverUrl;
  process.env.TEST_PG_TEMPLATE = template;
}
