import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AccountAccess, AccountScope, accountScopeCondition, accountScopeOf, principalOf, VisibleAccount } from '../auth/account-scope';
import { NotFoundError } from '../common/problem';
import type { AssignmentRole } from './account-assignment.entity';
import type { BillingModel, CommitPeriod } from './account.entity';
import type { AttributeValue } from './account-rules';

/** An account's full writable state; `id` is null for an account not stored yet. */
export interface AccountState {
  id: string | null;
  externalId: string;
  name: string;
  segment: string;
  industry: string | null;
  region: string | null;
  timezone: string | null;
  parentId: string | null;
  appIds: string[];
  isTest: boolean;
  billingModel: BillingModel;
  commitAmount: string | null;
  commitPeriod: CommitPeriod | null;
  autoRenew: boolean;
  renewalDate: string | null;
  arr: string;
  currency: string;
  supportPlan: string | null;
  products: string[];
  useCases: string[];
  lifecycleStage: string | null;
  attributes: Record<string, AttributeValue>;
}

export interface AccountRecord extends AccountState {
  id: string;
  archivedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface AccountHistoryRecord {
  validFrom: Date;
  validTo: Date | null;
  segment: string;
  arr: string;
  currency: string;
  billingModel: BillingModel;
  commitAmount: string | null;
  commitPeriod: string | null;
  autoRenew: boolean;
  renewalDate: string | null;
  supportPlan: string | null;
  products: string[];
  useCases: string[];
  attributes: Record<string, AttributeValue>;
}

export interface AssignmentRecord {
  id: string;
  accountId: string;
  managerId: string;
  managerName: string;
  role: AssignmentRole;
  startedAt: Date;
  endedAt: Date | null;
}

export type AccountSortField = 'name' | 'externalId' | 'renewalDate' | 'arr' | 'createdAt' | 'updatedAt' | 'score' | 'change';

export interface AccountFilter {
  segment?: string;
  industry?: string;
  region?: string;
  managerId?: string;
  role?: AssignmentRole;
  lifecycleStage?: string;
  renewalFrom?: string;
  renewalTo?: string;
  billingModel?: BillingModel;
  isTest?: boolean;
  parentId?: string;
  q?: string;
  /** Current health (account_health_current, written by health runs). */
  band?: string;
  scoreMin?: number;
  scoreMax?: number;
  /** Score change over 7 days at most this. */
  changeMax?: number;
  includeArchived: boolean;
  sort: AccountSortField;
  descending: boolean;
  after?: { sortValue: string | number | null; id: string };
  limit: number;
}

export interface AccountListRow extends AccountRecord {
  sortKey: string;
}

/** Sort expressions and their types; nulls sort as a far-future renewal so keyset pages stay total. */
const SORTS: Record<AccountSortField, { expression: string; type: string }> = {
  name: { expression: 'a.name', type: 'text' },
  externalId: { expression: 'a.external_id', type: 'text' },
  renewalDate: { expression: "COALESCE(a.renewal_date, DATE '9999-12-31')", type: 'date' },
  arr: { expression: 'a.arr', type: 'numeric' },
  createdAt: { expression: 'a.created_at', type: 'timestamptz' },
  updatedAt: { expression: 'a.updated_at', type: 'timestamptz' },
  // From the current health (LEFT JOIN hc): never-scored accounts sort as −1, an unknown change as 0.
  score: { expression: 'COALESCE(hc.score, -1)', type: 'numeric' },
  change: { expression: "COALESCE((hc.change->'sinceWeekAgo'->>'change')::numeric, 0)", type: 'numeric' },
};

const CHANGE_7_DAYS = "(hc.change->'sinceWeekAgo'->>'change')::numeric";

const ACCOUNT_COLUMNS = `a.id, a.external_id AS "externalId", a.name, a.segment, a.industry, a.region, a.timezone, a.parent_id AS "parentId",
  a.app_ids AS "appIds", a.is_test AS "isTest", a.billing_model AS "billingModel", a.commit_amount::text AS "commitAmount",
  a.commit_period AS "commitPeriod", a.auto_renew AS "autoRenew", a.renewal_date AS "renewalDate", a.arr::text AS arr, a.currency,
  a.support_plan AS "supportPlan", a.products, a.use_cases AS "useCases", a.lifecycle_stage AS "lifecycleStage", a.attributes,
  a.archived_at AS "archivedAt", a.created_at AS "createdAt", a.updated_at AS "updatedAt"`;

/** The same, with the tracked fields taken from history version `h`. */
const ACCOUNT_COLUMNS_AS_OF = ACCOUNT_COLUMNS.replace('a.segment,', 'h.segment,')
  .replace('a.billing_model AS', 'h.billing_model AS')
  .replace('a.commit_amount::text', 'h.commit_amount::text')
  .replace('a.commit_period AS', 'h.commit_period AS')
  .replace('a.auto_renew AS', 'h.auto_renew AS')
  .replace('a.renewal_date AS', 'h.renewal_date AS')
  .replace('a.arr::text', 'h.arr::text')
  .replace('a.currency,', 'h.currency,')
  .replace('a.support_plan AS', 'h.support_plan AS')
  .replace('a.products,', 'h.products,')
  .replace('a.use_cases AS', 'h.use_cases AS')
  .replace('a.attributes,', 'h.attributes,');

/** Recordset of account states passed as one JSON parameter: arrays of arrays do not survive UNNEST. */
const STATE_RECORDSET = `jsonb_to_recordset($1::jsonb) AS r(id uuid, external_id text, name text, segment text, industry text, region text, timezone text,
  parent_id uuid, app_ids text[], is_test boolean, billing_model text, commit_amount numeric, commit_period text, auto_renew boolean,
  renewal_date date, arr numeric, currency text, support_plan text, products text[], use_cases text[], lifecycle_stage text, attributes jsonb)`;

const WRITABLE = [
  'external_id', 'name', 'segment', 'industry', 'region', 'timezone', 'parent_id', 'app_ids', 'is_test', 'billing_model', 'commit_amount',
  'commit_period', 'auto_renew', 'renewal_date', 'arr', 'currency', 'support_plan', 'products', 'use_cases', 'lifecycle_stage', 'attributes',
];

/** The fields whose every change account_history keeps. */
const TRACKED = ['segment', 'arr', 'currency', 'billing_model', 'commit_amount', 'commit_period', 'auto_renew', 'renewal_date', 'support_plan', 'products', 'use_cases', 'attributes'];

const HISTORY_COLUMNS = `h.valid_from AS "validFrom", h.valid_to AS "validTo", h.segment, h.arr::text AS arr, h.currency, h.billing_model AS "billingModel",
  h.commit_amount::text AS "commitAmount", h.commit_period AS "commitPeriod", h.auto_renew AS "autoRenew", h.renewal_date AS "renewalDate",
  h.support_plan AS "supportPlan", h.products, h.use_cases AS "useCases", h.attributes`;

const ASSIGNMENT_COLUMNS = `aa.id, aa.account_id AS "accountId", aa.manager_id AS "managerId", m.name AS "managerName", aa.role, aa.started_at AS "startedAt", aa.ended_at AS "endedAt"`;

function stateJson(states: AccountState[]): string {
  return JSON.stringify(
    states.map((state) => ({
      id: state.id,
      external_id: state.externalId,
      name: state.name,
      segment: state.segment,
      industry: state.industry,
      region: state.region,
      timezone: state.timezone,
      parent_id: state.parentId,
      app_ids: state.appIds,
      is_test: state.isTest,
      billing_model: state.billingModel,
      commit_amount: state.commitAmount,
      commit_period: state.commitPeriod,
      auto_renew: state.autoRenew,
      renewal_date: state.renewalDate,
      arr: state.arr,
      currency: state.currency,
      support_plan: state.supportPlan,
      products: state.products,
      use_cases: state.useCases,
      lifecycle_stage: state.lifecycleStage,
      attributes: state.attributes,
    })),
  );
}

/** An account as health scoring sees it at an instant: tracked fields from the history version valid then. */
export interface ScoringAccountRecord {
  id: string;
  name: string;
  parentId: string | null;
  segment: string;
  arr: string;
  currency: string;
  billingModel: BillingModel;
  commitAmount: string | null;
  commitPeriod: CommitPeriod | null;
  renewalDate: string | null;
  products: string[];
  useCases: string[];
  attributes: Record<string, AttributeValue>;
}

const SCORING_COLUMNS = `a.id, a.name, a.parent_id AS "parentId", h.segment, h.arr::text AS arr, h.currency, h.billing_model AS "billingModel",
  h.commit_amount::text AS "commitAmount", h.commit_period AS "commitPeriod", h.renewal_date AS "renewalDate", h.products, h.use_cases AS "useCases", h.attributes`;

/** Scored accounts at instant $1: not sandboxes, not archived by then, and existing by then (a history version holds at $1). */
const SCORING_FROM = `accounts a JOIN account_history h ON h.account_id = a.id AND h.valid_from <= $1 AND (h.valid_to IS NULL OR h.valid_to > $1)
  WHERE NOT a.is_test AND (a.archived_at IS NULL OR a.archived_at > $1)`;

@Injectable()
export class AccountRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  inTransaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  get defaultManager(): EntityManager {
    return this.dataSource.manager;
  }

