import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { BulkCounts } from '../common/bulk/bulk-ingest';
import type { OutcomeKind } from './outcome.entity';

export interface OutcomeWrite {
  accountId: string;
  externalId: string | null;
  kind: OutcomeKind;
  date: string;
  arrChange: string;
  /** Null: the account's currency. */
  currency: string | null;
  note: string | null;
}

export interface OutcomeRecord {
  id: string;
  accountId: string;
  externalId: string | null;
  kind: OutcomeKind;
  date: string;
  arrChange: string;
  currency: string;
  note: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface OutcomeFilter {
  accountId: string;
  from?: string;
  to?: string;
  kind?: OutcomeKind;
  /** Keyset: rows strictly before this (date, id). */
  after?: { date: string; id: string };
  limit: number;
}

@Injectable()
export class OutcomeRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * A batch's transaction. Batches into this table take turns: a streamed batch writes chunk after
   * chunk, and two batches sharing keys in different chunk orders would otherwise deadlock.
   */
  inIngestTransaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('ingest:outcomes'))`);
      return work(manager);
    });
  }

  /**
   * Writes a chunk in one statement; outcomes with an external id upsert on (account, external id)
   * and are left alone when nothing changed. A missing currency takes the account's.
   */
  async upsert(manager: EntityManager, rows: OutcomeWrite[], at: Date): Promise<BulkCounts> {
    if (rows.length === 0) return { inserted: 0, updated: 0, unchanged: 0 };
    const written: { inserted: boolean }[] = await manager.query(
      `INSERT INTO outcomes AS o (account_id, external_id, kind, date, arr_change, currency, note, created_at, updated_at)
       SELECT r.account_id, r.external_id, r.kind, r.date, r.arr_change, COALESCE(r.currency, a.currency), r.note, $8, $8
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::date[], $5::numeric[], $6::text[], $7::text[]) AS r(account_id, external_id, kind, date, arr_change, currency, note)
       JOIN accounts a ON a.id = r.account_id
       ON CONFLICT (account_id, external_id) WHERE external_id IS NOT NULL DO UPDATE
         SET kind = EXCLUDED.kind, date = EXCLUDED.date, arr_change = EXCLUDED.arr_change, currency = EXCLUDED.currency, note = EXCLUDED.note, updated_at = EXCLUDED.updated_at
         WHERE (o.kind, o.date, o.arr_change, o.currency, o.note) IS DISTINCT FROM (EXCLUDED.kind, EXCLUDED.date, EXCLUDED.arr_change, EXCLUDED.currency, EXCLUDED.note)
       RETURNING (xmax = 0) AS inserted`,
      [
        rows.map((row) => row.accountId),
        rows.map((row) => row.externalId),
        rows.map((row) => row.kind),
        rows.map((row) => row.date),
        rows.map((row) => row.arrChange),
        rows.map((row) => row.currency),
        rows.map((row) => row.note),
        at,
      ],
    );
    const inserted = written.filter((row) => row.inserted).length;
    return { inserted, updated: written.length - inserted, unchanged: rows.length - written.length };
  }

  /** Newest first; keyset on (date, id). */
  list(filter: OutcomeFilter): Promise<OutcomeRecord[]> {
    const params: unknown[] = [filter.accountId];
    const where = ['o.account_id = $1'];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    if (filter.from) where.push(`o.date >= ${param(filter.from)}::date`);
    if (filter.to) where.push(`o.date <= ${param(filter.to)}::date`);
    if (filter.kind) where.push(`o.kind = ${param(filter.kind)}`);
    if (filter.after) where.push(`(o.date, o.id) < (${param(filter.after.date)}::date, ${param(filter.after.id)}::uuid)`);
    return this.dataSource.query(
      `SELECT o.id, o.account_id AS "accountId", o.external_id AS "externalId", o.kind, o.date, o.arr_change::text AS "arrChange", o.currency, o.note,
              o.created_at AS "createdAt", o.updated_at AS "updatedAt"
       FROM outcomes o
       WHERE ${where.join(' AND ')}
       ORDER BY o.date DESC, o.id DESC LIMIT ${param(filter.limit + 1)}`,
      params,
    );
  }
}
