import { rmSync } from 'node:fs';
import { Client } from 'pg';
import { withDatabase } from './pg-url';

export default async function globalTeardown(): Promise<void> {
  const serverUrl = process.env.TEST_PG_SERVER_URL;
  const template = process.env.TEST_PG_TEMPLATE;
  if (serverUrl && template) {
    const admin = new Client({ connectionString: withDatabase(serverUrl, 'postgres') });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`).catch(() => undefined);
    await admin.end();
  }
  await globalThis.__accountHealthEmbedded?.stop();
  if (process.env.TEST_BUILD_DIR) rmSync(process.env.TEST_BUILD_DIR, { recursive: true, force: true });
}