  async findById(id: string, scope: AccountScope, manager: EntityManager = this.dataSource.manager): Promise<AccountRecord | undefined> {
    const condition = accountScopeCondition(scope, 'a.id', 2);
    const rows: AccountRecord[] = await manager.query(`SELECT ${ACCOUNT_COLUMNS} FROM accounts a WHERE a.id = $1 AND ${condition.sql}`, [id, ...condition.params]);
    return rows[0];
  }

  /** Answers 404 unless the account is inside the access's scope (an account checked before is not looked up again). */
  async requireVisible(accountId: string, access: AccountAccess): Promise<void> {
    if (access instanceof VisibleAccount && access.accountId === accountId) return;
    if (!(await this.findById(accountId, accountScopeOf(principalOf(access))))) throw new NotFoundError('Account', accountId);
  }

  /** Locks the account row for a write that depends on its current state. */
  async lockById(manager: EntityManager, id: string, scope: AccountScope): Promise<AccountRecord | undefined> {
    const condition = accountScopeCondition(scope, 'a.id', 2);
    const rows: AccountRecord[] = await manager.query(`SELECT ${ACCOUNT_COLUMNS} FROM accounts a WHERE a.id = $1 AND ${condition.sql} FOR UPDATE OF a`, [id, ...condition.params]);
    return rows[0];
  }

