import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import request from 'supertest';
import { FixedClock } from '../../src/common/clock';
import { runMigrations } from '../../src/database/migrate';
import { BI_VIEW_CONTEXT } from '../../src/exports/export-sql';
import { EXPORT_DATASETS } from '../../src/exports/export-datasets';
import { JobRunner } from '../../src/jobs/job-runner.service';
import { auth, createAccount } from '../accounts/fixtures';
import { createTestDatabase } from '../support/test-database';
import { startTestApp, TestApp } from '../support/test-app';
import { readWithDuckDb } from './export-reader';

async function asRole(databaseUrl: string, role: string): Promise<Client> {
  const url = new URL(databaseUrl);
  url.username = role;
  url.password = '';
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  return client;
}

describe('BI exports: bi schema, read-only role, scheduled file drop', () => {
  let t: TestApp;
  let exportDir: string;
  const customRole = `bi_test_${process.pid}`;
  const clock = new FixedClock(new Date('2026-11-22T10:00:00Z'));

  beforeAll(async () => {
    exportDir = await fs.mkdtemp(path.join(os.tmpdir(), 'ah-export-drop-'));
    t = await startTestApp({ clock, env: { EXPORT_DIR: exportDir, EXPORT_KEEP_DAYS: '2', EXPORT_FORMATS: 'csv,parquet', BI_ROLE_NAME: customRole } });
    await createAccount(t, { name: 'Drop, "Co"', arr: '1234.50' });
    await createAccount(t, { name: 'Sandbox', isTest: true });
  });

  afterAll(async () => {
    await t.db.pool.query(`DROP OWNED BY ${customRole}`);
    await t.close();
    const admin = await asRole(t.db.url.replace(/\/[^/]+$/, '/postgres'), 'postgres');
    await admin.query(`DROP ROLE IF EXISTS ${customRole}`);
    await admin.end();
    await fs.rm(exportDir, { recursive: true, force: true });
  });

  it('has one bi view per dataset with the export columns, in order', async () => {
    const { rows } = await t.db.pool.query<{ view: string; columns: string[] }>(
      `SELECT table_name AS view, array_agg(column_name::text ORDER BY ordinal_position) AS columns FROM information_schema.columns WHERE table_schema = 'bi' GROUP BY table_name`,
    );
    const views = Object.fromEntries(rows.map((row) => [row.view, row.columns]));
    for (const dataset of EXPORT_DATASETS) {
      expect({ dataset: dataset.name, columns: views[dataset.name] }).toEqual({ dataset: dataset.name, columns: dataset.columns(BI_VIEW_CONTEXT).map((column) => column.name) });
    }
    expect(Object.keys(views).sort()).toEqual(EXPORT_DATASETS.map((dataset) => dataset.name).sort());
  });

  it.each([['bi_reader'], ['the configured BI_ROLE_NAME']])('lets %s select from the bi views and nothing else', async (which) => {
    const client = await asRole(t.db.url, which === 'bi_reader' ? 'bi_reader' : customRole);
    try {
      const accounts = await client.query(`SELECT name FROM bi.accounts`);
      expect(accounts.rows).toEqual([{ name: 'Drop, "Co"' }]);
      await client.query(`SELECT count(*) FROM bi.usage_daily`);
      for (const forbidden of [
        `SELECT count(*) FROM public.accounts`,
        `INSERT INTO bi.managers (id, name, email, role) VALUES (gen_random_uuid(), 'x', 'x@example.com', 'csm')`,
        `UPDATE bi.managers SET name = 'x'`,
        `UPDATE bi.accounts SET name = 'x'`,
        `DELETE FROM bi.usage_daily`,
        `CREATE TABLE bi.scratch (x int)`,
        `CREATE TABLE public.scratch (x int)`,
      ]) {
        // permission denied, or (a view over a join) not updatable at all: either way nothing is written
        await expect(client.query(forbidden)).rejects.toHaveProperty('code', expect.stringMatching(/^(42501|55000)$/));
      }
    } finally {
      await client.end();
    }
  });

  it('migrates a second database on the same server: the existing role is reused and granted there', async () => {
    const second = await createTestDatabase({ empty: true });
    try {
      await runMigrations(second.url);
      const client = await asRole(second.url, 'bi_reader');
      try {
        expect((await client.query(`SELECT count(*)::int AS n FROM bi.accounts`)).rows[0].n).toBe(0);
      } finally {
        await client.end();
      }
      const granted = await second.pool.query(`SELECT has_database_privilege('bi_reader', current_database(), 'CONNECT') AS connect, has_schema_privilege('bi_reader', 'bi', 'USAGE') AS usage`);
      expect(granted.rows[0]).toEqual({ connect: true, usage: true });
    } finally {
      await second.drop();
    }
  });

  it('drops every dataset to EXPORT_DIR/<date>/ with a manifest, renames into place and prunes old days', async () => {
    await fs.mkdir(path.join(exportDir, '2026-11-01'), { recursive: true });
    await fs.writeFile(path.join(exportDir, '2026-11-01', 'accounts.csv'), 'old');
    await fs.mkdir(path.join(exportDir, '2026-11-21'), { recursive: true });
    await t.db.pool.query(`INSERT INTO export_tombstones (table_name, row_key, deleted_at) VALUES ('managers', '{"id": "00000000-0000-4000-8000-000000000001"}', now() - interval '31 days'), ('managers', '{"id": "00000000-0000-4000-8000-000000000002"}', now())`);
    await request(t.server).post('/api/v1/jobs/exports/run').set(auth(t.adminKey)).expect(202);
    await t.app.get(JobRunner).drain();
    const runs = await request(t.server).get('/api/v1/jobs/runs?job=exports').set(auth(t.adminKey)).expect(200);
    expect(runs.body.items[0]).toMatchObject({ status: 'succeeded', stats: { date: '2026-11-22', files: EXPORT_DATASETS.length * 2, prunedDays: 1, tombstonesDeleted: 1 } });

    const day = path.join(exportDir, '2026-11-22');
    const manifest = JSON.parse(await fs.readFile(path.join(day, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ schemaVersion: 1, date: '2026-11-22', failures: [] });
    expect(manifest.files).toHaveLength(EXPORT_DATASETS.length * 2);
    for (const file of manifest.files) {
      const bytes = await fs.readFile(path.join(day, file.file));
      expect({ file: file.file, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') }).toEqual({ file: file.file, bytes: file.bytes, sha256: file.sha256 });
      expect(file.cursor).toMatch(/^c1\./);
      expect(file.columns.at(-1)).toEqual({ name: '_op', type: 'text' });
    }
    const accounts = manifest.files.find((file: { file: string }) => file.file === 'accounts.parquet');
    expect(accounts.rows).toBe(1);
    expect(accounts.columns).toContainEqual({ name: 'arr', type: 'decimal(14,2)' });
    const read = await readWithDuckDb<{ name: string; arr: number }>(await fs.readFile(path.join(day, 'accounts.parquet')), 'parquet', 'SELECT name, arr::double AS arr FROM t');
    expect(read).toEqual([{ name: 'Drop, "Co"', arr: 1234.5 }]);
    expect((await fs.readdir(day)).filter((name) => name.includes('.tmp'))).toEqual([]);
    expect((await fs.readdir(exportDir)).sort()).toEqual(['2026-11-21', '2026-11-22']);

    // The manifest's cursor continues incrementally.
    await createAccount(t, { name: 'After the drop' });
    const since = await request(t.server).get('/api/v1/exports/accounts').query({ since: accounts.cursor }).set(auth(t.adminKey)).expect(200);
    expect(since.text).toContain('After the drop');
    expect(since.text).not.toContain('Drop, ""Co""');
  });
});
