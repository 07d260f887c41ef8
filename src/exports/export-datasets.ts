/**
 * What each export dataset is: its columns (with the types Parquet and the manifest announce), the
 * tables it reads, its key, and which row versions make one of its rows "changed". Pure: no Nest,
 * TypeORM or pg import; the repository turns these into SQL with `export-sql.ts`.
 *
 * Conventions of every dataset: column names in snake_case (as in the `bi` views), instants in UTC
 * as ISO-8601 (pulls run with TimeZone UTC: CSV `2026-11-22 04:41:38.123456+00`, the form Postgres
 * prints at COPY speed — formatting with to_char cost a third of the throughput; NDJSON
 * `2026-11-22T04:41:38.123456+00:00`), days as `YYYY-MM-DD`, arrays and objects as JSON, and a last column `_op`: `upsert` for a live row, `delete` for a tombstone (a deleted row,
 * or an archived account) that carries only the key columns.
 */

export type ExportColumnType =
  | 'uuid'
  | 'text'
  | 'date'
  | 'timestamptz'
  | 'integer'
  | 'double'
  | 'decimal(14,2)'
  | 'decimal(16,2)'
  | 'decimal(5,1)'
  | 'decimal(5,2)'
  | 'decimal(5,4)'
  | 'boolean'
  /** a JSON array of strings (Parquet: list of strings) */
  | 'text[]'
  /** any JSON value (Parquet: JSON-annotated string) */
  | 'json';

export interface ExportColumn {
  name: string;
  type: ExportColumnType;
  /** The SQL expression; aliases of the dataset's FROM clause are in scope. */
  sql: string;
  /** The expression the `bi` views use when it differs (views keep native timestamptz and arrays). */
  view?: string;
}

/** SQL pieces a dataset's query is built with: parameters the caller binds (`$n` placeholders). */
export interface DatasetSqlContext {
  /** today's date (`date`), for "next review" and currency rates */
  today: string;
  /** the instant of the pull (`timestamptz`), for SLA targets that are pending or breached by now */
  now: string;
  /** the reporting currency (`text`) */
  reportingCurrency: string;
  /** the adoption threshold in percent (`numeric`) */
  adoptionThresholdPct: string;
}

export interface TombstoneSource {
  /** The table whose DELETE statements record tombstones (see the Exports migration). */
  table: string;
}

export interface ExportDataset {
  name: string;
  description: string;
  /**
   * FROM clause. Datasets that need account columns join `accounts a`; the others do not (a
   * 10M-row export then filters test accounts with an anti-join on the few test accounts instead
   * of joining every row).
   */
  from: (context: DatasetSqlContext) => string;
  /** Whether `from` exposes the account as alias `a`. */
  joinsAccounts: boolean;
  /** The account a row belongs to (scope and test-account filters), or null (managers). */
  accountId: string | null;
  /** For `managers`: the manager a row is (csm and lead keys see themselves and their team). */
  managerId?: string;
  /** Key columns (by name): what a tombstone carries. */
  key: string[];
  columns: (context: DatasetSqlContext) => ExportColumn[];
  /**
   * Aliases whose row versions make the row changed (their `xmin` is compared with the cursor's
   * snapshot). Derived datasets add `changedAccounts` instead.
   */
  changeAliases: string[];
  /**
   * Rows whose exported values change by time passing alone, between the previous pull's instant
   * and this one's (SQL expressions): an incremental pull sends them too (tickets: a pending SLA
   * target whose due time passed is breached now).
   */
  changedByTime?: (previousPull: string, now: string) => string;
  /** Derived rows (account_health): tables whose changes, per account_id, change the account's row. */
  changedAccountsFrom?: { table: string; accountColumn: string }[];
  /** Full pulls and views keep only rows meeting this (accounts: not archived). */
  live?: string;
  /** In an incremental pull, a changed row meeting this is sent as a tombstone (an archive). */
  deletedWhen?: string;
  /** Tables whose deletions are tombstones of this dataset, keyed by `key`. */
  tombstones: TombstoneSource[];
  /** The row's event time or day, which `until` bounds (inclusive), or null. */
  eventTime: { sql: string; kind: 'date' | 'timestamptz' } | null;
}

const instant = (name: string, expression: string): ExportColumn => ({ name, type: 'timestamptz', sql: expression });
const col = (name: string, type: ExportColumnType, sql: string): ExportColumn => ({ name, type, sql });
const textArray = (name: string, expression: string): ExportColumn => ({ name, type: 'text[]', sql: `to_jsonb(${expression})`, view: expression });

