/**
 * Turns a dataset definition and a request into the SELECT statements a pull runs under COPY.
 * COPY takes no bind parameters, so every value is inlined as a quoted literal; the values are
 * validated before they get here (uuids, dates, snapshots, integers) and quoting doubles quotes
 * (the pull runs with `standard_conforming_strings = on`). Pure: no database import.
 */
import { AccountScope, accountScopeCondition } from '../auth/account-scope';
import { DatasetSqlContext, ExportColumn, ExportColumnType, ExportDataset, TOMBSTONE_TABLE_KEYS } from './export-datasets';

export function sqlLiteral(value: string | number | boolean | null): string {
  if (value === null) return 'NULL';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
    return String(value);
  }
  if (value.includes('\0')) throw new Error('a NUL byte cannot be a SQL literal');
  return `'${value.replace(/'/g, "''")}'`;
}

/** Replaces `$n` placeholders (numbered from `first`) with literals of `params`. */
export function inlineParams(sql: string, params: unknown[], first: number): string {
  return sql.replace(/\$(\d+)/g, (_whole, digits: string) => {
    const value = params[Number(digits) - first];
    if (value === undefined) throw new Error(`no parameter $${digits}`);
    return sqlLiteral(value as string | number | boolean | null);
  });
}

/** What makes a row version "changed since the previous pull" (see export-cursor.ts). */
export interface ChangeWindow {
  /** The previous cursor's snapshot, as `pg_snapshot` text. */
  previousSnapshot: string;
  /** `age()` of the previous snapshot's xmax in the pulling transaction: a row is newer when `age(xmin)` is at most this. */
  previousXmaxAge: number;
  /** 32-bit xids that were in progress when the previous snapshot was taken. */
  previousInProgress: string[];
  /** The instant the previous pull judged time-dependent values by (ISO). */
  previousJudgedAt: string;
}

export interface ExportRequestFilter {
  includeTest: boolean;
  scope: AccountScope;
  /** Inclusive bound on the dataset's event day or time: a validated ISO-8601 instant; null: none. */
  until: string | null;
}

export interface ExportStatements {
  /** Tombstones first (a consumer applies deletions before upserts), then rows. */
  tombstones: string | null;
  rows: string;
}

const NULL_OF_TYPE: Record<ExportColumnType, string> = {
  uuid: 'NULL::uuid',
  text: 'NULL::text',
  date: 'NULL::date',
  timestamptz: 'NULL::timestamptz',
  integer: 'NULL::int',
  double: 'NULL::float8',
  'decimal(14,2)': 'NULL::numeric',
  'decimal(16,2)': 'NULL::numeric',
  'decimal(5,1)': 'NULL::numeric',
  'decimal(5,2)': 'NULL::numeric',
  'decimal(5,4)': 'NULL::numeric',
  boolean: 'NULL::boolean',
  'text[]': 'NULL::jsonb',
  json: 'NULL::jsonb',
};

function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function selectList(columns: ExportColumn[]): string {
  return columns.map((column) => `${column.sql} AS ${quoteIdentifier(column.name)}`).join(', ');
}

function changedCondition(alias: string, window: ChangeWindow): string {
  const newer = `age(${alias}.xmin) <= ${window.previousXmaxAge}`;
  if (window.previousInProgress.length === 0) return newer;
  return `(${newer} OR ${alias}.xmin = ANY(${sqlLiteral(`{${window.previousInProgress.join(',')}}`)}::xid[]))`;
}

function tombstoneIsNew(window: ChangeWindow): string {
  const snapshot = `${sqlLiteral(window.previousSnapshot)}::pg_snapshot`;
  return `x.xid >= pg_snapshot_xmin(${snapshot}) AND NOT pg_visible_in_snapshot(x.xid, ${snapshot})`;
}

function scopeCondition(dataset: ExportDataset, scope: AccountScope, accountExpression: string | null, managerExpression: string | null): string {
  if (scope.kind === 'all') return 'TRUE';
  if (accountExpression !== null) {
    const condition = accountScopeCondition(scope, accountExpression, 1);
    return inlineParams(condition.sql, condition.params, 1);
  }
  if (managerExpression !== null) {
    // csm keys see themselves; lead keys their team too.
    const id = sqlLiteral(scope.kind === 'manager' ? scope.managerId : scope.leadId);
    return scope.kind === 'manager' ? `${managerExpression} = ${id}::uuid` : `(${managerExpression} = ${id}::uuid OR ${managerExpression} IN (SELECT tm.id FROM managers tm WHERE tm.lead_id = ${id}::uuid))`;
  }
  throw new Error(`dataset ${dataset.name} has neither account nor manager`);
}

function testAccountCondition(accountExpression: string, includeTest: boolean, accountsAliased: boolean): string {
  if (includeTest) return 'TRUE';
  return accountsAliased ? 'NOT a.is_test' : `NOT EXISTS (SELECT 1 FROM accounts ta WHERE ta.id = ${accountExpression} AND ta.is_test)`;
}

function untilCondition(dataset: ExportDataset, until: string | null): string {
  if (until === null || dataset.eventTime === null) return 'TRUE';
  const bound = `${sqlLiteral(until)}::timestamptz`;
  // Pulls run with TimeZone UTC, so a day is compared with the UTC day of the bound.
  return dataset.eventTime.kind === 'date' ? `${dataset.eventTime.sql} <= (${bound})::date` : `${dataset.eventTime.sql} <= ${bound}`;
}

