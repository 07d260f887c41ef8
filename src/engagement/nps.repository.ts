import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { BulkCounts } from '../common/bulk/bulk-ingest';
import type { RespondentRole } from './nps-response.entity';
import type { TimeWindowFilter } from './touchpoint.repository';

export interface NpsWrite {
  accountId: string;
  externalId: string | null;
  score: number;
  respondentName: string | null;
  respondentEmail: string | null;
  respondentRole: RespondentRole | null;
  comment: string | null;
  respondedAt: string;
}

export interface NpsResponseRecord extends Omit<NpsWrite, 'respondedAt'> {
  id: string;
  respondedAt: Date;
  createdAt: Date;
  updatedAt: Date;
}

@Injectable()
export class NpsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * A batch's transaction. Batches into this table take turns: a streamed batch writes chunk after
   * chunk, and two batches sharing keys in different chunk orders would otherwise deadlock.
   */
  inIngestTransaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('ingest:nps_responses'))`);
      return work(manager);
    });
  }

  /** Writes a chunk in one statement; answers with an external id upsert on (account, external id). */
  async upsert(manager: EntityManager, rows: NpsWrite[], at: Date): Promise<BulkCounts> {
    if (rows.length === 0) return { inserted: 0, updated: 0, unchanged: 0 };
    const written: { inserted: boolean }[] = await manager.query(
      `INSERT INTO nps_responses AS n (account_id, external_id, score, respondent_name, respondent_email, respondent_role, comment, responded_at, created_at, updated_at)
       SELECT r.account_id, r.external_id, r.score, r.respondent_name, r.respondent_email, r.respondent_role, r.comment, r.responded_at, $9, $9
       FROM unnest($1::uuid[], $2::text[], $3::smallint[], $4::text[], $5::text[], $6::text[], $7::text[], $8::timestamptz[])
         AS r(account_id, external_id, score, respondent_name, respondent_email, respondent_role, comment, responded_at)
       ON CONFLICT (account_id, external_id) WHERE external_id IS NOT NULL DO UPDATE
         SET score = EXCLUDED.score, respondent_name = EXCLUDED.respondent_name, respondent_email = EXCLUDED.respondent_email,
             respondent_role = EXCLUDED.respondent_role, comment = EXCLUDED.comment, responded_at = EXCLUDED.responded_at, updated_at = EXCLUDED.updated_at
         WHERE (n.score, n.respondent_name, n.respondent_email, n.respondent_role, n.comment, n.responded_at)
           IS DISTINCT FROM (EXCLUDED.score, EXCLUDED.respondent_name, EXCLUDED.respondent_email, EXCLUDED.respondent_role, EXCLUDED.comment, EXCLUDED.responded_at)
       RETURNING (xmax = 0) AS inserted`,
      [
        rows.map((row) => row.accountId),
        rows.map((row) => row.externalId),
        rows.map((row) => row.score),
        rows.map((row) => row.respondentName),
        rows.map((row) => row.respondentEmail),
        rows.map((row) => row.respondentRole),
        rows.map((row) => row.comment),
        rows.map((row) => row.respondedAt),
        at,
      ],
    );
    const inserted = written.filter((row) => row.inserted).length;
    return { inserted, updated: written.length - inserted, unchanged: rows.length - written.length };
  }

  /** Newest first; keyset on (responded_at, id). */
  list(filter: TimeWindowFilter & { respondentRole?: RespondentRole }): Promise<NpsResponseRecord[]> {
    const params: unknown[] = [filter.accountId];
    const where = ['n.account_id = $1'];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    if (filter.from) where.push(`n.responded_at >= (${param(filter.from)}::date::timestamp AT TIME ZONE ${param(filter.timeZone)})`);
    if (filter.to) where.push(`n.responded_at < ((${param(filter.to)}::date + 1)::timestamp AT TIME ZONE ${param(filter.timeZone)})`);
    if (filter.respondentRole) where.push(`n.respondent_role = ${param(filter.respondentRole)}`);
    if (filter.after) where.push(`(n.responded_at, n.id) < (${param(filter.after.at)}::timestamptz, ${param(filter.after.id)}::uuid)`);
    return this.dataSource.query(
      `SELECT n.id, n.account_id AS "accountId", n.external_id AS "externalId", n.score, n.respondent_name AS "respondentName",
              n.respondent_email AS "respondentEmail", n.respondent_role AS "respondentRole", n.comment, n.responded_at AS "respondedAt",
              n.created_at AS "createdAt", n.updated_at AS "updatedAt"
       FROM nps_responses n
       WHERE ${where.join(' AND ')}
       ORDER BY n.responded_at DESC, n.id DESC LIMIT ${param(filter.limit + 1)}`,
      params,
    );
  }

  /**
   * Responses of a chunk of accounts answered in [from, asOf], for sentiment scoring (one
   * statement; older answers have faded to nothing, so the caller passes the fade window).
   */
  responsesForAccounts(accountIds: string[], from: Date, asOf: Date): Promise<{ accountId: string; score: number; respondedAt: Date; respondentRole: string | null }[]> {
    if (accountIds.length === 0) return Promise.resolve([]);
    return this.dataSource.query(
      `SELECT n.account_id AS "accountId", n.score, n.responded_at AS "respondedAt", n.respondent_role AS "respondentRole"
       FROM nps_responses n WHERE n.account_id = ANY($1::uuid[]) AND n.responded_at >= $2 AND n.responded_at <= $3
       ORDER BY n.account_id, n.responded_at`,
      [accountIds, from, asOf],
    );
  }

  /** Accounts with responses written at or after `since`, with the latest such time (incremental health runs). */
  async changedAccountsSince(since: Date): Promise<Map<string, Date>> {
    const rows: { accountId: string; at: Date }[] = await this.dataSource.query(
      `SELECT account_id AS "accountId", max(updated_at) AS at FROM nps_responses WHERE updated_at >= $1 GROUP BY account_id`,
      [since],
    );
    return new Map(rows.map((row) => [row.accountId, row.at]));
  }
}
