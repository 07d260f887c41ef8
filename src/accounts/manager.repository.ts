import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AccountScope, accountScopeCondition, SqlCondition } from '../auth/account-scope';
import type { AssignmentRole } from './account-assignment.entity';
import type { ManagerRole } from './manager.entity';
import type { CurrencyTotal } from './fx-rate.repository';

export interface ManagerRecord {
  id: string;
  name: string;
  email: string;
  role: ManagerRole;
  timezone: string;
  leadId: string | null;
  capacity: number | null;
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface NewManager {
  name: string;
  email: string;
  role: ManagerRole;
  timezone: string;
  leadId: string | null;
  capacity: number | null;
  active: boolean;
}

export interface ManagerFilter {
  role?: ManagerRole;
  leadId?: string;
  active?: boolean;
  q?: string;
  after?: { name: string; id: string };
  limit: number;
}

export interface BookEntry {
  role: AssignmentRole;
  since: Date;
  accountId: string;
  externalId: string;
  name: string;
  segment: string;
  arr: string;
  currency: string;
  renewalDate: string | null;
}

export interface PortfolioHealthAccount {
  accountId: string;
  externalId: string;
  name: string;
  segment: string;
  parentId: string | null;
  /** Has a live child account: its ARR is its children's, so it is left out of ARR at risk. */
  hasChildren: boolean;
  /** Effective: a live override's score and band when there is one, else the computed ones. */
  score: number | null;
  band: string;
  overridden: boolean;
  computedScore: number | null;
  computedBand: string;
  change7Days: number | null;
  arr: string;
  currency: string;
  /** Null when the currency has no rate on the portfolio's date. */
  arrReporting: string | null;
  renewalDate: string | null;
}

export interface PortfolioHealth {
  countsByBand: { green: number; yellow: number; red: number; unknown: number };
  arrAtRisk: {
    reportingCurrency: string;
    date: string;
    basis: 'accounts-without-children';
    total: string | null;
    convertedTotal: string;
    yellow: string;
    red: string;
    complete: boolean;
    accounts: number;
    missingRates: { currency: string; date: string }[];
  };
  renewalsNext90Days: number;
  renewalsNext180Days: number;
  accounts: PortfolioHealthAccount[];
}

export interface Portfolio {
  managerId: string;
  includeTeam: boolean;
  accounts: number;
  accountsByRole: Record<string, number>;
  accountsBySegment: Record<string, number>;
  renewalsNext90Days: number;
  arr: {
    reportingCurrency: string;
    date: string;
    total: string | null;
    convertedTotal: string;
    complete: boolean;
    missingRates: { currency: string; date: string }[];
    byCurrency: CurrencyTotal[];
  };
  health: PortfolioHealth;
}

const COLUMNS = `m.id, m.name, m.email, m.role, m.timezone, m.lead_id AS "leadId", m.capacity, m.active, m.created_at AS "createdAt", m.updated_at AS "updatedAt"`;

/** Which managers a key sees: a csm key itself, a lead key itself and its team, others everyone. */
export function managerScopeCondition(scope: AccountScope, firstParam: number): SqlCondition {
  switch (scope.kind) {
    case 'all':
      return { sql: 'TRUE', params: [] };
    case 'manager':
      return { sql: `m.id = $${firstParam}`, params: [scope.managerId] };
    case 'team':
      return { sql: `(m.id = $${firstParam} OR m.lead_id = $${firstParam})`, params: [scope.leadId] };
  }
}

@Injectable()
export class ManagerRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async findById(id: string, scope: AccountScope): Promise<ManagerRecord | undefined> {
    const condition = managerScopeCondition(scope, 2);
    const rows: ManagerRecord[] = await this.dataSource.query(`SELECT ${COLUMNS} FROM managers m WHERE m.id = $1 AND ${condition.sql}`, [id, ...condition.params]);
    return rows[0];
  }

