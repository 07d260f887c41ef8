import { Client, Pool, PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import { calendarDayIn } from '../common/clock';
import { buildDemoDataset, DEMO_EXTERNAL_ID_PREFIX, DemoDataset } from './demo-dataset';
import { writeDemoReviews } from './demo-reviews';
import { buildDemoSignals } from './demo-signals';
import { DemoSignalCounts, writeDemoSignals } from './demo-signals-sql';

export const DEFAULT_DEMO_SEED = 20261122;

export interface LoadDemoDataOptions {
  /** Same seed, same data (default DEFAULT_DEMO_SEED). */
  seed?: number;
  /** The day the data is built around, `YYYY-MM-DD` (default: today in UTC). */
  asOf?: string;
  /** Currency the FX rates convert into (default USD). */
  reportingCurrency?: string;
  /** Number of accounts (default 200). */
  accounts?: number;
}

export interface DemoLoadResult {
  seed: number;
  asOf: string;
  /** True when demo accounts were already present, from this seed or another: nothing was written. */
  alreadyLoaded: boolean;
  /** Rows written by this call; a second call with the same seed writes none. */
  inserted: { segments: number; features: number; managers: number; accounts: number; appIds: number; history: number; assignments: number; fxRates: number } & DemoSignalCounts;
  /** Wall time of the load, in milliseconds. */
  elapsedMs: number;
}

/** A TypeORM data source, a pg pool, or a connected pg client. */
export type DemoDatabase = DataSource | Pool | Client | PoolClient;

type Queryable = Pick<Client, 'query'>;

/**
 * Loads the demo installation straight into the tables, in one transaction of set-based
 * statements. Idempotent: demo accounts (external ids `demo-…`) mark a loaded installation, and a
 * later call, whatever its seed, writes nothing. Within a load every row is also keyed by its
 * natural key (feature key, manager email, account external id, app id, FX day) and skipped when
 * present, and links are written only for the accounts and managers this call inserted.
 */
const NOTHING_INSERTED: DemoLoadResult['inserted'] = {
  segments: 0,
  features: 0,
  managers: 0,
  accounts: 0,
  appIds: 0,
  history: 0,
  assignments: 0,
  fxRates: 0,
  usage: 0,
  adoption: 0,
  tickets: 0,
  touchpoints: 0,
  nps: 0,
  outcomes: 0,
};

export async function loadDemoData(db: DemoDatabase, options: LoadDemoDataOptions = {}): Promise<DemoLoadResult> {
  const started = Date.now();
  const dataset = buildDemoDataset({
    seed: options.seed ?? DEFAULT_DEMO_SEED,
    asOf: options.asOf ?? calendarDayIn(new Date(), 'UTC'),
    reportingCurrency: options.reportingCurrency,
    accounts: options.accounts,
  });
  const inserted = await withClient(db, (client) => inTransaction(client, () => writeDataset(client, dataset)));
  return { seed: dataset.seed, asOf: dataset.asOf, alreadyLoaded: inserted === null, inserted: inserted ?? NOTHING_INSERTED, elapsedMs: Date.now() - started };
}

async function withClient<T>(db: DemoDatabase, work: (client: Queryable) => Promise<T>): Promise<T> {
  if (db instanceof DataSource) {
    const runner = db.createQueryRunner();
    try {
      return await work((await runner.connect()) as PoolClient);
    } finally {
      await runner.release();
    }
  }
  if (db instanceof Pool) {
    const client = await db.connect();
    try {
      return await work(client);
    } finally {
      client.release();
    }
  }
  return work(db);
}

async function inTransaction<T>(client: Queryable, work: () => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  try {
    const result = await work();
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}

async function count(client: Queryable, sql: string, params: unknown[]): Promise<{ rows: Record<string, string>[]; count: number }> {
  const result = await client.query(sql, params);
  return { rows: result.rows as Record<string, string>[], count: result.rowCount ?? 0 };
}

/** Each statement takes its rows as one JSON array, unpacked with jsonb_to_recordset: one round trip per table. */
async function writeDataset(client: Queryable, dataset: DemoDataset): Promise<DemoLoadResult['inserted'] | null> {
  // Two loaders running at once take turns; the second then finds the marker.
  await client.query(`SELECT pg_advisory_xact_lock(hashtext('demo-data'))`);
  const marker = await client.query(`SELECT EXISTS (SELECT 1 FROM accounts WHERE external_id LIKE $1) AS loaded`, [`${DEMO_EXTERNAL_ID_PREFIX}%`]);
  if ((marker.rows[0] as { loaded: boolean }).loaded) return null;

  const segments = await count(
    client,
    `INSERT INTO segments (key, name, rank)
     SELECT key, name, rank FROM jsonb_to_recordset($1::jsonb) AS s(key text, name text, rank int)
     ON CONFLICT DO NOTHING`,
    [JSON.stringify(dataset.segments)],
  );

  const features = await count(
    client,
    `INSERT INTO features (key, product, name, description, prerequisites, eligible_segments, use_cases, documentation_url, guide_url, training_url)
     SELECT f.key, f.product, f.name, f.description,
            ARRAY(SELECT jsonb_array_elements_text(f.prerequisites)), ARRAY(SELECT jsonb_array_elements_text(f."eligibleSegments")),
            ARRAY(SELECT jsonb_array_elements_text(f."useCases")), f."documentationUrl", f."guideUrl", f."trainingUrl"
     FROM jsonb_to_recordset($1::jsonb) AS f(key text, product text, name text, description text, prerequisites jsonb, "eligibleSegments" jsonb, "useCases" jsonb, "documentationUrl" text, "guideUrl" text, "trainingUrl" text)
     ON CONFLICT DO NOTHING`,
    [JSON.stringify(dataset.features)],
  );

  const managers = await count(
    client,
    `INSERT INTO managers (id, name, email, role, timezone, capacity, active)
     SELECT m.id, m.name, m.email, m.role, m.timezone, m.capacity, true
     FROM jsonb_to_recordset($1::jsonb) AS m(id uuid, name text, email text, role text, timezone text, capacity int)
     ON CONFLICT DO NOTHING
     RETURNING email`,
    [JSON.stringify(dataset.managers)],
  );
  const newManagerEmails = managers.rows.map((row) => row.email);
  await client.query(
    `UPDATE managers m SET lead_id = lead.id
     FROM jsonb_to_recordset($1::jsonb) AS r(email text, "leadEmail" text)
     JOIN managers lead ON lead.email = r."leadEmail"
     WHERE m.email = r.email AND m.email = ANY($2::text[])`,
    [JSON.stringify(dataset.managers.filter((manager) => manager.leadEmail !== null)), newManagerEmails],
  );

  const accountRows = dataset.accounts.map((account) => ({
    id: account.id,
    externalId: account.externalId,
    name: account.name,
    segment: account.segment,
    industry: account.industry,
    region: account.region,
    timezone: account.timezone,
    appIds: account.appIds,
    isTest: account.isTest,
    billingModel: account.billingModel,
    commitAmount: account.commitAmount,
    commitPeriod: account.commitPeriod,
    autoRenew: account.autoRenew,
    renewalDate: account.renewalDate,
    arr: account.arr,
    currency: account.currency,
    supportPlan: account.supportPlan,
    products: account.products,
    useCases: account.useCases,
    lifecycleStage: account.lifecycleStage,
    attributes: account.attributes,
    createdAt: account.createdAt,
  }));
  const accounts = await count(
    client,
    `INSERT INTO accounts (id, external_id, name, segment, industry, region, timezone, app_ids, is_test, billing_model, commit_amount, commit_period,
                           auto_renew, renewal_date, arr, currency, support_plan, products, use_cases, lifecycle_stage, attributes, created_at, updated_at)
     SELECT a.id, a."externalId", a.name, a.segment, a.industry, a.region, a.timezone, ARRAY(SELECT jsonb_array_elements_text(a."appIds")), a."isTest",
            a."billingModel", a."commitAmount", a."commitPeriod", a."autoRenew", a."renewalDate", a.arr, a.currency, a."supportPlan",
            ARRAY(SELECT jsonb_array_elements_text(a.products)), ARRAY(SELECT jsonb_array_elements_text(a."useCases")), a."lifecycleStage", a.attributes,
            a."createdAt", a."createdAt"
     FROM jsonb_to_recordset($1::jsonb) AS a(id uuid, "externalId" text, name text, segment text, industry text, region text, timezone text, "appIds" jsonb,
          "isTest" boolean, "billingModel" text, "commitAmount" numeric, "commitPeriod" text, "autoRenew" boolean, "renewalDate" date, arr numeric,
          currency text, "supportPlan" text, products jsonb, "useCases" jsonb, "lifecycleStage" text, attributes jsonb, "createdAt" timestamptz)
     ON CONFLICT DO NOTHING
     RETURNING external_id`,
    [JSON.stringify(accountRows)],
  );
  const newExternalIds = accounts.rows.map((row) => row.external_id);

  await client.query(
    `UPDATE accounts child SET parent_id = parent.id
     FROM jsonb_to_recordset($1::jsonb) AS r("externalId" text, "parentExternalId" text)
     JOIN accounts parent ON parent.external_id = r."parentExternalId"
     WHERE child.external_id = r."externalId" AND child.external_id = ANY($2::text[])`,
    [JSON.stringify(dataset.accounts.filter((account) => account.parentExternalId !== null).map(({ externalId, parentExternalId }) => ({ externalId, parentExternalId }))), newExternalIds],
  );

  const appIds = await count(
    client,
    `INSERT INTO account_app_ids (app_id, account_id)
     SELECT app.app_id, a.id FROM accounts a CROSS JOIN LATERAL unnest(a.app_ids) AS app(app_id)
     WHERE a.external_id = ANY($1::text[])
     ON CONFLICT DO NOTHING`,
    [newExternalIds],
  );

  const historyRows = dataset.accounts.flatMap((account) => [
    ...account.history.map((version) => ({ externalId: account.externalId, validFrom: version.validFrom, validTo: version.validTo, ...version.terms })),
    {
      externalId: account.externalId,
      validFrom: account.currentFrom,
      validTo: null,
      segment: account.segment,
      arr: account.arr,
      currency: account.currency,
      billingModel: account.billingModel,
      commitAmount: account.commitAmount,
      commitPeriod: account.commitPeriod,
      autoRenew: account.autoRenew,
      renewalDate: account.renewalDate,
      supportPlan: account.supportPlan,
      products: account.products,
      useCases: account.useCases,
      attributes: account.attributes,
    },
  ]);
  const history = await count(
    client,
    `INSERT INTO account_history (account_id, valid_from, valid_to, segment, arr, currency, billing_model, commit_amount, commit_period, auto_renew,
                                  renewal_date, support_plan, products, use_cases, attributes)
     SELECT a.id, h."validFrom", h."validTo", h.segment, h.arr, h.currency, h."billingModel", h."commitAmount", h."commitPeriod", h."autoRenew",
            h."renewalDate", h."supportPlan", ARRAY(SELECT jsonb_array_elements_text(h.products)), ARRAY(SELECT jsonb_array_elements_text(h."useCases")), h.attributes
     FROM jsonb_to_recordset($1::jsonb) AS h("externalId" text, "validFrom" timestamptz, "validTo" timestamptz, segment text, arr numeric, currency text,
          "billingModel" text, "commitAmount" numeric, "commitPeriod" text, "autoRenew" boolean, "renewalDate" date, "supportPlan" text, products jsonb,
          "useCases" jsonb, attributes jsonb)
     JOIN accounts a ON a.external_id = h."externalId"
     WHERE a.external_id = ANY($2::text[])
     ON CONFLICT DO NOTHING`,
    [JSON.stringify(historyRows), newExternalIds],
  );

  const assignments = await count(
    client,
    `INSERT INTO account_assignments (account_id, manager_id, role, started_at, ended_at)
     SELECT a.id, m.id, r.role, r."startedAt", r."endedAt"
     FROM jsonb_to_recordset($1::jsonb) AS r("accountExternalId" text, "managerEmail" text, role text, "startedAt" timestamptz, "endedAt" timestamptz)
     JOIN accounts a ON a.external_id = r."accountExternalId"
     JOIN managers m ON m.email = r."managerEmail"
     WHERE a.external_id = ANY($2::text[])
     ON CONFLICT DO NOTHING`,
    [JSON.stringify(dataset.assignments), newExternalIds],
  );

  const fxRates = await count(
    client,
    `INSERT INTO fx_rates (date, currency, rate)
     SELECT r.date, r.currency, r.rate FROM jsonb_to_recordset($1::jsonb) AS r(date date, currency text, rate numeric)
     ON CONFLICT DO NOTHING`,
    [JSON.stringify(dataset.fxRates)],
  );

  // Signals (usage, adoption, tickets, touchpoints, NPS, outcomes) for the accounts inserted above.
  const signals = await writeDemoSignals(client, buildDemoSignals(dataset), dataset.asOf, newExternalIds);
  await writeDemoReviews(client, dataset.asOf, newExternalIds);

  return {
    ...signals,
    segments: segments.count,
    features: features.count,
    managers: managers.count,
    accounts: accounts.count,
    appIds: appIds.count,
    history: history.count,
    assignments: assignments.count,
    fxRates: fxRates.count,
  };
}