/** The default model's components, flattened into `<key>_score` columns (other models' keys stay in `components`). */
export const FLATTENED_COMPONENTS = ['usage-trend', 'commit-pacing', 'call-quality', 'support', 'adoption', 'sentiment', 'relationship'] as const;

function componentScoreColumns(componentsExpression: string): ExportColumn[] {
  return FLATTENED_COMPONENTS.map((key) =>
    col(`${key.replace(/-/g, '_')}_score`, 'double', `(jsonb_path_query_first(${componentsExpression}, '$[*] ? (@.key == "${key}").score') #>> '{}')::float8`),
  );
}

const accountsDataset: ExportDataset = {
  name: 'accounts',
  description: 'Accounts with their commercial terms; an archived account is a tombstone.',
  from: () => 'accounts a',
  accountId: 'a.id',
  joinsAccounts: true,
  key: ['id'],
  columns: () => [
    col('id', 'uuid', 'a.id'),
    col('external_id', 'text', 'a.external_id'),
    col('name', 'text', 'a.name'),
    col('segment', 'text', 'a.segment'),
    col('industry', 'text', 'a.industry'),
    col('region', 'text', 'a.region'),
    col('timezone', 'text', 'a.timezone'),
    col('parent_id', 'uuid', 'a.parent_id'),
    textArray('app_ids', 'a.app_ids'),
    col('is_test', 'boolean', 'a.is_test'),
    col('billing_model', 'text', 'a.billing_model'),
    col('commit_amount', 'decimal(14,2)', 'a.commit_amount'),
    col('commit_period', 'text', 'a.commit_period'),
    col('auto_renew', 'boolean', 'a.auto_renew'),
    col('renewal_date', 'date', 'a.renewal_date'),
    col('arr', 'decimal(14,2)', 'a.arr'),
    col('currency', 'text', 'a.currency'),
    col('support_plan', 'text', 'a.support_plan'),
    textArray('products', 'a.products'),
    textArray('use_cases', 'a.use_cases'),
    col('lifecycle_stage', 'text', 'a.lifecycle_stage'),
    col('attributes', 'json', 'a.attributes'),
    instant('archived_at', 'a.archived_at'),
    instant('created_at', 'a.created_at'),
    instant('updated_at', 'a.updated_at'),
  ],
  changeAliases: ['a'],
  live: 'a.archived_at IS NULL',
  deletedWhen: 'a.archived_at IS NOT NULL',
  tombstones: [{ table: 'accounts' }],
  eventTime: null,
};

const accountHistoryDataset: ExportDataset = {
  name: 'account_history',
  description: 'Every version of an account\'s commercial terms, valid from/to.',
  from: () => 'account_history h',
  accountId: 'h.account_id',
  joinsAccounts: false,
  key: ['account_id', 'valid_from'],
  columns: () => [
    col('account_id', 'uuid', 'h.account_id'),
    instant('valid_from', 'h.valid_from'),
    instant('valid_to', 'h.valid_to'),
    col('segment', 'text', 'h.segment'),
    col('arr', 'decimal(14,2)', 'h.arr'),
    col('currency', 'text', 'h.currency'),
    col('billing_model', 'text', 'h.billing_model'),
    col('commit_amount', 'decimal(14,2)', 'h.commit_amount'),
    col('commit_period', 'text', 'h.commit_period'),
    col('auto_renew', 'boolean', 'h.auto_renew'),
    col('renewal_date', 'date', 'h.renewal_date'),
    col('support_plan', 'text', 'h.support_plan'),
    textArray('products', 'h.products'),
    textArray('use_cases', 'h.use_cases'),
    col('attributes', 'json', 'h.attributes'),
    instant('created_at', 'h.created_at'),
    instant('updated_at', 'h.updated_at'),
  ],
  changeAliases: ['h'],
  tombstones: [{ table: 'account_history' }],
  eventTime: { sql: 'h.valid_from', kind: 'timestamptz' },
};

const managersDataset: ExportDataset = {
  name: 'managers',
  description: 'Customer-success managers, leads and other account-team members.',
  from: () => 'managers m',
  accountId: null,
  joinsAccounts: false,
  managerId: 'm.id',
  key: ['id'],
  columns: () => [
    col('id', 'uuid', 'm.id'),
    col('name', 'text', 'm.name'),
    col('email', 'text', 'm.email'),
    col('role', 'text', 'm.role'),
    col('timezone', 'text', 'm.timezone'),
    col('lead_id', 'uuid', 'm.lead_id'),
    col('capacity', 'integer', 'm.capacity'),
    col('active', 'boolean', 'm.active'),
    instant('created_at', 'm.created_at'),
    instant('updated_at', 'm.updated_at'),
  ],
  changeAliases: ['m'],
  tombstones: [{ table: 'managers' }],
  eventTime: null,
};