/** The SELECT of a dataset's live rows (full pull) or changed rows (incremental pull). */
export function rowsSelect(dataset: ExportDataset, context: DatasetSqlContext, filter: ExportRequestFilter, window: ChangeWindow | null): string {
  const columns = dataset.columns(context);
  const conditions = [
    dataset.accountId ? testAccountCondition(dataset.accountId, filter.includeTest, dataset.joinsAccounts) : 'TRUE',
    scopeCondition(dataset, filter.scope, dataset.accountId, dataset.managerId ?? null),
    untilCondition(dataset, filter.until),
  ];
  let prefix = '';
  let op = `'upsert'`;
  if (window === null) {
    if (dataset.live) conditions.push(dataset.live);
  } else {
    const changed = dataset.changeAliases.map((alias) => changedCondition(alias, window));
    if (dataset.changedAccountsFrom) {
      const sources = dataset.changedAccountsFrom.map(
        (source) => `SELECT ${source.accountColumn} AS account_id FROM ${source.table} c WHERE ${changedCondition('c', window)}`,
      );
      const deletedFrom = dataset.changedAccountsFrom.map((source) => sqlLiteral(source.table)).join(', ');
      sources.push(`SELECT x.account_id FROM export_tombstones x WHERE x.table_name IN (${deletedFrom}) AND x.account_id IS NOT NULL AND ${tombstoneIsNew(window)}`);
      prefix = `WITH changed_accounts AS (${sources.join(' UNION ')}), fx_changed AS (SELECT EXISTS (SELECT 1 FROM fx_rates c WHERE ${changedCondition('c', window)}) AS changed) `;
      changed.push(`${dataset.accountId} IN (SELECT account_id FROM changed_accounts)`, '(SELECT changed FROM fx_changed)');
    }
    if (dataset.changedByTime) changed.push(`(${dataset.changedByTime(`${sqlLiteral(window.previousJudgedAt)}::timestamptz`, context.now)})`);
    conditions.push(`(${changed.join(' OR ')})`);
    if (dataset.deletedWhen) op = `CASE WHEN ${dataset.deletedWhen} THEN 'delete' ELSE 'upsert' END`;
  }
  return `${prefix}SELECT ${selectList(columns)}, ${op} AS "_op" FROM ${dataset.from(context)} WHERE ${conditions.join(' AND ')}`;
}

function tombstoneKeyExpression(column: ExportColumn): string {
  const raw = `(x.row_key ->> ${sqlLiteral(column.name)})`;
  switch (column.type) {
    case 'uuid':
      return `${raw}::uuid`;
    case 'date':
      return `${raw}::date`;
    case 'timestamptz':
      return `${raw}::timestamptz`;
    case 'text':
      return raw;
    default:
      throw new Error(`a key column cannot be of type ${column.type}`);
  }
}

/** The SELECT of tombstones recorded since the previous pull, shaped as the dataset's rows. */
export function tombstonesSelect(dataset: ExportDataset, context: DatasetSqlContext, filter: ExportRequestFilter, window: ChangeWindow): string | null {
  if (dataset.tombstones.length === 0) return null;
  for (const source of dataset.tombstones) {
    const recorded = TOMBSTONE_TABLE_KEYS[source.table];
    if (!recorded || dataset.key.some((key) => !recorded.includes(key))) {
      throw new Error(`tombstones of ${source.table} do not carry the key of ${dataset.name}`);
    }
  }
  const columns = dataset.columns(context).map((column) =>
    dataset.key.includes(column.name) ? { ...column, sql: tombstoneKeyExpression(column) } : { ...column, sql: NULL_OF_TYPE[column.type] },
  );
  const tables = dataset.tombstones.map((source) => sqlLiteral(source.table)).join(', ');
  const conditions = [`x.table_name IN (${tables})`, tombstoneIsNew(window)];
  if (dataset.accountId) {
    conditions.push(testAccountCondition('x.account_id', filter.includeTest, false), scopeCondition(dataset, filter.scope, 'x.account_id', null));
  } else {
    conditions.push(scopeCondition(dataset, filter.scope, null, "(x.row_key ->> 'id')::uuid"));
  }
  return `SELECT ${selectList(columns)}, 'delete' AS "_op" FROM export_tombstones x WHERE ${conditions.join(' AND ')} ORDER BY x.id`;
}

export function exportStatements(dataset: ExportDataset, context: DatasetSqlContext, filter: ExportRequestFilter, window: ChangeWindow | null): ExportStatements {
  return {
    tombstones: window === null ? null : tombstonesSelect(dataset, context, filter, window),
    rows: rowsSelect(dataset, context, filter, window),
  };
}

/** The column list a dataset's files carry (manifest, Parquet schema): its columns and `_op`. */
export function exportColumns(dataset: ExportDataset, context: DatasetSqlContext): { name: string; type: ExportColumnType }[] {
  return [...dataset.columns(context).map(({ name, type }) => ({ name, type })), { name: '_op', type: 'text' as const }];
}

/** The SELECT of a `bi` view: the dataset's live rows of real accounts, with native types. */
export function biViewSelect(dataset: ExportDataset, context: DatasetSqlContext): string {
  const columns = dataset.columns(context).map((column) => ({ ...column, sql: column.view ?? column.sql }));
  const conditions = [dataset.accountId ? testAccountCondition(dataset.accountId, false, dataset.joinsAccounts) : 'TRUE', dataset.live ?? 'TRUE'];
  return `SELECT ${selectList(columns)} FROM ${dataset.from(context)} WHERE ${conditions.join(' AND ')}`;
}

/** What the `bi` views compute "today", the reporting currency and the adoption threshold from. */
export const BI_VIEW_CONTEXT: DatasetSqlContext = {
  today: 'current_date',
  now: 'now()',
  reportingCurrency: "COALESCE(NULLIF(current_setting('account_health.reporting_currency', true), ''), 'USD')",
  adoptionThresholdPct: "COALESCE(NULLIF(current_setting('account_health.adoption_threshold_pct', true), '')::numeric, 20)",
};