  /** The account with its tracked fields as they stood at the end of `day` in `timeZone`; undefined before it existed. */
  async findAsOf(id: string, day: string, timeZone: string, scope: AccountScope): Promise<AccountRecord | undefined> {
    const condition = accountScopeCondition(scope, 'a.id', 4);
    const rows: AccountRecord[] = await this.dataSource.query(
      `SELECT ${ACCOUNT_COLUMNS_AS_OF} FROM accounts a
       JOIN account_history h ON h.account_id = a.id
         AND h.valid_from < (($2::date + 1)::timestamp AT TIME ZONE $3)
         AND (h.valid_to IS NULL OR h.valid_to >= (($2::date + 1)::timestamp AT TIME ZONE $3))
       WHERE a.id = $1 AND ${condition.sql}`,
      [id, day, timeZone, ...condition.params],
    );
    return rows[0];
  }

  list(filter: AccountFilter, scope: AccountScope): Promise<AccountListRow[]> {
    const params: unknown[] = [];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const condition = accountScopeCondition(scope, 'a.id', 1);
    params.push(...condition.params);
    const where = [condition.sql];
    if (!filter.includeArchived) where.push('a.archived_at IS NULL');
    if (filter.segment) where.push(`a.segment = ${param(filter.segment)}`);
    if (filter.industry) where.push(`a.industry = ${param(filter.industry)}`);
    if (filter.region) where.push(`a.region = ${param(filter.region)}`);
    if (filter.lifecycleStage) where.push(`a.lifecycle_stage = ${param(filter.lifecycleStage)}`);
    if (filter.billingModel) where.push(`a.billing_model = ${param(filter.billingModel)}`);
    if (filter.isTest !== undefined) where.push(`a.is_test = ${param(filter.isTest)}`);
    if (filter.parentId) where.push(`a.parent_id = ${param(filter.parentId)}::uuid`);
    if (filter.renewalFrom) where.push(`a.renewal_date >= ${param(filter.renewalFrom)}::date`);
    if (filter.renewalTo) where.push(`a.renewal_date <= ${param(filter.renewalTo)}::date`);
    if (filter.band) where.push(`hc.band = ${param(filter.band)}`);
    if (filter.scoreMin !== undefined) where.push(`hc.score >= ${param(filter.scoreMin)}::numeric`);
    if (filter.scoreMax !== undefined) where.push(`hc.score <= ${param(filter.scoreMax)}::numeric`);
    if (filter.changeMax !== undefined) where.push(`${CHANGE_7_DAYS} <= ${param(filter.changeMax)}::numeric`);
    if (filter.managerId || filter.role) {
      const parts = ['fa.account_id = a.id', 'fa.ended_at IS NULL'];
      if (filter.managerId) parts.push(`fa.manager_id = ${param(filter.managerId)}::uuid`);
      if (filter.role) parts.push(`fa.role = ${param(filter.role)}`);
      where.push(`EXISTS (SELECT 1 FROM account_assignments fa WHERE ${parts.join(' AND ')})`);
    }
    if (filter.q) {
      const pattern = param(`%${filter.q.replace(/[\\%_]/g, (match) => `\\${match}`)}%`);
      where.push(`(a.name ILIKE ${pattern} OR a.external_id ILIKE ${pattern} OR EXISTS (SELECT 1 FROM unnest(a.app_ids) app_id WHERE app_id ILIKE ${pattern}))`);
    }
    const sort = SORTS[filter.sort];
    const direction = filter.descending ? 'DESC' : 'ASC';
    if (filter.after) {
      where.push(`(${sort.expression}, a.id) ${filter.descending ? '<' : '>'} (${param(filter.after.sortValue)}::${sort.type}, ${param(filter.after.id)}::uuid)`);
    }
    return this.dataSource.query(
      `SELECT ${ACCOUNT_COLUMNS}, (${sort.expression})::text AS "sortKey" FROM accounts a
       LEFT JOIN account_health_current hc ON hc.account_id = a.id
       WHERE ${where.join(' AND ')} ORDER BY ${sort.expression} ${direction}, a.id ${direction} LIMIT ${param(filter.limit + 1)}`,
      params,
    );
  }