const assignmentsDataset: ExportDataset = {
  name: 'assignments',
  description: 'Who covers which account in which role, as history: an ended assignment keeps its row with `ended_at`.',
  from: () => 'account_assignments s',
  accountId: 's.account_id',
  joinsAccounts: false,
  key: ['account_id', 'id'],
  columns: () => [
    col('account_id', 'uuid', 's.account_id'),
    col('id', 'uuid', 's.id'),
    col('manager_id', 'uuid', 's.manager_id'),
    col('role', 'text', 's.role'),
    instant('started_at', 's.started_at'),
    instant('ended_at', 's.ended_at'),
    instant('created_at', 's.created_at'),
    instant('updated_at', 's.updated_at'),
  ],
  changeAliases: ['s'],
  tombstones: [{ table: 'account_assignments' }],
  eventTime: { sql: 's.started_at', kind: 'timestamptz' },
};

const usageDataset: ExportDataset = {
  name: 'usage_daily',
  description: 'Daily usage and quality metrics per account (ratio metrics: value 0–1 and its weight).',
  from: () => 'usage_daily u',
  accountId: 'u.account_id',
  joinsAccounts: false,
  key: ['account_id', 'metric', 'day'],
  columns: () => [
    col('account_id', 'uuid', 'u.account_id'),
    col('metric', 'text', 'u.metric'),
    col('day', 'date', 'u.day'),
    col('value', 'double', 'u.value'),
    col('weight', 'double', 'u.weight'),
    instant('recorded_at', 'u.recorded_at'),
    instant('updated_at', 'u.updated_at'),
  ],
  changeAliases: ['u'],
  tombstones: [{ table: 'usage_daily' }],
  eventTime: { sql: 'u.day', kind: 'date' },
};

const adoptionDataset: ExportDataset = {
  name: 'feature_adoption',
  description: 'Daily feature adoption per account: active and eligible users, adoption %.',
  from: () => 'feature_adoption_daily f JOIN features ft ON ft.id = f.feature_id',
  accountId: 'f.account_id',
  joinsAccounts: false,
  key: ['account_id', 'feature_id', 'day'],
  columns: () => [
    col('account_id', 'uuid', 'f.account_id'),
    col('feature_id', 'uuid', 'f.feature_id'),
    col('feature_key', 'text', 'ft.key'),
    col('day', 'date', 'f.day'),
    col('active_users', 'integer', 'f.active_users'),
    col('eligible_users', 'integer', 'f.eligible_users'),
    col('adoption_pct', 'decimal(5,2)', 'f.adoption_pct'),
    instant('updated_at', 'f.updated_at'),
  ],
  changeAliases: ['f'],
  tombstones: [{ table: 'feature_adoption_daily' }],
  eventTime: { sql: 'f.day', kind: 'date' },
};

/**
 * A target's state at the pull: its stored outcome once final (met or breached), else breached once
 * the pull is past the stored due time (a pending target is not breached exactly at it), else
 * pending — as the tickets API judges it. Null when no SLA policy applies.
 */
function slaState(target: 'first_response' | 'resolution', now: string): string {
  return `CASE WHEN t.sla_clock IS NULL THEN NULL WHEN t.${target}_outcome IS NOT NULL THEN t.${target}_outcome WHEN t.${target}_due_at < ${now} THEN 'breached' ELSE 'pending' END`;
}

/** Targets still open whose due time the clock passed since the previous pull: pending then, breached now. */
function slaBreachedSince(target: 'first_response' | 'resolution', previousPull: string, now: string): string {
  return `t.sla_clock IS NOT NULL AND t.${target}_outcome IS NULL AND t.${target}_due_at >= ${previousPull} AND t.${target}_due_at < ${now}`;
}

