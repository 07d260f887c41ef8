import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { BulkCounts } from '../common/bulk/bulk-ingest';
import type { NormalisedTicket } from './ticket-rules';
import type { SlaClock } from './sla-clock';
import type { TicketEscalation, TicketSeverity, TicketStatus } from './ticket-sla';
import type { StoredTicketSla } from './ticket-sla-stored';
import type { SlaAccountHistory, TicketSlaAccount } from './ticket-sla-view';

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

export type TicketWrite = NormalisedTicket & { accountId: string; sla: StoredTicketSla };

/**
 * The account's plan and segment from the history version in force when the ticket was opened (the
 * current ones for tickets older than that history), and its region: what a ticket's SLA policy and
 * calendar are chosen by. Needs `accounts a`; `accountId` and `openedAt` are SQL expressions.
 * `slaAccountAt` makes the same choice in TypeScript for tickets about to be written.
 */
function slaAccountJoin(accountId: string, openedAt: string): string {
  return `JOIN accounts a ON a.id = ${accountId}
  LEFT JOIN LATERAL (
    SELECT true AS found, ah.support_plan, ah.segment FROM account_history ah
    WHERE ah.account_id = ${accountId} AND ah.valid_from <= ${openedAt} AND (ah.valid_to IS NULL OR ah.valid_to > ${openedAt})
    ORDER BY ah.valid_from DESC LIMIT 1
  ) h ON true`;
}

const SLA_ACCOUNT_COLUMNS = `CASE WHEN h.found THEN h.support_plan ELSE a.support_plan END AS "supportPlan", COALESCE(h.segment, a.segment) AS segment, a.region`;

/** Tickets with the account's plan and segment from the history version in force at opening (current ones for older tickets) and its region. */
export const TICKET_SELECT = `SELECT t.id, t.account_id AS "accountId", t.external_id AS "externalId", t.severity, t.status, t.status_history AS "statusHistory", t.subject,
       t.opened_at AS "openedAt", t.first_response_at AS "firstResponseAt", t.resolved_at AS "resolvedAt", t.escalation,
       t.created_at AS "createdAt", t.updated_at AS "updatedAt",
       ${SLA_ACCOUNT_COLUMNS}
  FROM support_tickets t
  ${slaAccountJoin('t.account_id', 't.opened_at')}`;

/** Which stored tickets a recompute of their SLA columns reads. */
export interface TicketSlaFilter {
  /** Only these accounts' tickets. */
  accountIds?: string[];
  severities?: TicketSeverity[];
  /** Only tickets whose stored policy runs on this clock (calendar changes touch business-hours tickets only). */
  clock?: SlaClock;
  /** Only tickets whose SLA columns were never computed (rows from before the TicketSlaDueTimes migration). */
  uncomputedOnly?: boolean;
}

export type StoredSlaRow = StoredTicketSla & { accountId: string; id: string };

const STORED_SLA_COLUMNS = `r."supportPlan", r.clock, r."firstResponseTargetMinutes", r."resolutionTargetMinutes", r."firstResponseDueAt", r."resolutionDueAt", r."firstResponseOutcome", r."resolutionOutcome"`;
const STORED_SLA_RECORD = `"supportPlan" text, clock text, "firstResponseTargetMinutes" int, "resolutionTargetMinutes" int,
            "firstResponseDueAt" timestamptz, "resolutionDueAt" timestamptz, "firstResponseOutcome" text, "resolutionOutcome" text`;
const STORED_SLA_TARGETS = `sla_support_plan, sla_clock, first_response_target_minutes, resolution_target_minutes, first_response_due_at, resolution_due_at, first_response_outcome, resolution_outcome`;

