import request from 'supertest';
import { DataSource } from 'typeorm';
import { findPrerequisiteCycle } from '../../src/catalog/prerequisite-graph';
import { loadDemoData } from '../../src/demo/demo-data';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { startTestApp, TestApp } from '../support/test-app';

const AS_OF = '2026-11-22';

/** A digest of everything the loader writes, without columns the database fills with now() or random ids. */
async function contentDigest(db: TestDatabase): Promise<Record<string, string>> {
  const queries: Record<string, string> = {
    features: `SELECT key, product, name, prerequisites, eligible_segments, use_cases, documentation_url, guide_url, training_url FROM features ORDER BY key`,
    managers: `SELECT m.id, m.name, m.email, m.role, m.timezone, m.capacity, lead.email AS lead FROM managers m LEFT JOIN managers lead ON lead.id = m.lead_id ORDER BY m.email`,
    accounts: `SELECT a.id, a.external_id, a.name, a.segment, a.industry, a.region, a.timezone, p.external_id AS parent, a.app_ids, a.is_test, a.billing_model,
                      a.commit_amount, a.commit_period, a.auto_renew, a.renewal_date, a.arr, a.currency, a.support_plan, a.products, a.use_cases,
                      a.lifecycle_stage, a.attributes, a.created_at
               FROM accounts a LEFT JOIN accounts p ON p.id = a.parent_id ORDER BY a.external_id`,
    history: `SELECT a.external_id, h.valid_from, h.valid_to, h.segment, h.arr, h.currency, h.billing_model, h.products, h.attributes
              FROM account_history h JOIN accounts a ON a.id = h.account_id ORDER BY a.external_id, h.valid_from`,
    assignments: `SELECT a.external_id, m.email, s.role, s.started_at, s.ended_at FROM account_assignments s JOIN accounts a ON a.id = s.account_id
                  JOIN managers m ON m.id = s.manager_id ORDER BY a.external_id, s.role, s.started_at`,
    fxRates: `SELECT date, currency, rate FROM fx_rates ORDER BY date, currency`,
  };
  const digest: Record<string, string> = {};
  for (const [name, sql] of Object.entries(queries)) {
    const { rows } = await db.pool.query(`SELECT count(*)::int || ':' || coalesce(md5(string_agg(row_to_json(x)::text, '|')), '') AS digest FROM (${sql}) x`);
    digest[name] = rows[0].digest;
  }
  return digest;
}

async function scalar<T = number>(db: TestDatabase, sql: string, params: unknown[] = []): Promise<T> {
  const { rows } = await db.pool.query(sql, params);
  return Object.values(rows[0] as Record<string, T>)[0]!;
}