const ticketsDataset: ExportDataset = {
  name: 'tickets',
  description:
    'Support tickets with their SLA timestamps (first response, resolution), status history, the SLA policy applied and each target\'s due time and state (met, breached, pending) at the pull.',
  from: () => 'support_tickets t JOIN accounts a ON a.id = t.account_id',
  accountId: 't.account_id',
  joinsAccounts: true,
  key: ['account_id', 'id'],
  columns: (context) => [
    col('account_id', 'uuid', 't.account_id'),
    col('id', 'uuid', 't.id'),
    col('external_id', 'text', 't.external_id'),
    col('severity', 'text', 't.severity'),
    col('status', 'text', 't.status'),
    col('subject', 'text', 't.subject'),
    col('support_plan', 'text', 'a.support_plan'),
    col('escalation', 'text', 't.escalation'),
    instant('opened_at', 't.opened_at'),
    instant('first_response_at', 't.first_response_at'),
    instant('resolved_at', 't.resolved_at'),
    col('first_response_minutes', 'double', 'round((extract(epoch FROM t.first_response_at - t.opened_at) / 60)::numeric, 2)::float8'),
    col('resolution_minutes', 'double', 'round((extract(epoch FROM t.resolved_at - t.opened_at) / 60)::numeric, 2)::float8'),
    col('status_history', 'json', 't.status_history'),
    instant('created_at', 't.created_at'),
    instant('updated_at', 't.updated_at'),
    // SLA columns come last so the columns before them keep their positions for existing readers.
    col('sla_support_plan', 'text', 't.sla_support_plan'),
    col('sla_clock', 'text', 't.sla_clock'),
    col('first_response_target_minutes', 'integer', 't.first_response_target_minutes'),
    col('resolution_target_minutes', 'integer', 't.resolution_target_minutes'),
    instant('first_response_due_at', 't.first_response_due_at'),
    instant('resolution_due_at', 't.resolution_due_at'),
    col('first_response_state', 'text', slaState('first_response', context.now)),
    col('resolution_state', 'text', slaState('resolution', context.now)),
  ],
  changeAliases: ['t'],
  changedByTime: (previousPull, now) => `(${slaBreachedSince('first_response', previousPull, now)}) OR (${slaBreachedSince('resolution', previousPull, now)})`,
  tombstones: [{ table: 'support_tickets' }],
  eventTime: { sql: 't.opened_at', kind: 'timestamptz' },
};

const outcomesDataset: ExportDataset = {
  name: 'outcomes',
  description: 'Renewals, expansions, contractions and churn with their ARR change.',
  from: () => 'outcomes o',
  accountId: 'o.account_id',
  joinsAccounts: false,
  key: ['account_id', 'id'],
  columns: () => [
    col('account_id', 'uuid', 'o.account_id'),
    col('id', 'uuid', 'o.id'),
    col('external_id', 'text', 'o.external_id'),
    col('kind', 'text', 'o.kind'),
    col('date', 'date', 'o.date'),
    col('arr_change', 'decimal(14,2)', 'o.arr_change'),
    col('currency', 'text', 'o.currency'),
    col('note', 'text', 'o.note'),
    instant('created_at', 'o.created_at'),
    instant('updated_at', 'o.updated_at'),
  ],
  changeAliases: ['o'],
  tombstones: [{ table: 'outcomes' }],
  eventTime: { sql: 'o.date', kind: 'date' },
};

const healthScoresDataset: ExportDataset = {
  name: 'health_scores',
  description: 'The daily health record: one official snapshot per account and day, components flattened into columns.',
  from: () => 'health_daily_scores d',
  accountId: 'd.account_id',
  joinsAccounts: false,
  key: ['account_id', 'day'],
  columns: () => [
    col('account_id', 'uuid', 'd.account_id'),
    col('day', 'date', 'd.day'),
    col('score', 'decimal(5,1)', 'd.score'),
    col('band', 'text', 'd.band'),
    col('coverage', 'decimal(5,4)', 'd.coverage'),
    ...componentScoreColumns('d.components'),
    col('components', 'json', 'd.components'),
    col('model_id', 'uuid', 'd.model_id'),
    col('model_version', 'integer', 'd.model_version'),
    col('run_id', 'uuid', 'd.run_id'),
    instant('computed_at', 'd.computed_at'),
    instant('updated_at', 'd.updated_at'),
  ],
  changeAliases: ['d'],
  tombstones: [{ table: 'health_daily_scores' }],
  eventTime: { sql: 'd.day', kind: 'date' },
};