  /** By name, then id; keyset on (name, id). */
  list(filter: ManagerFilter, scope: AccountScope): Promise<ManagerRecord[]> {
    const params: unknown[] = [];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const condition = managerScopeCondition(scope, 1);
    params.push(...condition.params);
    const where = [condition.sql];
    if (filter.role) where.push(`m.role = ${param(filter.role)}`);
    if (filter.leadId) where.push(`m.lead_id = ${param(filter.leadId)}::uuid`);
    if (filter.active !== undefined) where.push(`m.active = ${param(filter.active)}`);
    if (filter.q) {
      const pattern = param(`%${filter.q.replace(/[\\%_]/g, (match) => `\\${match}`)}%`);
      where.push(`(m.name ILIKE ${pattern} OR m.email ILIKE ${pattern})`);
    }
    if (filter.after) where.push(`(m.name, m.id) > (${param(filter.after.name)}, ${param(filter.after.id)}::uuid)`);
    return this.dataSource.query(`SELECT ${COLUMNS} FROM managers m WHERE ${where.join(' AND ')} ORDER BY m.name, m.id LIMIT ${param(filter.limit + 1)}`, params);
  }

  async existingIds(ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows: { id: string }[] = await this.dataSource.query('SELECT id FROM managers WHERE id = ANY($1::uuid[])', [ids]);
    return new Set(rows.map((row) => row.id));
  }

