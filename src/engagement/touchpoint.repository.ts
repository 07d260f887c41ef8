import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { BulkCounts } from '../common/bulk/bulk-ingest';
import type { TouchpointKind } from './touchpoint.entity';

export interface TouchpointWrite {
  accountId: string;
  externalId: string | null;
  kind: TouchpointKind;
  managerId: string | null;
  occurredAt: string;
  note: string | null;
}

export interface TouchpointRecord {
  id: string;
  accountId: string;
  externalId: string | null;
  kind: TouchpointKind;
  managerId: string | null;
  managerName: string | null;
  managerEmail: string | null;
  occurredAt: Date;
  note: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface TimeWindowFilter {
  accountId: string;
  /** Inclusive calendar days in `timeZone`. */
  from?: string;
  to?: string;
  timeZone: string;
  /** Keyset: rows strictly older than this (instant, id). */
  after?: { at: string; id: string };
  limit: number;
}

@Injectable()
export class TouchpointRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * A batch's transaction. Batches into this table take turns: a streamed batch writes chunk after
   * chunk, and two batches sharing keys in different chunk orders would otherwise deadlock.
   */
  inIngestTransaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('ingest:touchpoints'))`);
      return work(manager);
    });
  }

  /** Manager ids for references by id or by email (lower-cased), in one statement. */
  async managerIds(manager: EntityManager, ids: string[], emails: string[]): Promise<{ byId: Set<string>; byEmail: Map<string, string> }> {
    if (ids.length + emails.length === 0) return { byId: new Set(), byEmail: new Map() };
    const rows: { id: string; email: string }[] = await manager.query(`SELECT m.id, m.email FROM managers m WHERE m.id = ANY($1::uuid[]) OR m.email = ANY($2::text[])`, [ids, emails]);
    return { byId: new Set(rows.map((row) => row.id)), byEmail: new Map(rows.map((row) => [row.email, row.id])) };
  }

  /**
   * Writes a chunk in one statement. Rows with an external id upsert on (account, external id)
   * and are left alone when nothing changed; rows without one are new touchpoints.
   */
  async upsert(manager: EntityManager, rows: TouchpointWrite[], at: Date): Promise<BulkCounts> {
    if (rows.length === 0) return { inserted: 0, updated: 0, unchanged: 0 };
    const written: { inserted: boolean }[] = await manager.query(
      `INSERT INTO touchpoints AS t (account_id, external_id, kind, manager_id, occurred_at, note, created_at, updated_at)
       SELECT r.account_id, r.external_id, r.kind, r.manager_id, r.occurred_at, r.note, $7, $7
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::uuid[], $5::timestamptz[], $6::text[]) AS r(account_id, external_id, kind, manager_id, occurred_at, note)
       ON CONFLICT (account_id, external_id) WHERE external_id IS NOT NULL DO UPDATE
         SET kind = EXCLUDED.kind, manager_id = EXCLUDED.manager_id, occurred_at = EXCLUDED.occurred_at, note = EXCLUDED.note, updated_at = EXCLUDED.updated_at
         WHERE (t.kind, t.manager_id, t.occurred_at, t.note) IS DISTINCT FROM (EXCLUDED.kind, EXCLUDED.manager_id, EXCLUDED.occurred_at, EXCLUDED.note)
       RETURNING (xmax = 0) AS inserted`,
      [
        rows.map((row) => row.accountId),
        rows.map((row) => row.externalId),
        rows.map((row) => row.kind),
        rows.map((row) => row.managerId),
        rows.map((row) => row.occurredAt),
        rows.map((row) => row.note),
        at,
      ],
    );
    const inserted = written.filter((row) => row.inserted).length;
    return { inserted, updated: written.length - inserted, unchanged: rows.length - written.length };
  }

  /** Newest first; keyset on (occurred_at, id). */
  list(filter: TimeWindowFilter & { kind?: TouchpointKind; managerId?: string }): Promise<TouchpointRecord[]> {
    const params: unknown[] = [filter.accountId];
    const where = ['t.account_id = $1'];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    if (filter.from) where.push(`t.occurred_at >= (${param(filter.from)}::date::timestamp AT TIME ZONE ${param(filter.timeZone)})`);
    if (filter.to) where.push(`t.occurred_at < ((${param(filter.to)}::date + 1)::timestamp AT TIME ZONE ${param(filter.timeZone)})`);
    if (filter.kind) where.push(`t.kind = ${param(filter.kind)}`);
    if (filter.managerId) where.push(`t.manager_id = ${param(filter.managerId)}::uuid`);
    if (filter.after) where.push(`(t.occurred_at, t.id) < (${param(filter.after.at)}::timestamptz, ${param(filter.after.id)}::uuid)`);
    return this.dataSource.query(
      `SELECT t.id, t.account_id AS "accountId", t.external_id AS "externalId", t.kind, t.manager_id AS "managerId", m.name AS "managerName",
              m.email AS "managerEmail", t.occurred_at AS "occurredAt", t.note, t.created_at AS "createdAt", t.updated_at AS "updatedAt"
       FROM touchpoints t LEFT JOIN managers m ON m.id = t.manager_id
       WHERE ${where.join(' AND ')}
       ORDER BY t.occurred_at DESC, t.id DESC LIMIT ${param(filter.limit + 1)}`,
      params,
    );
  }

  /** The latest touchpoint at or before `asOf` of each account of a chunk (accounts without one are absent). */
  async lastTouchpoints(accountIds: string[], asOf: Date): Promise<Map<string, Date>> {
    if (accountIds.length === 0) return new Map();
    const rows: { accountId: string; at: Date }[] = await this.dataSource.query(
      `SELECT t.account_id AS "accountId", max(t.occurred_at) AS at FROM touchpoints t
       WHERE t.account_id = ANY($1::uuid[]) AND t.occurred_at <= $2 GROUP BY t.account_id`,
      [accountIds, asOf],
    );
    return new Map(rows.map((row) => [row.accountId, row.at]));
  }

  /** Accounts with touchpoints written at or after `since`, with the latest such time (incremental health runs). */
  async changedAccountsSince(since: Date): Promise<Map<string, Date>> {
    const rows: { accountId: string; at: Date }[] = await this.dataSource.query(
      `SELECT account_id AS "accountId", max(updated_at) AS at FROM touchpoints WHERE updated_at >= $1 GROUP BY account_id`,
      [since],
    );
    return new Map(rows.map((row) => [row.accountId, row.at]));
  }
}