const accountHealthDataset: ExportDataset = {
  name: 'account_health',
  description:
    'One flat row per live account: current health, ARR in account and reporting currency, team, renewal, open alerts, adoption breadth, last touchpoint, next review.',
  from: (c) => `accounts a
    LEFT JOIN account_health_current h ON h.account_id = a.id
    LEFT JOIN LATERAL (SELECT r.rate FROM fx_rates r WHERE r.currency = a.currency AND r.date <= ${c.today} ORDER BY r.date DESC LIMIT 1) fx ON TRUE
    LEFT JOIN LATERAL (
      SELECT max(m.name) FILTER (WHERE s.role = 'csm') AS csm_name, max(s.manager_id::text) FILTER (WHERE s.role = 'csm') AS csm_id,
             max(m.name) FILTER (WHERE s.role = 'tam') AS tam_name, max(s.manager_id::text) FILTER (WHERE s.role = 'tam') AS tam_id
      FROM account_assignments s JOIN managers m ON m.id = s.manager_id
      WHERE s.account_id = a.id AND s.ended_at IS NULL AND s.role IN ('csm', 'tam')) team ON TRUE
    LEFT JOIN LATERAL (SELECT count(*)::int AS open_alerts FROM alerts al WHERE al.account_id = a.id AND al.status <> 'resolved') al ON TRUE
    LEFT JOIN LATERAL (
      SELECT count(*) FILTER (WHERE latest.adoption_pct >= ${c.adoptionThresholdPct})::int AS adopted_features, count(*)::int AS tracked_features
      FROM (SELECT DISTINCT ON (f.feature_id) f.adoption_pct FROM feature_adoption_daily f WHERE f.account_id = a.id AND f.day <= ${c.today} ORDER BY f.feature_id, f.day DESC) latest) ad ON TRUE
    LEFT JOIN LATERAL (SELECT max(tp.occurred_at) AS last_touchpoint_at FROM touchpoints tp WHERE tp.account_id = a.id) tp ON TRUE
    LEFT JOIN LATERAL (
      SELECT br.due_date, br.kind FROM business_reviews br
      WHERE br.account_id = a.id AND br.status IN ('planned', 'agenda_ready', 'scheduled') ORDER BY br.due_date, br.id LIMIT 1) nr ON TRUE`,
  accountId: 'a.id',
  joinsAccounts: true,
  key: ['account_id'],
  columns: (c) => [
    col('account_id', 'uuid', 'a.id'),
    col('external_id', 'text', 'a.external_id'),
    col('name', 'text', 'a.name'),
    col('segment', 'text', 'a.segment'),
    col('industry', 'text', 'a.industry'),
    col('region', 'text', 'a.region'),
    col('parent_id', 'uuid', 'a.parent_id'),
    col('as_of', 'date', 'h.as_of'),
    col('score', 'decimal(5,1)', 'h.score'),
    col('band', 'text', "COALESCE(h.band, 'unknown')"),
    col('coverage', 'decimal(5,4)', 'h.coverage'),
    col('change_since_previous', 'double', "(h.change -> 'sincePrevious' ->> 'change')::float8"),
    col('change_7_days', 'double', "(h.change -> 'sinceWeekAgo' ->> 'change')::float8"),
    ...componentScoreColumns('h.components'),
    col('arr', 'decimal(14,2)', 'a.arr'),
    col('currency', 'text', 'a.currency'),
    col('arr_reporting', 'decimal(16,2)', `(a.arr * CASE WHEN a.currency = ${c.reportingCurrency} THEN 1 ELSE fx.rate END)::numeric(16,2)`),
    col('reporting_currency', 'text', c.reportingCurrency),
    col('csm_id', 'uuid', 'team.csm_id::uuid'),
    col('csm_name', 'text', 'team.csm_name'),
    col('tam_id', 'uuid', 'team.tam_id::uuid'),
    col('tam_name', 'text', 'team.tam_name'),
    col('renewal_date', 'date', 'a.renewal_date'),
    col('open_alerts', 'integer', 'al.open_alerts'),
    col('adopted_features', 'integer', 'ad.adopted_features'),
    col('tracked_features', 'integer', 'ad.tracked_features'),
    instant('last_touchpoint_at', 'tp.last_touchpoint_at'),
    col('next_review_due_date', 'date', 'nr.due_date'),
    col('next_review_kind', 'text', 'nr.kind'),
    instant('computed_at', 'h.computed_at'),
  ],
  changeAliases: ['a'],
  changedAccountsFrom: [
    { table: 'account_health_current', accountColumn: 'account_id' },
    { table: 'account_assignments', accountColumn: 'account_id' },
    { table: 'alerts', accountColumn: 'account_id' },
    { table: 'feature_adoption_daily', accountColumn: 'account_id' },
    { table: 'touchpoints', accountColumn: 'account_id' },
    { table: 'business_reviews', accountColumn: 'account_id' },
  ],
  live: 'a.archived_at IS NULL',
  deletedWhen: 'a.archived_at IS NOT NULL',
  tombstones: [],
  eventTime: null,
};