  async emailTaken(email: string, exceptId: string | null): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query('SELECT 1 FROM managers WHERE email = $1 AND id IS DISTINCT FROM $2::uuid', [email, exceptId]);
    return rows.length > 0;
  }

  /** True when making `leadId` the lead of `managerId` would put the manager above itself. */
  async leadWouldCycle(managerId: string, leadId: string): Promise<boolean> {
    const rows: { cycle: boolean }[] = await this.dataSource.query(
      `WITH RECURSIVE chain(id, depth) AS (
         SELECT $2::uuid, 1
         UNION ALL
         SELECT m.lead_id, chain.depth + 1 FROM chain JOIN managers m ON m.id = chain.id
         WHERE m.lead_id IS NOT NULL AND chain.id <> $1::uuid AND chain.depth < 1000
       )
       SELECT EXISTS (SELECT 1 FROM chain WHERE id = $1::uuid) AS cycle`,
      [managerId, leadId],
    );
    return rows[0].cycle;
  }

  /** Undefined when the email is taken (unique index); other conflicts raise. */
  async insert(manager: NewManager, at: Date): Promise<ManagerRecord | undefined> {
    const rows: ManagerRecord[] = await this.dataSource.query(
      `INSERT INTO managers AS m (name, email, role, timezone, lead_id, capacity, active, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) ON CONFLICT (email) DO NOTHING RETURNING ${COLUMNS}`,
      [manager.name, manager.email, manager.role, manager.timezone, manager.leadId, manager.capacity, manager.active, at],
    );
    return rows[0];
  }

  async update(id: string, manager: NewManager, at: Date): Promise<ManagerRecord | undefined> {
    const rows: [ManagerRecord[], number] = await this.dataSource.query(
      `UPDATE managers m SET name = $2, email = $3, role = $4, timezone = $5, lead_id = $6, capacity = $7, active = $8,
         updated_at = CASE WHEN (m.name, m.email, m.role, m.timezone, m.lead_id, m.capacity, m.active) IS DISTINCT FROM ($2, $3, $4, $5, $6::uuid, $7::int, $8::boolean) THEN $9 ELSE m.updated_at END
       WHERE m.id = $1 RETURNING ${COLUMNS}`,
      [id, manager.name, manager.email, manager.role, manager.timezone, manager.leadId, manager.capacity, manager.active, at],
    );
    return rows[0][0];
  }

  /** Open assignments of the manager on live accounts the key may see. */
  book(managerId: string, scope: AccountScope, role: AssignmentRole | undefined): Promise<BookEntry[]> {
    const condition = accountScopeCondition(scope, 'a.id', 3);
    return this.dataSource.query(
      `SELECT aa.role, aa.started_at AS since, a.id AS "accountId", a.external_id AS "externalId", a.name, a.segment, a.arr::text AS arr, a.currency, a.renewal_date AS "renewalDate"
       FROM account_assignments aa JOIN accounts a ON a.id = aa.account_id
       WHERE aa.manager_id = $1 AND aa.ended_at IS NULL AND a.archived_at IS NULL AND ($2::text IS NULL OR aa.role = $2) AND ${condition.sql}
       ORDER BY aa.role, a.name, a.id`,
      [managerId, role ?? null, ...condition.params],
    );
  }

  /**
   * The accounts of a portfolio as a condition on `a.id`: live, non-test accounts where the manager
   * (and with `includeTeam`, a manager they lead) holds an open assignment, within the key's scope.
   */
  portfolioCondition(managerId: string, includeTeam: boolean, scope: AccountScope, firstParam: number): SqlCondition {
    const scoped = accountScopeCondition(scope, 'a.id', firstParam + 1);
    return {
      sql: `a.archived_at IS NULL AND NOT a.is_test AND a.id IN (
              SELECT pa.account_id FROM account_assignments pa JOIN managers pm ON pm.id = pa.manager_id
              WHERE pa.ended_at IS NULL AND (pm.id = $${firstParam}::uuid ${includeTeam ? `OR pm.lead_id = $${firstParam}::uuid` : ''})
            ) AND ${scoped.sql}`,
      params: [managerId, ...scoped.params],
    };
  }

  async portfolioCounts(
    accounts: SqlCondition,
    date: string,
  ): Promise<{ accounts: number; renewalsNext90Days: number; bySegment: Record<string, number>; byRole: Record<string, number> }> {
    const base = accounts.params.length;
    const rows: { accounts: number; renewals: number; by_segment: Record<string, number> | null; by_role: Record<string, number> | null }[] = await this.dataSource.query(
      `WITH p AS (SELECT a.id, a.segment, a.renewal_date FROM accounts a WHERE ${accounts.sql})
       SELECT (SELECT count(*)::int FROM p) AS accounts,
              (SELECT count(*)::int FROM p WHERE p.renewal_date BETWEEN $${base + 1}::date AND $${base + 1}::date + 90) AS renewals,
              (SELECT jsonb_object_agg(segment, n) FROM (SELECT segment, count(*)::int AS n FROM p GROUP BY segment) s) AS by_segment,
              (SELECT jsonb_object_agg(role, n) FROM (SELECT aa.role, count(DISTINCT aa.account_id)::int AS n FROM account_assignments aa JOIN p ON p.id = aa.account_id WHERE aa.ended_at IS NULL GROUP BY aa.role) r) AS by_role`,
      [...accounts.params, date],
    );
    const row = rows[0];
    return { accounts: row.accounts, renewalsNext90Days: row.renewals, bySegment: row.by_segment ?? {}, byRole: row.by_role ?? {} };
  }

  /**
   * The portfolio's accounts with their current health (LEFT JOIN: an unscored account reads
   * band `unknown`) and the override live at `now` (it decides the effective score and band), the
   * change over 7 days and ARR in the reporting currency with the rate of `date` (null when that
   * day has no rate) — one statement for the whole portfolio.
   */
  portfolioHealthAccounts(accounts: SqlCondition, date: string, reportingCurrency: string, now: Date): Promise<PortfolioHealthAccount[]> {
    const base = accounts.params.length;
    return this.dataSource.query(
      `SELECT a.id AS "accountId", a.external_id AS "externalId", a.name, a.segment, a.parent_id AS "parentId",
              EXISTS (SELECT 1 FROM accounts c WHERE c.parent_id = a.id AND c.archived_at IS NULL) AS "hasChildren",
              COALESCE(o.score, h.score)::float8 AS score, COALESCE(o.band, h.band, 'unknown') AS band, o.account_id IS NOT NULL AS overridden,
              h.score::float8 AS "computedScore", COALESCE(h.band, 'unknown') AS "computedBand",
              (h.change -> 'sinceWeekAgo' ->> 'change')::float8 AS "change7Days",
              a.arr::numeric(16,2)::text AS arr, a.currency,
              (a.arr * CASE WHEN a.currency = $${base + 2} THEN 1 ELSE r.rate END)::numeric(16,2)::text AS "arrReporting",
              a.renewal_date::text AS "renewalDate"
       FROM accounts a
       LEFT JOIN account_health_current h ON h.account_id = a.id
       LEFT JOIN health_overrides o ON o.account_id = a.id AND o.cleared_at IS NULL AND o.expires_at > $${base + 3}
       LEFT JOIN fx_rates r ON r.currency = a.currency AND r.date = $${base + 1}::date
       WHERE ${accounts.sql}
       ORDER BY COALESCE(o.score, h.score) ASC NULLS LAST, a.name, a.id`,
      [...accounts.params, date, reportingCurrency, now],
    );
  }
}