  /** Stored accounts by external id (archived included), for upserts. */
  async findByExternalIds(manager: EntityManager, externalIds: string[]): Promise<AccountRecord[]> {
    if (externalIds.length === 0) return [];
    return manager.query(`SELECT ${ACCOUNT_COLUMNS} FROM accounts a WHERE a.external_id = ANY($1::text[])`, [externalIds]);
  }

  async idsByExternalIds(manager: EntityManager, externalIds: string[]): Promise<Map<string, string>> {
    if (externalIds.length === 0) return new Map();
    const rows: { id: string; externalId: string }[] = await manager.query(`SELECT id, external_id AS "externalId" FROM accounts WHERE external_id = ANY($1::text[])`, [externalIds]);
    return new Map(rows.map((row) => [row.externalId, row.id]));
  }

  async existingAccountIds(manager: EntityManager, ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows: { id: string }[] = await manager.query('SELECT id FROM accounts WHERE id = ANY($1::uuid[])', [ids]);
    return new Set(rows.map((row) => row.id));
  }

  /** Which of the keys exist in a reference table (segments, products or use_cases). */
  async existingKeys(manager: EntityManager, table: 'segments' | 'products' | 'use_cases', keys: string[]): Promise<Set<string>> {
    if (keys.length === 0) return new Set();
    const rows: { key: string }[] = await manager.query(`SELECT key FROM ${table} WHERE key = ANY($1::text[])`, [keys]);
    return new Set(rows.map((row) => row.key));
  }

