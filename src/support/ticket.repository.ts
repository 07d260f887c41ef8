import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { BulkCounts } from '../common/bulk/bulk-ingest';
import type { NormalisedTicket } from './ticket-rules';
import type { TicketEscalation, TicketSeverity, TicketStatus } from './ticket-sla';

/** A stored ticket with what its SLA depends on: the account's plan and segment when it was opened, and its region. */
export interface TicketRecord {
  id: string;
  accountId: string;
  externalId: string;
  severity: TicketSeverity;
  status: TicketStatus;
  statusHistory: { status: TicketStatus; at: string }[];
  subject: string | null;
  openedAt: Date;
  firstResponseAt: Date | null;
  resolvedAt: Date | null;
  escalation: TicketEscalation | null;
  createdAt: Date;
  updatedAt: Date;
  supportPlan: string | null;
  segment: string;
  region: string | null;
}

export interface TicketFilter {
  status?: TicketStatus;
  severity?: TicketSeverity;
  openedFrom?: Date;
  openedBefore?: Date;
  /** Leaves out tickets opened after this instant (reads as of a past moment). */
  openedBy?: Date;
  after?: { openedAt: string; id: string };
  limit?: number;
}

export type TicketWrite = NormalisedTicket & { accountId: string };

/** Tickets with the account's plan and segment from the history version in force at opening (current ones for older tickets) and its region. */
export const TICKET_SELECT = `SELECT t.id, t.account_id AS "accountId", t.external_id AS "externalId", t.severity, t.status, t.status_history AS "statusHistory", t.subject,
       t.opened_at AS "openedAt", t.first_response_at AS "firstResponseAt", t.resolved_at AS "resolvedAt", t.escalation,
       t.created_at AS "createdAt", t.updated_at AS "updatedAt",
       CASE WHEN h.found THEN h.support_plan ELSE a.support_plan END AS "supportPlan",
       COALESCE(h.segment, a.segment) AS segment, a.region
  FROM support_tickets t
  JOIN accounts a ON a.id = t.account_id
  LEFT JOIN LATERAL (
    SELECT true AS found, ah.support_plan, ah.segment FROM account_history ah
    WHERE ah.account_id = t.account_id AND ah.valid_from <= t.opened_at AND (ah.valid_to IS NULL OR ah.valid_to > t.opened_at)
    ORDER BY ah.valid_from DESC LIMIT 1
  ) h ON true`;

