import { Client } from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { findPrerequisiteCycle } from '../../src/catalog/prerequisite-graph';
import { FixedClock } from '../../src/common/clock';
import { loadDemoData } from '../../src/demo/demo-data';
import { buildDemoDataset } from '../../src/demo/demo-dataset';
import { buildDemoSignals } from '../../src/demo/demo-signals';
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
    usage: `SELECT a.external_id, u.metric, u.day, u.value, u.weight FROM usage_daily u JOIN accounts a ON a.id = u.account_id ORDER BY a.external_id, u.metric, u.day`,
    adoption: `SELECT a.external_id, f.key, d.day, d.active_users, d.eligible_users, d.adoption_pct FROM feature_adoption_daily d JOIN accounts a ON a.id = d.account_id
               JOIN features f ON f.id = d.feature_id ORDER BY a.external_id, f.key, d.day`,
    tickets: `SELECT t.id, a.external_id AS account, t.external_id, t.severity, t.status, t.status_history, t.subject, t.opened_at, t.first_response_at, t.resolved_at, t.escalation
              FROM support_tickets t JOIN accounts a ON a.id = t.account_id ORDER BY a.external_id, t.external_id`,
    touchpoints: `SELECT t.id, a.external_id AS account, t.external_id, t.kind, m.email, t.occurred_at, t.note FROM touchpoints t JOIN accounts a ON a.id = t.account_id
                  LEFT JOIN managers m ON m.id = t.manager_id ORDER BY a.external_id, t.external_id`,
    nps: `SELECT n.id, a.external_id AS account, n.external_id, n.score, n.respondent_name, n.respondent_email, n.respondent_role, n.comment, n.responded_at
          FROM nps_responses n JOIN accounts a ON a.id = n.account_id ORDER BY a.external_id, n.external_id`,
    outcomes: `SELECT o.id, a.external_id AS account, o.external_id, o.kind, o.date, o.arr_change, o.currency, o.note FROM outcomes o JOIN accounts a ON a.id = o.account_id
               ORDER BY a.external_id, o.external_id`,
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
  const loaderRole = `ah_demo_loader_${process.pid}`;
  afterAll(async () => {
    await second?.drop();
    await first?.pool.query(`DROP ROLE IF EXISTS ${loaderRole}`);
    await first?.drop();
  });

  it('loads about 200 accounts, 15 managers in two teams and 25 features, and a second run adds nothing', async () => {
    const result = await loadDemoData(first.pool, { seed: 7, asOf: AS_OF });
    console.log(`demo load: ${result.elapsedMs} ms, ${JSON.stringify(result.inserted)}`);
    expect(result).toMatchObject({ seed: 7, asOf: AS_OF, alreadyLoaded: false, inserted: { accounts: 200, managers: 15, features: 25 } });
    expect(result.inserted.assignments).toBeGreaterThan(200);
    expect(result.inserted.fxRates).toBeGreaterThan(0);
    expect(result.inserted.history).toBeGreaterThan(200);

    const before = await contentDigest(first);
    const again = await loadDemoData(first.pool, { seed: 7, asOf: AS_OF });
    const nothing = { segments: 0, features: 0, managers: 0, accounts: 0, appIds: 0, history: 0, assignments: 0, fxRates: 0, usage: 0, adoption: 0, tickets: 0, touchpoints: 0, nps: 0, outcomes: 0 };
    expect(again).toMatchObject({ alreadyLoaded: true, inserted: nothing });
    // Another seed or day does not add a second demo on top of the first.
    expect(await loadDemoData(first.pool, { seed: 8, asOf: '2026-12-01' })).toMatchObject({ alreadyLoaded: true, inserted: nothing });
    expect(await contentDigest(first)).toEqual(before);
  });

  it('is deterministic: the same seed gives the same rows in another database, another seed other rows', async () => {
    // The second database loads as a role without superuser rights, so the usage insert keeps its foreign-key triggers: same rows.
    await second.pool.query(`CREATE ROLE ${loaderRole} NOLOGIN; GRANT USAGE ON SCHEMA public TO ${loaderRole}; GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA public TO ${loaderRole}`);
    const client = new Client({ connectionString: second.url });
    await client.connect();
    try {
      await client.query(`SET ROLE ${loaderRole}`);
      expect((await client.query(`SELECT current_setting('is_superuser') AS superuser`)).rows[0].superuser).toBe('off');
      const result = await loadDemoData(client, { seed: 7, asOf: AS_OF });
      console.log(`demo load without superuser rights (foreign-key triggers on): ${result.elapsedMs} ms`);
    } finally {
      await client.end();
    }
    expect(await contentDigest(second)).toEqual(await contentDigest(first));

    const other = await createTestDatabase();
    try {
      await loadDemoData(other.pool, { seed: 8, asOf: AS_OF });
      const otherDigest = await contentDigest(other);
      const firstDigest = await contentDigest(first);
      for (const table of ['accounts', 'usage', 'adoption', 'tickets', 'touchpoints', 'nps', 'outcomes']) expect(otherDigest[table]).not.toEqual(firstDigest[table]);
      expect(otherDigest.accounts.startsWith('200:')).toBe(true);
    } finally {
      await other.drop();
    }
    // Three full demo loads (one without superuser rights, so with foreign-key triggers): ~30 s alone, minutes on a busy machine.
  }, 240_000);

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

  it('loads 400 days of usage and quality for the metrics of each account\'s products, ending on asOf', async () => {
    const counts = (await first.pool.query(`SELECT (SELECT count(*) FROM usage_daily)::int AS usage, (SELECT count(*) FROM feature_adoption_daily)::int AS adoption,
      (SELECT count(*) FROM support_tickets)::int AS tickets, (SELECT count(*) FROM touchpoints)::int AS touchpoints, (SELECT count(*) FROM nps_responses)::int AS nps,
      (SELECT count(*) FROM outcomes)::int AS outcomes`)).rows[0];
    expect(counts.usage).toBeGreaterThan(300_000);
    expect(counts.usage).toBeLessThan(1_000_000);
    expect(counts.adoption).toBeGreaterThan(10_000);
    expect(counts.adoption).toBeLessThan(150_000);
    expect(counts.tickets).toBeGreaterThan(500);
    expect(counts.tickets).toBeLessThan(5_000);
    expect(counts.touchpoints).toBeGreaterThan(1_000);
    expect(counts.touchpoints).toBeLessThan(6_000);
    expect(counts.nps).toBeGreaterThan(100);
    expect(counts.nps).toBeLessThan(1_000);
    expect(counts.outcomes).toBeGreaterThan(30);
    expect(counts.outcomes).toBeLessThan(400);

    // The window: at most 400 days ending on asOf, never before the account existed; organisations (containers) have none.
    const window = (await first.pool.query(`SELECT min(day)::text AS first, max(day)::text AS last, count(DISTINCT day)::int AS days FROM usage_daily`)).rows[0];
    expect(window).toEqual({ first: '2025-10-19', last: AS_OF, days: 400 });
    expect(await scalar(first, `SELECT count(*)::int FROM usage_daily u JOIN accounts a ON a.id = u.account_id WHERE u.day < a.created_at::date`)).toBe(0);
    expect(await scalar(first, `SELECT count(*)::int FROM usage_daily u JOIN accounts a ON a.id = u.account_id WHERE cardinality(a.app_ids) = 0`)).toBe(0);
    expect(await scalar(first, `SELECT count(*)::int FROM accounts a WHERE cardinality(a.app_ids) > 0 AND NOT EXISTS (SELECT 1 FROM usage_daily u WHERE u.account_id = a.id AND u.day = $1)`, [AS_OF])).toBe(0);
    // Every product's main metric is there; a metric of a product the account lacks is not.
    expect(await scalar(first, `SELECT count(*)::int FROM accounts a CROSS JOIN unnest(a.products) p JOIN products pr ON pr.key = p
                                WHERE cardinality(a.app_ids) > 0 AND NOT EXISTS (SELECT 1 FROM usage_daily u WHERE u.account_id = a.id AND u.metric = pr.main_metric)`)).toBe(0);
    expect(await scalar(first, `SELECT count(*)::int FROM usage_daily u JOIN accounts a ON a.id = u.account_id JOIN products pr ON pr.main_metric = u.metric
                                WHERE NOT pr.key = ANY(a.products)`)).toBe(0);
    // Ratio metrics carry a weight and stay within 0-1; the others carry none and are not negative.
    expect(await scalar(first, `SELECT count(*)::int FROM usage_daily u JOIN metrics m ON m.key = u.metric
                                WHERE (m.aggregation = 'ratio') <> (u.weight IS NOT NULL) OR u.value < 0 OR (m.aggregation = 'ratio' AND u.value > 1)`)).toBe(0);
  });

  it('shapes usage: weekly seasonality, school holidays, growing, flat, falling and dropped accounts, realistic quality', async () => {
    // Weekends: education is quieter, entertainment and social busier.
    const weekend = (await first.pool.query(`SELECT a.industry, avg(u.value) FILTER (WHERE extract(isodow FROM u.day) IN (6, 7)) / avg(u.value) FILTER (WHERE extract(isodow FROM u.day) BETWEEN 1 AND 4) AS ratio
      FROM usage_daily u JOIN accounts a ON a.id = u.account_id WHERE u.metric = 'daily-active-users' GROUP BY a.industry`)).rows;
    const byIndustry = Object.fromEntries(weekend.map((row) => [row.industry, Number(row.ratio)]));
    expect(byIndustry['online-education']).toBeLessThan(0.8);
    expect(byIndustry.entertainment).toBeGreaterThan(1.05);
    expect(byIndustry.social).toBeGreaterThan(1.05);
    // School terms: August weekdays carry far less than mid-September to mid-October weekdays, for education only.
    const terms = (await first.pool.query(`SELECT a.industry = 'online-education' AS education,
        sum(u.value) FILTER (WHERE u.day BETWEEN '2026-08-03' AND '2026-08-28') / sum(u.value) FILTER (WHERE u.day BETWEEN '2026-09-14' AND '2026-10-09') AS ratio
      FROM usage_daily u JOIN accounts a ON a.id = u.account_id
      WHERE u.metric = 'daily-active-users' AND extract(isodow FROM u.day) BETWEEN 1 AND 5 AND a.timezone NOT IN ('Australia/Sydney', 'America/Sao_Paulo') AND a.created_at < '2026-08-01'
      GROUP BY 1 ORDER BY 1`)).rows.map((row) => Number(row.ratio));
    expect(terms[1]).toBeLessThan(0.5);
    expect(terms[0]).toBeGreaterThan(0.8);
    // The last 90 days against the 90 before: some accounts grew, some stayed flat, some fell hard.
    const changes = (await first.pool.query(`SELECT sum(u.value) FILTER (WHERE u.day > $1::date - 90) / sum(u.value) FILTER (WHERE u.day <= $1::date - 90) AS ratio
      FROM usage_daily u JOIN accounts a ON a.id = u.account_id
      WHERE u.metric = 'daily-active-users' AND u.day > $1::date - 180 AND NOT a.is_test AND a.created_at < $1::date - 200 AND a.industry <> 'online-education'
      GROUP BY a.id`, [AS_OF])).rows.map((row) => Number(row.ratio));
    expect(changes.filter((ratio) => ratio > 1.15).length).toBeGreaterThanOrEqual(5);
    expect(changes.filter((ratio) => ratio > 0.93 && ratio < 1.07).length).toBeGreaterThanOrEqual(20);
    expect(changes.filter((ratio) => ratio < 0.75).length).toBeGreaterThanOrEqual(5);
    // Quality: join success mostly 0.97-0.995 and video freezes 1-6 %, with a few bad accounts.
    const quality = async (metric: string) =>
      (await first.pool.query(`SELECT sum(value * weight) / sum(weight) AS mean FROM usage_daily WHERE metric = $1 GROUP BY account_id`, [metric])).rows.map((row) => Number(row.mean));
    const joins = await quality('join-success-rate');
    expect(joins.filter((mean) => mean >= 0.965 && mean <= 0.995).length / joins.length).toBeGreaterThan(0.8);
    expect(joins.filter((mean) => mean < 0.96).length).toBeGreaterThanOrEqual(3);
    const freezes = await quality('video-freeze-rate');
    expect(freezes.filter((mean) => mean >= 0.01 && mean <= 0.06).length / freezes.length).toBeGreaterThan(0.75);
    expect(freezes.filter((mean) => mean > 0.06).length).toBeGreaterThanOrEqual(3);
  });

  it('has adoption histories that rise, tickets of every kind, touchpoints, NPS and outcomes that follow the rules', async () => {
    // Adoption: weekly snapshots of up to ten features per account, higher at the end than at the start for most.
    const perAccount = (await first.pool.query(`SELECT count(DISTINCT feature_id)::int AS features FROM feature_adoption_daily GROUP BY account_id`)).rows.map((row) => row.features);
    expect(Math.max(...perAccount)).toBeLessThanOrEqual(10);
    expect(perAccount.filter((features) => features >= 5).length / perAccount.length).toBeGreaterThan(0.6);
    const rising = (await first.pool.query(`SELECT (array_agg(adoption_pct ORDER BY day DESC))[1] > (array_agg(adoption_pct ORDER BY day))[1] AS rose
      FROM feature_adoption_daily GROUP BY account_id, feature_id`)).rows.map((row) => row.rose);
    expect(rising.filter(Boolean).length / rising.length).toBeGreaterThan(0.8);
    expect(await scalar(first, `SELECT count(*)::int FROM feature_adoption_daily d JOIN features f ON f.id = d.feature_id JOIN accounts a ON a.id = d.account_id
                                WHERE NOT f.product = ANY(a.products) OR round(d.active_users * 100.0 / d.eligible_users, 2) <> d.adoption_pct`)).toBe(0);

    // Tickets: every severity, status and escalation; the status is the last of its history; support plans have SLA policies.
    const distinct = async (sql: string) => (await first.pool.query(sql)).rows.map((row) => row.value);
    expect(await distinct(`SELECT DISTINCT severity AS value FROM support_tickets ORDER BY 1`)).toEqual(['P1', 'P2', 'P3', 'P4']);
    expect(await distinct(`SELECT DISTINCT status AS value FROM support_tickets ORDER BY 1`)).toEqual(['closed', 'open', 'resolved', 'waiting_on_customer']);
    expect(await distinct(`SELECT DISTINCT escalation AS value FROM support_tickets WHERE escalation IS NOT NULL ORDER BY 1`)).toEqual(['L1', 'L2', 'engineering']);
    expect(await scalar(first, `SELECT count(*)::int FROM support_tickets WHERE status <> status_history -> -1 ->> 'status' OR (status IN ('resolved', 'closed')) <> (resolved_at IS NOT NULL)
                                OR (status_history -> 0 ->> 'at')::timestamptz <> opened_at OR opened_at < $1::date - 180 OR GREATEST(opened_at, first_response_at, resolved_at) >= $1::date`, [AS_OF])).toBe(0);
    expect(await scalar(first, `SELECT count(*)::int FROM support_tickets t CROSS JOIN LATERAL jsonb_array_elements(t.status_history) WITH ORDINALITY h(change, n)
                                JOIN LATERAL (SELECT t.status_history -> (h.n::int) AS next) x ON true WHERE (x.next ->> 'at')::timestamptz < (h.change ->> 'at')::timestamptz`)).toBe(0);
    expect(await scalar(first, `SELECT count(*)::int FROM accounts a WHERE NOT EXISTS (SELECT 1 FROM sla_policies p WHERE p.support_plan = a.support_plan)`)).toBe(0);
    expect(await scalar(first, `SELECT count(*)::int FROM support_tickets WHERE status_history @> '[{"status": "waiting_on_customer"}]' AND status <> 'waiting_on_customer'`)).toBeGreaterThan(20);

    // Touchpoints of every kind by the account's CSMs; some paying accounts have had none in 90 days.
    expect(await distinct(`SELECT DISTINCT kind AS value FROM touchpoints ORDER BY 1`)).toEqual(['call', 'email', 'meeting', 'review_held']);
    expect(await scalar(first, `SELECT count(*)::int FROM touchpoints WHERE manager_id IS NULL OR occurred_at >= $1::date`, [AS_OF])).toBe(0);
    const quiet = await scalar(first, `SELECT count(*)::int FROM accounts a WHERE NOT a.is_test AND cardinality(a.app_ids) > 0
      AND EXISTS (SELECT 1 FROM touchpoints t WHERE t.account_id = a.id) AND NOT EXISTS (SELECT 1 FROM touchpoints t WHERE t.account_id = a.id AND t.occurred_at > $1::date - 90)`, [AS_OF]);
    expect(quiet).toBeGreaterThanOrEqual(5);

    // NPS: promoters, passives and detractors, from every role.
    const categories = (await first.pool.query(`SELECT count(*) FILTER (WHERE score >= 9)::int AS promoters, count(*) FILTER (WHERE score BETWEEN 7 AND 8)::int AS passives,
      count(*) FILTER (WHERE score <= 6)::int AS detractors FROM nps_responses`)).rows[0];
    expect(Math.min(categories.promoters, categories.passives, categories.detractors)).toBeGreaterThan(20);
    expect(await distinct(`SELECT DISTINCT respondent_role AS value FROM nps_responses ORDER BY 1`)).toEqual(['champion', 'decision_maker', 'influencer', 'other', 'user']);

    // Outcomes: renewals and expansions, contractions and churns among accounts whose usage fell.
    expect(await distinct(`SELECT DISTINCT kind AS value FROM outcomes ORDER BY 1`)).toEqual(['churned', 'contracted', 'expanded', 'renewed']);
    expect(await scalar(first, `SELECT count(*)::int FROM outcomes o JOIN accounts a ON a.id = o.account_id WHERE o.currency <> a.currency OR o.date >= $1::date`, [AS_OF])).toBe(0);
    const churnedUsage = (await first.pool.query(`SELECT sum(u.value) FILTER (WHERE u.day > $1::date - 14) / sum(u.value) FILTER (WHERE u.day BETWEEN $1::date - 197 AND $1::date - 170) * 2 AS ratio
      FROM outcomes o JOIN usage_daily u ON u.account_id = o.account_id AND u.metric = 'daily-active-users' WHERE o.kind = 'churned' GROUP BY o.account_id`, [AS_OF])).rows.map((row) => Number(row.ratio));
    expect(churnedUsage.length).toBeGreaterThan(0);
    for (const ratio of churnedUsage) expect(ratio).toBeLessThan(0.75);
  });

  it('flags the overnight drops and shows breached and paused tickets through the API', async () => {
    const t: TestApp = await startTestApp({ db: first, clock: new FixedClock(new Date(`${AS_OF}T06:00:00Z`)) });
    try {
      const auth = { Authorization: `Bearer ${t.adminKey}` };
      const ids = new Map((await first.pool.query(`SELECT external_id, id FROM accounts`)).rows.map((row) => [row.external_id, row.id]));
      const signals = buildDemoSignals(buildDemoDataset({ seed: 7, asOf: AS_OF }));
      const dropped = signals.profiles.filter((profile) => profile.shape === 'dropped');
      expect(dropped.length).toBeGreaterThanOrEqual(3);
      // Default asOf of the trends is yesterday; the drop is at least three days old, so it shows on both days.
      for (const profile of dropped) {
        const trends = await request(t.server).get(`/api/v1/accounts/${ids.get(profile.externalId)}/usage/trends`).set(auth).expect(200);
        const main = trends.body.metrics.filter((metric: { isMainMetric: boolean }) => metric.isMainMetric);
        expect(main.length).toBeGreaterThan(0);
        expect(main.every((metric: { dropped: boolean }) => metric.dropped)).toBe(true);
        expect(trends.body.metrics.find((metric: { metric: string }) => metric.metric === 'daily-active-users').dropped).toBe(true);
      }
      // Falling accounts decline steadily: no overnight drop (education left out: the summer holidays sit in the 90 days before).
      for (const profile of signals.profiles.filter((candidate) => candidate.shape === 'falling' && !candidate.schoolTerms).slice(0, 8)) {
        const trends = await request(t.server).get(`/api/v1/accounts/${ids.get(profile.externalId)}/usage/trends?asOf=${AS_OF}`).set(auth).expect(200);
        expect(trends.body.metrics.some((metric: { dropped: boolean }) => metric.dropped)).toBe(false);
        const dau = trends.body.metrics.find((metric: { metric: string }) => metric.metric === 'daily-active-users');
        expect(dau.last90.changePct).toBeLessThan(-10);
      }

      // Tickets with SLA states: find accounts with a breached and a paused ticket through the list.
      const withBreach = (await first.pool.query(`SELECT account_id FROM support_tickets WHERE severity IN ('P1', 'P2') AND first_response_at - opened_at > interval '8 hours' LIMIT 1`)).rows[0].account_id;
      const breached = await request(t.server).get(`/api/v1/accounts/${withBreach}/tickets?limit=200`).set(auth).expect(200);
      expect(breached.body.items.some((ticket: { sla: { firstResponse: { state: string } } }) => ticket.sla.firstResponse.state === 'breached')).toBe(true);
      const withPause = (await first.pool.query(`SELECT account_id FROM support_tickets WHERE status = 'waiting_on_customer' LIMIT 1`)).rows[0].account_id;
      const paused = await request(t.server).get(`/api/v1/accounts/${withPause}/tickets?limit=200`).set(auth).expect(200);
      expect(paused.body.items.some((ticket: { sla: { paused: boolean } }) => ticket.sla.paused)).toBe(true);
      // Every demo ticket has an SLA policy of its own plan (none falls back).
      const anyTickets = await request(t.server).get(`/api/v1/accounts/${withBreach}/tickets?limit=200`).set(auth).expect(200);
      expect(anyTickets.body.items.every((ticket: { sla: { policySource: string } | null }) => ticket.sla?.policySource === 'account')).toBe(true);
    } finally {
      await t.app.close();
    }
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