const reviewsDataset: ExportDataset = {
  name: 'reviews',
  description: 'Business reviews (EBR, QBR, operations, renewal, post-incident, risk) with their status and dates.',
  from: () => 'business_reviews r',
  accountId: 'r.account_id',
  joinsAccounts: false,
  key: ['account_id', 'id'],
  columns: () => [
    col('account_id', 'uuid', 'r.account_id'),
    col('id', 'uuid', 'r.id'),
    col('kind', 'text', 'r.kind'),
    col('status', 'text', 'r.status'),
    col('slot', 'text', 'r.slot'),
    col('due_date', 'date', 'r.due_date'),
    col('original_due_date', 'date', 'r.original_due_date'),
    textArray('trigger_keys', 'r.trigger_keys'),
    col('manager_id', 'uuid', 'r.manager_id'),
    instant('meeting_at', 'r.meeting_at'),
    col('meeting_minutes', 'integer', 'r.meeting_minutes'),
    col('notes', 'text', 'r.notes'),
    instant('agenda_ready_at', 'r.agenda_ready_at'),
    instant('nudge_flagged_at', 'r.nudge_flagged_at'),
    instant('held_at', 'r.held_at'),
    instant('completed_at', 'r.completed_at'),
    instant('cancelled_at', 'r.cancelled_at'),
    col('touchpoint_id', 'uuid', 'r.touchpoint_id'),
    instant('created_at', 'r.created_at'),
    instant('updated_at', 'r.updated_at'),
  ],
  changeAliases: ['r'],
  tombstones: [{ table: 'business_reviews' }],
  eventTime: { sql: 'r.due_date', kind: 'date' },
};

const recommendationsDataset: ExportDataset = {
  name: 'recommendations',
  description: 'Ranked feature recommendations per account, as the recommendation-stats job last computed them (a dropped one is a tombstone).',
  from: () => 'account_recommendations rc JOIN features ft ON ft.id = rc.feature_id',
  accountId: 'rc.account_id',
  joinsAccounts: false,
  key: ['account_id', 'feature_id'],
  columns: () => [
    col('account_id', 'uuid', 'rc.account_id'),
    col('feature_id', 'uuid', 'rc.feature_id'),
    col('feature_key', 'text', 'ft.key'),
    col('rank', 'integer', 'rc.rank'),
    col('score', 'decimal(5,2)', 'rc.score'),
    col('rationale', 'text', 'rc.rationale'),
    col('evidence', 'json', 'rc.evidence'),
    col('as_of', 'date', 'rc.as_of'),
    instant('computed_at', 'rc.computed_at'),
    instant('updated_at', 'rc.updated_at'),
  ],
  changeAliases: ['rc'],
  tombstones: [{ table: 'account_recommendations' }],
  eventTime: null,
};

export const EXPORT_DATASETS: readonly ExportDataset[] = [
  accountsDataset,
  accountHistoryDataset,
  managersDataset,
  assignmentsDataset,
  usageDataset,
  adoptionDataset,
  ticketsDataset,
  outcomesDataset,
  healthScoresDataset,
  accountHealthDataset,
  reviewsDataset,
  recommendationsDataset,
];

export const EXPORT_DATASET_NAMES = EXPORT_DATASETS.map((dataset) => dataset.name);

export function findDataset(name: string): ExportDataset | undefined {
  return EXPORT_DATASETS.find((dataset) => dataset.name === name);
}

/** The tables the Exports migration puts a tombstone trigger on, with the key columns each records. */
export const TOMBSTONE_TABLE_KEYS: Record<string, string[]> = {
  accounts: ['id'],
  account_history: ['account_id', 'valid_from'],
  managers: ['id'],
  account_assignments: ['account_id', 'id'],
  usage_daily: ['account_id', 'metric', 'day'],
  feature_adoption_daily: ['account_id', 'feature_id', 'day'],
  support_tickets: ['account_id', 'id'],
  outcomes: ['account_id', 'id'],
  health_daily_scores: ['account_id', 'day'],
  account_health_current: ['account_id'],
  alerts: ['account_id', 'id'],
  touchpoints: ['account_id', 'id'],
  business_reviews: ['account_id', 'id'],
  account_recommendations: ['account_id', 'feature_id'],
};