  /** The account (id and externalId) each of these app ids belongs to. */
  async appIdOwners(manager: EntityManager, appIds: string[]): Promise<Map<string, { accountId: string; externalId: string }>> {
    if (appIds.length === 0) return new Map();
    const rows: { appId: string; accountId: string; externalId: string }[] = await manager.query(
      `SELECT x.app_id AS "appId", x.account_id AS "accountId", a.external_id AS "externalId" FROM account_app_ids x JOIN accounts a ON a.id = x.account_id WHERE x.app_id = ANY($1::text[])`,
      [appIds],
    );
    return new Map(rows.map((row) => [row.appId, { accountId: row.accountId, externalId: row.externalId }]));
  }

  /**
   * Stored accounts whose proposed parent link would close a cycle: walks up from each proposed
   * parent, taking proposed links over stored ones, and reports the accounts it comes back to.
   */
  async accountsInParentCycles(manager: EntityManager, links: { id: string; parentId: string | null }[]): Promise<Set<string>> {
    const proposed = links.filter((link) => link.parentId !== null);
    if (proposed.length === 0) return new Set();
    const rows: { id: string }[] = await manager.query(
      `WITH RECURSIVE proposed AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS p(id uuid, parent_id uuid)),
       walk(start, node, depth) AS (
         SELECT p.id, p.parent_id, 1 FROM proposed p WHERE p.parent_id IS NOT NULL
         UNION ALL
         SELECT w.start, next.parent_id, w.depth + 1
         FROM walk w
         CROSS JOIN LATERAL (
           SELECT CASE WHEN EXISTS (SELECT 1 FROM proposed pp WHERE pp.id = w.node)
                       THEN (SELECT pp.parent_id FROM proposed pp WHERE pp.id = w.node)
                       ELSE (SELECT s.parent_id FROM accounts s WHERE s.id = w.node) END AS parent_id
         ) next
         WHERE w.node <> w.start AND w.depth < 1000 AND next.parent_id IS NOT NULL
       )
       SELECT DISTINCT start AS id FROM walk WHERE node = start`,
      [JSON.stringify(proposed.map((link) => ({ id: link.id, parent_id: link.parentId })))],
    );
    return new Set(rows.map((row) => row.id));
  }

  /** Inserts new accounts in one statement; answers their ids by external id. */
  async insertAccounts(manager: EntityManager, states: AccountState[], at: Date): Promise<Map<string, string>> {
    if (states.length === 0) return new Map();
    const rows: { id: string; externalId: string }[] = await manager.query(
      `INSERT INTO accounts (${WRITABLE.join(', ')}, created_at, updated_at)
       SELECT ${WRITABLE.map((column) => `r.${column}`).join(', ')}, $2, $2 FROM ${STATE_RECORDSET}
       RETURNING id, external_id AS "externalId"`,
      [stateJson(states), at],
    );
    return new Map(rows.map((row) => [row.externalId, row.id]));
  }

  /** Updates stored accounts in one statement, touching only those whose values differ; answers the ids it changed. */
  async updateAccounts(manager: EntityManager, states: AccountState[], at: Date): Promise<Set<string>> {
    if (states.length === 0) return new Set();
    // TypeORM answers UPDATE … RETURNING as [rows, affected count].
    const [rows]: [{ id: string }[], number] = await manager.query(
      `UPDATE accounts a SET ${WRITABLE.map((column) => `${column} = r.${column}`).join(', ')}, updated_at = $2
       FROM ${STATE_RECORDSET}
       WHERE a.id = r.id AND (${WRITABLE.map((column) => `a.${column}`).join(', ')}) IS DISTINCT FROM (${WRITABLE.map((column) => `r.${column}`).join(', ')})
       RETURNING a.id`,
      [stateJson(states), at],
    );
    return new Set(rows.map((row) => row.id));
  }

  /**
   * Makes account_app_ids match accounts.app_ids for these accounts. An app id held by another
   * account raises a unique violation (the callers check first, so only a race gets there).
   */
  async syncAppIds(manager: EntityManager, accountIds: string[], at: Date): Promise<void> {
    if (accountIds.length === 0) return;
    await manager.query(
      `DELETE FROM account_app_ids x USING accounts a WHERE a.id = ANY($1::uuid[]) AND x.account_id = a.id AND NOT (x.app_id = ANY(a.app_ids))`,
      [accountIds],
    );
    await manager.query(
      `INSERT INTO account_app_ids (app_id, account_id, created_at, updated_at)
       SELECT t.app_id, a.id, $2, $2 FROM accounts a CROSS JOIN LATERAL unnest(a.app_ids) AS t(app_id)
       WHERE a.id = ANY($1::uuid[]) AND NOT EXISTS (SELECT 1 FROM account_app_ids x WHERE x.app_id = t.app_id AND x.account_id = a.id)`,
      [accountIds, at],
    );
  }