describe('demo data (e2e)', () => {
  let first: TestDatabase;
  let second: TestDatabase;

  beforeAll(async () => {
    [first, second] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  });
  afterAll(async () => {
    await Promise.all([first?.drop(), second?.drop()]);
  });

  it('loads about 200 accounts, 15 managers in two teams and 25 features, and a second run adds nothing', async () => {
    const result = await loadDemoData(first.pool, { seed: 7, asOf: AS_OF });
    expect(result).toMatchObject({ seed: 7, asOf: AS_OF, alreadyLoaded: false, inserted: { accounts: 200, managers: 15, features: 25 } });
    expect(result.inserted.assignments).toBeGreaterThan(200);
    expect(result.inserted.fxRates).toBeGreaterThan(0);
    expect(result.inserted.history).toBeGreaterThan(200);

    const before = await contentDigest(first);
    const again = await loadDemoData(first.pool, { seed: 7, asOf: AS_OF });
    const nothing = { segments: 0, features: 0, managers: 0, accounts: 0, appIds: 0, history: 0, assignments: 0, fxRates: 0 };
    expect(again).toMatchObject({ alreadyLoaded: true, inserted: nothing });
    // Another seed or day does not add a second demo on top of the first.
    expect(await loadDemoData(first.pool, { seed: 8, asOf: '2026-12-01' })).toMatchObject({ alreadyLoaded: true, inserted: nothing });
    expect(await contentDigest(first)).toEqual(before);
  });

  it('is deterministic: the same seed gives the same rows in another database, another seed other rows', async () => {
    await loadDemoData(second.pool, { seed: 7, asOf: AS_OF });
    expect(await contentDigest(second)).toEqual(await contentDigest(first));

    const other = await createTestDatabase();
    try {
      await loadDemoData(other.pool, { seed: 8, asOf: AS_OF });
      const otherDigest = await contentDigest(other);
      expect(otherDigest.accounts).not.toEqual((await contentDigest(first)).accounts);
      expect(otherDigest.accounts.startsWith('200:')).toBe(true);
    } finally {
      await other.drop();
    }
  });

  it('spreads accounts across segments, industries, regions, time zones, billing models and currencies', async () => {
    const distinct = async (column: string) => (await first.pool.query(`SELECT DISTINCT ${column} AS value FROM accounts WHERE NOT is_test ORDER BY 1`)).rows.map((row) => row.value);
    expect(await distinct('segment')).toEqual(['enterprise', 'growth', 'startup', 'strategic']);
    expect(await distinct('industry')).toEqual(['e-commerce-live', 'entertainment', 'online-education', 'social']);
    expect((await distinct('region')).length).toBeGreaterThanOrEqual(4);
    expect((await distinct('timezone')).length).toBeGreaterThanOrEqual(10);
    expect(await distinct('billing_model')).toEqual(['commit', 'payg']);
    expect((await distinct('currency')).length).toBeGreaterThanOrEqual(4);

    const sandboxes = await scalar(first, 'SELECT count(*)::int FROM accounts WHERE is_test');
    expect(sandboxes).toBeGreaterThanOrEqual(5);
    const organisations = await scalar(first, 'SELECT count(*)::int FROM (SELECT parent_id FROM accounts WHERE parent_id IS NOT NULL GROUP BY parent_id HAVING count(*) >= 2) o');
    expect(organisations).toBeGreaterThanOrEqual(5);
    // FX rates exist for every account currency but the reporting one, on the as-of day.
    const missingRates = await scalar(first, `SELECT count(DISTINCT currency)::int FROM accounts a WHERE currency <> 'USD' AND NOT EXISTS (SELECT 1 FROM fx_rates r WHERE r.currency = a.currency AND r.date = $1)`, [AS_OF]);
    expect(missingRates).toBe(0);
  });

  it('keeps the rules of the data model', async () => {
    // Terms: PAYG has no commit and no renewal; commits renew after the as-of day.
    expect(await scalar(first, `SELECT count(*)::int FROM accounts WHERE billing_model = 'payg' AND (commit_amount IS NOT NULL OR renewal_date IS NOT NULL)`)).toBe(0);
    expect(await scalar(first, `SELECT count(*)::int FROM accounts WHERE billing_model = 'commit' AND (commit_amount IS NULL OR renewal_date <= $1::date)`, [AS_OF])).toBe(0);
    // Catalog references resolve.
    expect(await scalar(first, `SELECT count(*)::int FROM accounts a, unnest(a.products) p WHERE NOT EXISTS (SELECT 1 FROM products WHERE key = p)`)).toBe(0);
    expect(await scalar(first, `SELECT count(*)::int FROM accounts a, unnest(a.use_cases) u WHERE NOT EXISTS (SELECT 1 FROM use_cases WHERE key = u)`)).toBe(0);
    expect(await scalar(first, `SELECT count(*)::int FROM features f, unnest(f.use_cases) u WHERE NOT EXISTS (SELECT 1 FROM use_cases WHERE key = u)`)).toBe(0);
    expect(await scalar(first, `SELECT count(*)::int FROM features f, unnest(f.eligible_segments) s WHERE NOT EXISTS (SELECT 1 FROM segments WHERE key = s)`)).toBe(0);
    const { rows: graph } = await first.pool.query<{ key: string; prerequisites: string[] }>('SELECT key, prerequisites FROM features');
    const prerequisites = new Map(graph.map((row) => [row.key, row.prerequisites]));
    for (const { key, prerequisites: needs } of graph) {
      expect(findPrerequisiteCycle(prerequisites, key)).toBeNull();
      for (const need of needs) expect(prerequisites.has(need)).toBe(true);
    }
    // App ids: unique across accounts and mirrored in account_app_ids.
    expect(await scalar(first, `SELECT count(*)::int FROM (SELECT app_id FROM accounts, unnest(app_ids) app_id GROUP BY app_id HAVING count(*) > 1) d`)).toBe(0);
    expect(await scalar(first, `SELECT count(*)::int FROM accounts, unnest(app_ids) app_id WHERE NOT EXISTS (SELECT 1 FROM account_app_ids x WHERE x.app_id = app_id AND x.account_id = accounts.id)`)).toBe(0);
    expect(await scalar(first, 'SELECT (SELECT count(*) FROM account_app_ids) = (SELECT count(*) FROM accounts, unnest(app_ids))')).toBe(true);
    // History: one open version per account, equal to the account's current terms.
    expect(await scalar(first, `SELECT count(*)::int FROM accounts a WHERE (SELECT count(*) FROM account_history h WHERE h.account_id = a.id AND h.valid_to IS NULL) <> 1`)).toBe(0);
    expect(
      await scalar(first, `SELECT count(*)::int FROM accounts a JOIN account_history h ON h.account_id = a.id AND h.valid_to IS NULL
                           WHERE (h.segment, h.arr, h.currency, h.billing_model, h.products, h.use_cases, h.attributes) IS DISTINCT FROM (a.segment, a.arr, a.currency, a.billing_model, a.products, a.use_cases, a.attributes)`),
    ).toBe(0);
    expect(await scalar(first, `SELECT count(DISTINCT account_id)::int FROM account_history WHERE valid_to IS NOT NULL`)).toBeGreaterThan(10);
    // Organisations are one level deep: no account is its own ancestor.
    expect(await scalar(first, `SELECT count(*)::int FROM accounts c JOIN accounts p ON p.id = c.parent_id WHERE p.parent_id IS NOT NULL`)).toBe(0);
  });

  it('staffs two teams with every manager and assignment role', async () => {
    const roles = (await first.pool.query(`SELECT role, count(*)::int AS n FROM managers GROUP BY role ORDER BY role`)).rows;
    expect(roles.map((row) => row.role)).toEqual(['ae', 'csm', 'exec', 'lead', 'se', 'tam']);
    const teams = (await first.pool.query(`SELECT lead.email, count(*)::int AS members FROM managers m JOIN managers lead ON lead.id = m.lead_id GROUP BY lead.email`)).rows;
    expect(teams).toHaveLength(2);
    expect(teams.every((team) => team.members >= 5)).toBe(true);

    const assignmentRoles = (await first.pool.query(`SELECT DISTINCT role FROM account_assignments ORDER BY role`)).rows.map((row) => row.role);
    expect(assignmentRoles).toEqual(['ae', 'backup_csm', 'csm', 'exec_sponsor', 'se', 'tam']);
    expect(await scalar(first, `SELECT count(*)::int FROM accounts a WHERE NOT is_test AND NOT EXISTS (SELECT 1 FROM account_assignments s WHERE s.account_id = a.id AND s.role = 'csm' AND s.ended_at IS NULL)`)).toBe(0);
    expect(await scalar(first, `SELECT count(*)::int FROM account_assignments WHERE ended_at IS NOT NULL`)).toBeGreaterThan(0);
    // Assignment roles match what the managers do.
    expect(
      await scalar(first, `SELECT count(*)::int FROM account_assignments s JOIN managers m ON m.id = s.manager_id
                           WHERE NOT (s.role = m.role OR (s.role = 'backup_csm' AND m.role = 'csm') OR (s.role = 'exec_sponsor' AND m.role IN ('exec', 'lead')))`),
    ).toBe(0);
  });

  it('loads through a TypeORM data source too, and the catalog API serves the demo features', async () => {
    const t: TestApp = await startTestApp({ db: second });
    try {
      const again = await loadDemoData(t.app.get(DataSource), { seed: 7, asOf: AS_OF });
      expect(again.inserted.accounts).toBe(0);
      const features = await request(t.server).get('/api/v1/features?limit=500').set({ Authorization: `Bearer ${t.adminKey}` }).expect(200);
      expect(features.body.items).toHaveLength(25);
      expect(features.body.items.find((item: { key: string }) => item.key === 'cai-ai-tutor')).toMatchObject({ product: 'conversational-ai', prerequisites: ['cai-voice-agent', 'video-basic-call'] });
    } finally {
      await t.app.close();
    }
  });

  it('lets only one of two concurrent loads write', async () => {
    const racing = await createTestDatabase();
    try {
      const results = await Promise.all([loadDemoData(racing.pool, { seed: 3, asOf: AS_OF }), loadDemoData(racing.pool, { seed: 3, asOf: AS_OF })]);
      expect(results.map((result) => result.alreadyLoaded).sort()).toEqual([false, true]);
      expect(await scalar(racing, 'SELECT count(*)::int FROM accounts')).toBe(200);
      expect(await scalar(racing, 'SELECT count(*)::int FROM managers')).toBe(15);
    } finally {
      await racing.drop();
    }
  });

  it('fails on a database that was not migrated, writing nothing', async () => {
    const empty = await createTestDatabase({ empty: true });
    try {
      await expect(loadDemoData(empty.pool, { seed: 7, asOf: AS_OF })).rejects.toThrow(/does not exist/);
    } finally {
      await empty.drop();
    }
  });
});