@Injectable()
export class TicketRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * A batch's transaction. Ticket batches take turns: a streamed batch writes chunk after chunk, and
   * two batches sharing tickets in different chunk orders would otherwise deadlock.
   */
  inIngestTransaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('ingest:support_tickets'))`);
      return work(manager);
    });
  }

  /**
   * Upserts a chunk of tickets on (account, external id) in one statement; a ticket whose every
   * field is unchanged is left alone and counted as unchanged.
   */
  async upsert(manager: EntityManager, tickets: TicketWrite[], at: Date): Promise<BulkCounts> {
    if (tickets.length === 0) return { inserted: 0, updated: 0, unchanged: 0 };
    const rows: { inserted: boolean }[] = await manager.query(
      `INSERT INTO support_tickets (account_id, external_id, severity, status, status_history, subject, opened_at, first_response_at, resolved_at, escalation, created_at, updated_at)
       SELECT r."accountId", r."externalId", r.severity, r.status, r."statusHistory", r.subject, r."openedAt", r."firstResponseAt", r."resolvedAt", r.escalation, $2, $2
       FROM jsonb_to_recordset($1::jsonb) AS r("accountId" uuid, "externalId" text, severity text, status text, "statusHistory" jsonb, subject text,
            "openedAt" timestamptz, "firstResponseAt" timestamptz, "resolvedAt" timestamptz, escalation text)
       ON CONFLICT (account_id, external_id) DO UPDATE SET severity = EXCLUDED.severity, status = EXCLUDED.status, status_history = EXCLUDED.status_history,
         subject = EXCLUDED.subject, opened_at = EXCLUDED.opened_at, first_response_at = EXCLUDED.first_response_at, resolved_at = EXCLUDED.resolved_at,
         escalation = EXCLUDED.escalation, updated_at = EXCLUDED.updated_at
       WHERE (support_tickets.severity, support_tickets.status, support_tickets.status_history, support_tickets.subject, support_tickets.opened_at,
              support_tickets.first_response_at, support_tickets.resolved_at, support_tickets.escalation)
         IS DISTINCT FROM (EXCLUDED.severity, EXCLUDED.status, EXCLUDED.status_history, EXCLUDED.subject, EXCLUDED.opened_at,
              EXCLUDED.first_response_at, EXCLUDED.resolved_at, EXCLUDED.escalation)
       RETURNING (xmax = 0) AS inserted`,
      [JSON.stringify(tickets), at],
    );
    const inserted = rows.filter((row) => row.inserted).length;
    return { inserted, updated: rows.length - inserted, unchanged: tickets.length - rows.length };
  }

  /**
   * An account's tickets, newest opening first (keyset on opened_at, id), each with the support plan
   * and segment from the account's history version in force when it was opened (the current ones
   * for tickets older than that history).
   */
  forAccount(accountId: string, filter: TicketFilter): Promise<TicketRecord[]> {
    const params: unknown[] = [accountId];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const where = ['t.account_id = $1'];
    if (filter.status) where.push(`t.status = ${param(filter.status)}`);
    if (filter.severity) where.push(`t.severity = ${param(filter.severity)}`);
    if (filter.openedFrom) where.push(`t.opened_at >= ${param(filter.openedFrom)}::timestamptz`);
    if (filter.openedBefore) where.push(`t.opened_at < ${param(filter.openedBefore)}::timestamptz`);
    if (filter.openedBy) where.push(`t.opened_at <= ${param(filter.openedBy)}::timestamptz`);
    if (filter.after) where.push(`(t.opened_at, t.id) < (${param(filter.after.openedAt)}::timestamptz, ${param(filter.after.id)}::uuid)`);
    const limit = filter.limit === undefined ? '' : `LIMIT ${param(filter.limit + 1)}`;
    return this.dataSource.query(`${TICKET_SELECT} WHERE ${where.join(' AND ')} ORDER BY t.opened_at DESC, t.id DESC ${limit}`, params);
  }

  /**
   * The tickets of many accounts that matter as of an instant: opened in [windowStart, asOf], or
   * opened earlier and still unresolved at asOf. One statement for the whole chunk of accounts.
   */
  forAccountsAsOf(accountIds: string[], windowStart: Date, asOf: Date): Promise<TicketRecord[]> {
    if (accountIds.length === 0) return Promise.resolve([]);
    return this.dataSource.query(
      `${TICKET_SELECT}
       WHERE t.account_id = ANY($1::uuid[]) AND t.opened_at <= $3
         AND (t.opened_at >= $2 OR t.resolved_at IS NULL OR t.resolved_at > $3)`,
      [accountIds, windowStart, asOf],
    );
  }

  /** When each account's ticket data last changed (by asOf), for staleness. */
  async lastUpdates(accountIds: string[], asOf: Date): Promise<Map<string, Date>> {
    if (accountIds.length === 0) return new Map();
    const rows: { accountId: string; at: Date }[] = await this.dataSource.query(
      `SELECT account_id AS "accountId", max(updated_at) AS at FROM support_tickets WHERE account_id = ANY($1::uuid[]) AND updated_at <= $2 GROUP BY account_id`,
      [accountIds, asOf],
    );
    return new Map(rows.map((row) => [row.accountId, row.at]));
  }

  /** Accounts with tickets written at or after `since`, with the latest such time (incremental health runs). */
  async changedAccountsSince(since: Date): Promise<Map<string, Date>> {
    const rows: { accountId: string; at: Date }[] = await this.dataSource.query(
      `SELECT account_id AS "accountId", max(updated_at) AS at FROM support_tickets WHERE updated_at >= $1 GROUP BY account_id`,
      [since],
    );
    return new Map(rows.map((row) => [row.accountId, row.at]));
  }
}