  /**
   * Records a new history version for each account whose tracked fields differ from its open
   * version (or that has none): closes the open version at `at` and opens one from `at`. A second
   * change at the same instant rewrites that instant's version.
   */
  async recordHistory(manager: EntityManager, accountIds: string[], at: Date): Promise<void> {
    if (accountIds.length === 0) return;
    await manager.query(
      `UPDATE account_history h SET valid_to = $2, updated_at = $2
       FROM accounts a
       WHERE a.id = ANY($1::uuid[]) AND h.account_id = a.id AND h.valid_to IS NULL AND h.valid_from < $2
         AND (${TRACKED.map((column) => `h.${column}`).join(', ')}) IS DISTINCT FROM (${TRACKED.map((column) => `a.${column}`).join(', ')})`,
      [accountIds, at],
    );
    await manager.query(
      `INSERT INTO account_history (account_id, valid_from, ${TRACKED.join(', ')}, created_at, updated_at)
       SELECT a.id, $2, ${TRACKED.map((column) => `a.${column}`).join(', ')}, $2, $2 FROM accounts a
       WHERE a.id = ANY($1::uuid[])
         AND NOT EXISTS (SELECT 1 FROM account_history h WHERE h.account_id = a.id AND h.valid_to IS NULL AND h.valid_from <> $2)
       ON CONFLICT (account_id, valid_from) DO UPDATE SET ${TRACKED.map((column) => `${column} = EXCLUDED.${column}`).join(', ')}, updated_at = EXCLUDED.updated_at`,
      [accountIds, at],
    );
  }

  /** Archives once; archiving again keeps the first time. */
  async archive(manager: EntityManager, id: string, at: Date): Promise<void> {
    await manager.query(`UPDATE accounts SET archived_at = $2, updated_at = $2 WHERE id = $1 AND archived_at IS NULL`, [id, at]);
  }

  /** Newest version first; keyset on valid_from. */
  history(accountId: string, after: string | undefined, limit: number): Promise<AccountHistoryRecord[]> {
    return this.dataSource.query(
      `SELECT ${HISTORY_COLUMNS} FROM account_history h WHERE h.account_id = $1 AND ($2::timestamptz IS NULL OR h.valid_from < $2::timestamptz)
       ORDER BY h.valid_from DESC LIMIT $3`,
      [accountId, after ?? null, limit + 1],
    );
  }

  /** Open assignments first, then newest first; keyset on (open, started_at, id). */
  assignments(accountId: string, openOnly: boolean, after: { sortValue: string | number | null; id: string } | undefined, limit: number): Promise<(AssignmentRecord & { sortKey: string })[]> {
    return this.dataSource.query(
      `SELECT ${ASSIGNMENT_COLUMNS}, ((aa.ended_at IS NULL)::int || '|' || aa.started_at::text) AS "sortKey"
       FROM account_assignments aa JOIN managers m ON m.id = aa.manager_id
       WHERE aa.account_id = $1 AND (NOT $2 OR aa.ended_at IS NULL)
         AND ($3::text IS NULL OR ((aa.ended_at IS NULL)::int, aa.started_at, aa.id) < (split_part($3, '|', 1)::int, split_part($3, '|', 2)::timestamptz, $4::uuid))
       ORDER BY (aa.ended_at IS NULL)::int DESC, aa.started_at DESC, aa.id DESC LIMIT $5`,
      [accountId, openOnly, after?.sortValue ?? null, after?.id ?? null, limit + 1],
    );
  }

  async openAssignment(manager: EntityManager, accountId: string, role: AssignmentRole): Promise<AssignmentRecord | undefined> {
    const rows: AssignmentRecord[] = await manager.query(
      `SELECT ${ASSIGNMENT_COLUMNS} FROM account_assignments aa JOIN managers m ON m.id = aa.manager_id WHERE aa.account_id = $1 AND aa.role = $2 AND aa.ended_at IS NULL`,
      [accountId, role],
    );
    return rows[0];
  }

