import request from 'supertest';
import { EXPORT_DATASET_NAMES } from '../../src/exports/export-datasets';
import { assign, auth, createAccount, createManager } from '../accounts/fixtures';
import { startTestApp, TestApp } from '../support/test-app';
import { describeWithDuckDb, Format, pull, readWithDuckDb } from './export-reader';

const FORMATS: Format[] = ['csv', 'ndjson', 'parquet'];
/** A name that breaks naive CSV and encodings: comma, quotes, newlines, non-ASCII. */
const TRICKY_NAME = 'Acme, "Quoted" Ltd\nsecond line\r\nZürich – 東京 🚀 back\\slash';

/** A numeric column per dataset whose sum is compared with the database (null: count only). */
const SUM_COLUMNS: Record<string, string | null> = {
  accounts: 'arr',
  account_history: 'arr',
  managers: 'capacity',
  assignments: null,
  usage_daily: 'value',
  feature_adoption: 'adoption_pct',
  tickets: 'first_response_minutes',
  outcomes: 'arr_change',
  health_scores: 'score',
  account_health: 'score',
  reviews: 'meeting_minutes',
  recommendations: 'score',
};

describe('BI exports: datasets, formats, roles', () => {
  let t: TestApp;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp();
    const lead = await createManager(t, { role: 'lead', name: 'Lead Lee' });
    const csm = await createManager(t, { role: 'csm', name: 'Casey, "CSM"', leadId: lead.id, capacity: 40 });
    const other = await createManager(t, { role: 'csm', name: 'Other Owen', capacity: 25 });
    ids.lead = lead.id;
    ids.csm = csm.id;
    ids.other = other.id;
    ids.tricky = (await createAccount(t, { name: TRICKY_NAME, arr: '1000.25' })).id;
    ids.plain = (await createAccount(t, { name: 'Plain Co', arr: '2000.50' })).id;
    ids.sandbox = (await createAccount(t, { name: 'Sandbox', isTest: true, arr: '999.00' })).id;
    await assign(t, ids.tricky, csm.id, 'csm');
    await assign(t, ids.plain, other.id, 'csm');
    await assign(t, ids.sandbox, csm.id, 'csm');
    const usage = [ids.tricky, ids.plain, ids.sandbox].flatMap((account, a) =>
      ['2026-11-01', '2026-11-02', '2026-11-03'].map((date, d) => ({ account, metric: 'video-minutes', date, value: 100 * (a + 1) + d + 0.5 })),
    );
    await request(t.server).post('/api/v1/usage').set(auth(t.adminKey)).send(usage).expect(200);
    const pool = t.db.pool;
    const product = (await pool.query<{ key: string }>('SELECT key FROM products ORDER BY key LIMIT 1')).rows[0].key;
    const features = (
      await pool.query<{ id: string }>(`INSERT INTO features (key, product, name) VALUES ('export-whiteboard', $1, 'Whiteboard'), ('export-recording', $1, 'Recording') RETURNING id`, [product])
    ).rows;
    for (const account of [ids.tricky, ids.plain, ids.sandbox]) {
      await pool.query(
        `INSERT INTO feature_adoption_daily (account_id, feature_id, day, active_users, eligible_users, adoption_pct) VALUES ($1, $2, '2026-11-01', 5, 10, 50), ($1, $3, '2026-11-01', 1, 10, 10)`,
        [account, features[0].id, features[1].id],
      );
      await pool.query(
        `INSERT INTO support_tickets (account_id, external_id, severity, status, subject, opened_at, first_response_at) VALUES ($1, 'T-' || gen_random_uuid(), 'P2', 'open', 'Login, "SSO"\nfails', '2026-11-01T08:00:00Z', '2026-11-01T08:45:00Z')`,
        [account],
      );
      await pool.query(`INSERT INTO outcomes (account_id, kind, date, arr_change, currency) VALUES ($1, 'expanded', '2026-10-01', 1500.75, 'USD')`, [account]);
      const components = JSON.stringify([
        { key: 'usage-trend', label: 'Usage trend', score: 80.5, weight: 25 },
        { key: 'support', label: 'Support', score: null, weight: 15 },
      ]);
      await pool.query(
        `INSERT INTO health_daily_scores (account_id, day, run_id, model_id, model_version, score, band, coverage, components, drivers, computed_at)
         VALUES ($1, '2026-11-02', gen_random_uuid(), gen_random_uuid(), 1, 71.5, 'yellow', 0.8, $2, '{}', '2026-11-02T03:00:00Z'),
                ($1, '2026-11-03', gen_random_uuid(), gen_random_uuid(), 1, 72.5, 'yellow', 0.8, $2, '{}', '2026-11-03T03:00:00Z')`,
        [account, components],
      );
      await pool.query(
        `INSERT INTO account_health_current (account_id, run_id, model_id, model_version, as_of, score, band, coverage, components, drivers, change, computed_at)
         VALUES ($1, gen_random_uuid(), gen_random_uuid(), 1, '2026-11-03', 72.5, 'yellow', 0.8, $2, '{}', '{"sinceWeekAgo": {"change": -3.5}}', '2026-11-03T03:00:00Z')`,
        [account, components],
      );
      await pool.query(`INSERT INTO business_reviews (account_id, kind, slot, due_date, meeting_minutes) VALUES ($1, 'QBR', '2026-Q4', '2026-12-15', 60)`, [account]);
      await pool.query(
        `INSERT INTO account_recommendations (account_id, feature_id, rank, score, rationale, evidence, as_of, computed_at) VALUES ($1, $2, 1, 66.5, 'Peers, "like you"', '{}', '2026-11-03', '2026-11-03T04:00:00Z')`,
        [account, features[1].id],
      );
      await pool.query(`INSERT INTO alerts (account_id, kind, severity, title, facts, source_ref, opened_at) VALUES ($1, 'score_fell', 'high', 'Score fell', '{}', 'x-' || gen_random_uuid(), '2026-11-03T03:00:00Z')`, [account]);
    }
  });

  afterAll(async () => t.close());

  async function databaseFigures(dataset: string): Promise<{ rows: number; sum: number | null }> {
    const column = SUM_COLUMNS[dataset];
    const result = await t.db.pool.query(`SELECT count(*)::int AS rows, ${column ? `sum("${column}")::float8` : 'NULL::float8'} AS sum FROM bi."${dataset}"`);
    return result.rows[0];
  }

  it('lists a sum column for every dataset', () => {
    expect(Object.keys(SUM_COLUMNS).sort()).toEqual([...EXPORT_DATASET_NAMES].sort());
  });

  for (const dataset of EXPORT_DATASET_NAMES) {
    it(`${dataset}: CSV, NDJSON and Parquet read back by DuckDB match the database in rows and sums`, async () => {
      const expected = await databaseFigures(dataset);
      expect(expected.rows).toBeGreaterThan(0);
      const column = SUM_COLUMNS[dataset];
      for (const format of FORMATS) {
        const answer = await pull(t, dataset, { format });
        expect(answer.status).toBe(200);
        expect(answer.cursor).toMatch(/^c1\./);
        const [read] = await readWithDuckDb<{ rows: number; sum: number | null; ops: string }>(
          answer.body,
          format,
          `SELECT count(*)::int AS rows, ${column ? `sum("${column}")::double` : 'NULL'} AS sum, string_agg(DISTINCT _op, ',') AS ops FROM t`,
        );
        expect({ format, rows: read.rows, ops: read.ops }).toEqual({ format, rows: expected.rows, ops: 'upsert' });
        if (column) expect(read.sum).toBeCloseTo(expected.sum!, 6);
      }
    });
  }

  it('round-trips names with commas, quotes, newlines and non-ASCII characters in every format', async () => {
    for (const format of FORMATS) {
      const answer = await pull(t, 'accounts', { format });
      const rows = await readWithDuckDb<{ name: string }>(answer.body, format, `SELECT name FROM t WHERE id = '${ids.tricky}'`);
      expect({ format, name: rows[0]?.name }).toEqual({ format, name: TRICKY_NAME });
    }
    const csv = (await pull(t, 'tickets', { format: 'csv' })).body.toString('utf8');
    expect(csv.split('\n')[0]).toMatch(/^account_id,id,external_id,severity,status,subject,/);
    expect(csv).toContain('"Login, ""SSO""\nfails"');
  });

  it('gives Parquet typed columns and CSV ISO-8601 UTC instants', async () => {
    const types = await describeWithDuckDb((await pull(t, 'account_health', { format: 'parquet' })).body, 'parquet');
    expect(types).toMatchObject({ account_id: 'UUID', score: 'DECIMAL(5,1)', arr_reporting: 'DECIMAL(16,2)', renewal_date: 'DATE', open_alerts: 'INTEGER', computed_at: 'TIMESTAMP WITH TIME ZONE', usage_trend_score: 'DOUBLE' });
    const accounts = await describeWithDuckDb((await pull(t, 'accounts', { format: 'parquet' })).body, 'parquet');
    expect(accounts).toMatchObject({ products: 'VARCHAR[]', attributes: 'JSON', is_test: 'BOOLEAN', arr: 'DECIMAL(14,2)' });
    const csv = (await pull(t, 'health_scores', { format: 'csv' })).body.toString('utf8');
    expect(csv).toContain('2026-11-03 03:00:00+00');
    const ndjson = (await pull(t, 'health_scores', { format: 'ndjson' })).body.toString('utf8').trim().split('\n').map((line) => JSON.parse(line));
    expect(ndjson[0]).toMatchObject({ band: 'yellow', usage_trend_score: 80.5, support_score: null, _op: 'upsert' });
    expect(ndjson.map((row) => row.computed_at)).toContain('2026-11-03T03:00:00+00:00');
  });

  it('flattens account health: team, alerts, adoption breadth, next review, ARR in reporting currency', async () => {
    const rows = (await pull(t, 'account_health', { format: 'ndjson' })).body.toString('utf8').trim().split('\n').map((line) => JSON.parse(line));
    const tricky = rows.find((row) => row.account_id === ids.tricky);
    expect(tricky).toMatchObject({
      name: TRICKY_NAME,
      score: 72.5,
      band: 'yellow',
      change_7_days: -3.5,
      usage_trend_score: 80.5,
      csm_id: ids.csm,
      csm_name: 'Casey, "CSM"',
      open_alerts: 1,
      adopted_features: 1,
      tracked_features: 2,
      next_review_due_date: '2026-12-15',
      next_review_kind: 'QBR',
      arr: 1000.25,
      arr_reporting: 1000.25,
      reporting_currency: 'USD',
    });
  });

  it('leaves test accounts out unless includeTest=true', async () => {
    const without = await readWithDuckDb<{ id: string }>((await pull(t, 'accounts', { format: 'csv' })).body, 'csv', 'SELECT id FROM t');
    expect(without.map((row) => row.id)).not.toContain(ids.sandbox);
    const usage = await readWithDuckDb<{ n: number }>((await pull(t, 'usage_daily', { format: 'csv', includeTest: 'true' })).body, 'csv', `SELECT count(*)::int AS n FROM t WHERE account_id = '${ids.sandbox}'`);
    expect(usage[0].n).toBe(3);
  });

  it('gives csm and lead keys only their scope, bi and manager everything, other roles 403', async () => {
    const csmKey = await t.keyFor('csm', ids.csm);
    const leadKey = await t.keyFor('lead', ids.lead);
    for (const [key, accounts, managers] of [
      [csmKey, [ids.tricky], [ids.csm]],
      [leadKey, [ids.tricky], [ids.csm, ids.lead]],
      [await t.keyFor('bi'), [ids.tricky, ids.plain], [ids.csm, ids.lead, ids.other]],
      [await t.keyFor('manager'), [ids.tricky, ids.plain], [ids.csm, ids.lead, ids.other]],
    ] as [string, string[], string[]][]) {
      const usage = await readWithDuckDb<{ account_id: string }>((await pull(t, 'usage_daily', { format: 'csv' }, key)).body, 'csv', 'SELECT DISTINCT account_id::varchar AS account_id FROM t');
      expect(usage.map((row) => row.account_id).sort()).toEqual([...accounts].sort());
      const health = await readWithDuckDb<{ account_id: string }>((await pull(t, 'account_health', { format: 'parquet' }, key)).body, 'parquet', 'SELECT account_id::varchar AS account_id FROM t');
      expect(health.map((row) => row.account_id).sort()).toEqual([...accounts].sort());
      const people = await readWithDuckDb<{ id: string }>((await pull(t, 'managers', { format: 'ndjson' }, key)).body, 'ndjson', 'SELECT id::varchar AS id FROM t');
      expect(people.map((row) => row.id).sort()).toEqual([...managers].sort());
    }
    const ingest = await request(t.server).get('/api/v1/exports/accounts').set(auth(await t.keyFor('ingest')));
    expect(ingest.status).toBe(403);
    expect(ingest.headers['content-type']).toMatch(/application\/problem\+json/);
  });

  it.each([
    ['an unknown dataset', '/api/v1/exports/invoices', 404],
    ['an unknown format', '/api/v1/exports/accounts?format=xlsx', 400],
    ['a since that is not a cursor', '/api/v1/exports/accounts?since=2026-11-01', 400],
    ['a forged cursor', `/api/v1/exports/accounts?since=c1.${Buffer.from('{"s":"1:1:","f":"x","t":"2026-01-01T00:00:00Z"}').toString('base64url')}`, 400],
    ['a cursor from the future (another server)', '/api/v1/exports/usage_daily?since=FUTURE', 400],
    ['an until that is not a date', '/api/v1/exports/usage_daily?until=yesterday', 400],
    ['an until that is not a calendar day', '/api/v1/exports/usage_daily?until=2026-02-30', 400],
    ['an until in year 0', '/api/v1/exports/usage_daily?until=0000-01-01', 400],
    ['an until with a 60th second', '/api/v1/exports/usage_daily?until=2026-01-01T10:00:60Z', 400],
    ['includeTest that is not a boolean', '/api/v1/exports/accounts?includeTest=yes', 400],
    ['an unknown parameter', '/api/v1/exports/accounts?limit=5', 400],
  ])('answers %s with a problem', async (_name, url, status) => {
    let target = url;
    if (url.includes('FUTURE')) {
      const real = (await pull(t, 'usage_daily', { format: 'csv' })).cursor;
      const decoded = JSON.parse(Buffer.from(real.slice(3), 'base64url').toString('utf8'));
      decoded.s = '900000000:900000001:';
      target = url.replace('FUTURE', `c1.${Buffer.from(JSON.stringify(decoded)).toString('base64url')}`);
    }
    const response = await request(t.server).get(target).set(auth(t.adminKey));
    expect(response.status).toBe(status);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
  });

  it('refuses a cursor of another dataset or filter', async () => {
    const cursor = (await pull(t, 'usage_daily', { format: 'csv' })).cursor;
    expect((await pull(t, 'outcomes', { format: 'csv', since: cursor })).status).toBe(400);
    expect((await pull(t, 'usage_daily', { format: 'csv', since: cursor, includeTest: 'true' })).status).toBe(400);
    expect((await pull(t, 'usage_daily', { format: 'csv', since: cursor }, await t.keyFor('csm', ids.csm))).status).toBe(400);
    expect((await pull(t, 'usage_daily', { format: 'parquet', since: cursor })).status).toBe(200);
  });

  it('refuses a cursor older than the tombstone retention (30 days by default)', async () => {
    const real = (await pull(t, 'usage_daily', { format: 'csv' })).cursor;
    const decoded = JSON.parse(Buffer.from(real.slice(3), 'base64url').toString('utf8'));
    decoded.t = new Date(Date.parse(decoded.t) - 31 * 86_400_000).toISOString();
    const stale = `c1.${Buffer.from(JSON.stringify(decoded)).toString('base64url')}`;
    const answer = await pull(t, 'usage_daily', { format: 'csv', since: stale });
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body.toString('utf8')).detail).toMatch(/older than 30 days/);
  });

  it('bounds event days with until', async () => {
    const rows = await readWithDuckDb<{ day: string }>((await pull(t, 'usage_daily', { format: 'csv', until: '2026-11-02' })).body, 'csv', 'SELECT DISTINCT day::varchar AS day FROM t ORDER BY 1');
    expect(rows.map((row) => row.day)).toEqual(['2026-11-01', '2026-11-02']);
  });
});