@Injectable()
export class TicketRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * A batch's transaction. Ticket batches take turns: a streamed batch writes chunk after chunk, and
   * two batches sharing tickets in different chunk orders would otherwise deadlock.
   */
  inIngestTransaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      await this.lockTicketWrites(manager);
      return work(manager);
    });
  }

  /**
   * Takes, for the rest of the transaction, the lock ticket ingest holds: whoever writes SLA
   * columns (ingest, recomputes after an SLA policy, calendar or account change, the backfill) takes
   * it before reading what it computes from, so none of them writes due times from a configuration
   * another one is replacing.
   */
  async lockTicketWrites(manager: EntityManager): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('ingest:support_tickets'))`);
  }

  /**
   * Upserts a chunk of tickets on (account, external id) in one statement, with their SLA columns
   * (computed by the caller); a ticket whose every field is unchanged is left alone and counted as
   * unchanged.
   */
  async upsert(manager: EntityManager, tickets: TicketWrite[], at: Date): Promise<BulkCounts> {
    if (tickets.length === 0) return { inserted: 0, updated: 0, unchanged: 0 };
    const flat = tickets.map(({ sla, ...ticket }) => ({ ...ticket, ...sla }));
    const rows: { inserted: boolean }[] = await manager.query(
      `INSERT INTO support_tickets (account_id, external_id, severity, status, status_history, subject, opened_at, first_response_at, resolved_at, escalation,
              ${STORED_SLA_TARGETS}, sla_computed_at, created_at, updated_at)
       SELECT r."accountId", r."externalId", r.severity, r.status, r."statusHistory", r.subject, r."openedAt", r."firstResponseAt", r."resolvedAt", r.escalation,
              ${STORED_SLA_COLUMNS}, $2, $2, $2
       FROM jsonb_to_recordset($1::jsonb) AS r("accountId" uuid, "externalId" text, severity text, status text, "statusHistory" jsonb, subject text,
            "openedAt" timestamptz, "firstResponseAt" timestamptz, "resolvedAt" timestamptz, escalation text, ${STORED_SLA_RECORD})
       ON CONFLICT (account_id, external_id) DO UPDATE SET severity = EXCLUDED.severity, status = EXCLUDED.status, status_history = EXCLUDED.status_history,
         subject = EXCLUDED.subject, opened_at = EXCLUDED.opened_at, first_response_at = EXCLUDED.first_response_at, resolved_at = EXCLUDED.resolved_at,
         escalation = EXCLUDED.escalation, updated_at = EXCLUDED.updated_at,
         sla_support_plan = EXCLUDED.sla_support_plan, sla_clock = EXCLUDED.sla_clock, first_response_target_minutes = EXCLUDED.first_response_target_minutes,
         resolution_target_minutes = EXCLUDED.resolution_target_minutes, first_response_due_at = EXCLUDED.first_response_due_at,
         resolution_due_at = EXCLUDED.resolution_due_at, first_response_outcome = EXCLUDED.first_response_outcome,
         resolution_outcome = EXCLUDED.resolution_outcome, sla_computed_at = EXCLUDED.sla_computed_at
       WHERE (support_tickets.severity, support_tickets.status, support_tickets.status_history, support_tickets.subject, support_tickets.opened_at,
              support_tickets.first_response_at, support_tickets.resolved_at, support_tickets.escalation)
         IS DISTINCT FROM (EXCLUDED.severity, EXCLUDED.status, EXCLUDED.status_history, EXCLUDED.subject, EXCLUDED.opened_at,
              EXCLUDED.first_response_at, EXCLUDED.resolved_at, EXCLUDED.escalation)
       RETURNING (xmax = 0) AS inserted`,
      [JSON.stringify(flat), at],
    );
    const inserted = rows.filter((row) => row.inserted).length;
    return { inserted, updated: rows.length - inserted, unchanged: tickets.length - rows.length };
  }

  /**
   * The accounts of tickets about to be written, with their history of plan and segment (newest
   * first), so the caller can pick the version in force at each ticket's opening
   * (`slaAccountAt`) without a history lookup per ticket. One statement for the chunk.
   */
  async slaAccounts(manager: EntityManager, accountIds: string[]): Promise<Map<string, SlaAccountHistory>> {
    if (accountIds.length === 0) return new Map();
    const rows: (TicketSlaAccount & { id: string; history: { validFrom: string; validTo: string | null; supportPlan: string | null; segment: string | null }[] })[] = await manager.query(
      `SELECT a.id, a.support_plan AS "supportPlan", a.segment, a.region,
              COALESCE((SELECT json_agg(json_build_object('validFrom', ah.valid_from, 'validTo', ah.valid_to, 'supportPlan', ah.support_plan, 'segment', ah.segment) ORDER BY ah.valid_from DESC)
                        FROM account_history ah WHERE ah.account_id = a.id), '[]') AS history
       FROM accounts a WHERE a.id = ANY($1::uuid[])`,
      [[...new Set(accountIds)]],
    );
    return new Map(
      rows.map((row) => [
        row.id,
        {
          current: { supportPlan: row.supportPlan, segment: row.segment, region: row.region },
          history: row.history.map((version) => ({
            validFromMs: Date.parse(version.validFrom),
            validToMs: version.validTo === null ? null : Date.parse(version.validTo),
            supportPlan: version.supportPlan,
            segment: version.segment,
          })),
        },
      ]),
    );
  }

  /**
   * The next chunk of stored tickets a recompute of their SLA columns covers, in (account, id)
   * order after `after`. Read in the recompute's transaction.
   */
  slaRecomputeChunk(manager: EntityManager, filter: TicketSlaFilter, after: { accountId: string; id: string } | null, limit: number): Promise<TicketRecord[]> {
    const params: unknown[] = [];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const where: string[] = [];
    if (filter.accountIds) where.push(`t.account_id = ANY(${param(filter.accountIds)}::uuid[])`);
    if (filter.severities) where.push(`t.severity = ANY(${param(filter.severities)}::text[])`);
    if (filter.clock) where.push(`t.sla_clock = ${param(filter.clock)}`);
    if (filter.uncomputedOnly) where.push('t.sla_computed_at IS NULL');
    if (after) where.push(`(t.account_id, t.id) > (${param(after.accountId)}::uuid, ${param(after.id)}::uuid)`);
    const condition = where.length === 0 ? 'TRUE' : where.join(' AND ');
    return manager.query(`${TICKET_SELECT} WHERE ${condition} ORDER BY t.account_id, t.id LIMIT ${param(limit)}`, params);
  }

  /**
   * Writes recomputed SLA columns of a chunk in one statement, touching only rows whose values
   * differ (or were never computed): an unchanged row keeps its row version, so exports do not
   * send it again. `updated_at` stays: it is when the help desk's data last changed. Returns the
   * number of rows rewritten.
   */
  async writeStoredSla(manager: EntityManager, rows: StoredSlaRow[], at: Date): Promise<number> {
    if (rows.length === 0) return 0;
    const [, count]: [unknown, number] = await manager.query(
      `UPDATE support_tickets t SET (${STORED_SLA_TARGETS}, sla_computed_at) = (${STORED_SLA_COLUMNS}, $2)
       FROM jsonb_to_recordset($1::jsonb) AS r("accountId" uuid, id uuid, ${STORED_SLA_RECORD})
       WHERE t.account_id = r."accountId" AND t.id = r.id
         AND (t.sla_computed_at IS NULL OR (${STORED_SLA_TARGETS.split(', ').map((column) => `t.${column}`).join(', ')}) IS DISTINCT FROM (${STORED_SLA_COLUMNS}))`,
      [JSON.stringify(rows), at],
    );
    return count;
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

  /** The tickets of many accounts opened in [from, before) and by `openedBy`, in one statement (SLA attainment of many accounts). */
  forAccountsOpenedBetween(accountIds: string[], from: Date, before: Date, openedBy: Date): Promise<TicketRecord[]> {
    if (accountIds.length === 0) return Promise.resolve([]);
    return this.dataSource.query(
      `${TICKET_SELECT} WHERE t.account_id = ANY($1::uuid[]) AND t.opened_at >= $2 AND t.opened_at < $3 AND t.opened_at <= $4`,
      [accountIds, from, before, openedBy],
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