  /** Ends the open assignment of the role (if any) and opens the manager's, in the caller's transaction. */
  async replaceAssignment(manager: EntityManager, accountId: string, managerId: string, role: AssignmentRole, at: Date): Promise<AssignmentRecord> {
    await manager.query(
      `UPDATE account_assignments SET ended_at = GREATEST($3, started_at), updated_at = $3 WHERE account_id = $1 AND role = $2 AND ended_at IS NULL`,
      [accountId, role, at],
    );
    const rows: { id: string }[] = await manager.query(
      `INSERT INTO account_assignments (account_id, manager_id, role, started_at, created_at, updated_at) VALUES ($1, $2, $3, $4, $4, $4) RETURNING id`,
      [accountId, managerId, role, at],
    );
    const created: AssignmentRecord[] = await manager.query(
      `SELECT ${ASSIGNMENT_COLUMNS} FROM account_assignments aa JOIN managers m ON m.id = aa.manager_id WHERE aa.account_id = $1 AND aa.id = $2`,
      [accountId, rows[0].id],
    );
    return created[0];
  }

  /** A page of the accounts a health run scores at `asOf`, by id (keyset after `afterId`). */
  scoringAccountsPage(asOf: Date, afterId: string | null, limit: number): Promise<ScoringAccountRecord[]> {
    return this.dataSource.query(
      // The bound on h.account_id too: without it the merge join walked the history from the first
      // account on every page (quadratic: 2.3 s of a 100,000-account run, 0.2 s at 20,000).
      `SELECT ${SCORING_COLUMNS} FROM ${SCORING_FROM} AND ($2::uuid IS NULL OR (a.id > $2::uuid AND h.account_id > $2::uuid)) ORDER BY a.id LIMIT $3`,
      [asOf, afterId, limit],
    );
  }

  /** These accounts as a health run scores them at `asOf` (sandboxes, archived and not-yet-existing ones left out). */
  scoringAccountsByIds(ids: string[], asOf: Date): Promise<ScoringAccountRecord[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.dataSource.query(`SELECT ${SCORING_COLUMNS} FROM ${SCORING_FROM} AND a.id = ANY($2::uuid[]) ORDER BY a.id`, [asOf, ids]);
  }

  /** (child, parent) links among scored accounts at `asOf`: the organisations health runs roll up. */
  scoringParentLinks(asOf: Date): Promise<{ id: string; parentId: string }[]> {
    return this.dataSource.query(`SELECT a.id, a.parent_id AS "parentId" FROM ${SCORING_FROM} AND a.parent_id IS NOT NULL ORDER BY a.id`, [asOf]);
  }

  /** Which of a chunk of accounts had an executive sponsor assigned at `asOf`. */
  async executiveSponsorsAsOf(accountIds: string[], asOf: Date): Promise<Set<string>> {
    if (accountIds.length === 0) return new Set();
    const rows: { accountId: string }[] = await this.dataSource.query(
      `SELECT DISTINCT aa.account_id AS "accountId" FROM account_assignments aa
       WHERE aa.account_id = ANY($1::uuid[]) AND aa.role = 'exec_sponsor' AND aa.started_at <= $2 AND (aa.ended_at IS NULL OR aa.ended_at > $2)`,
      [accountIds, asOf],
    );
    return new Set(rows.map((row) => row.accountId));
  }

  /** Accounts whose row or assignments changed at or after `since`, with the latest such time (incremental health runs). */
  async changedAccountsSince(since: Date): Promise<Map<string, Date>> {
    const rows: { accountId: string; at: Date }[] = await this.dataSource.query(
      `SELECT account_id AS "accountId", max(at) AS at FROM (
         SELECT id AS account_id, updated_at AS at FROM accounts WHERE updated_at >= $1
         UNION ALL
         SELECT account_id, updated_at FROM account_assignments WHERE updated_at >= $1
       ) changes GROUP BY account_id`,
      [since],
    );
    return new Map(rows.map((row) => [row.accountId, row.at]));
  }
}
