import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { TicketSlaInput } from './ticket-sla-view';

export interface TicketForAlerts extends TicketSlaInput {
  id: string;
  accountId: string;
  externalId: string;
  subject: string | null;
}

/**
 * The tickets SLA alerts judge, set-based: opened in [windowStart, asOf] and unresolved at asOf or
 * resolved after `resolvedSince`, for a chunk of accounts or for every live account (not archived,
 * not a sandbox). Plan and segment come from the account's history version in force at opening,
 * as TicketRepository reads them for SLA views, so alerts and the ticket list agree.
 */
@Injectable()
export class TicketAlertReadsRepository {
  async ticketsForSlaAlerts(manager: EntityManager, accountIds: string[] | 'all-live', windowStart: Date, resolvedSince: Date, asOf: Date): Promise<TicketForAlerts[]> {
    if (accountIds !== 'all-live' && accountIds.length === 0) return [];
    const accounts = accountIds === 'all-live' ? 'a.archived_at IS NULL AND NOT a.is_test' : 't.account_id = ANY($4::uuid[])';
    return manager.query(
      `SELECT t.id, t.account_id AS "accountId", t.external_id AS "externalId", t.severity, t.subject, t.status_history AS "statusHistory",
              t.opened_at AS "openedAt", t.first_response_at AS "firstResponseAt", t.resolved_at AS "resolvedAt",
              CASE WHEN h.found THEN h.support_plan ELSE a.support_plan END AS "supportPlan",
              COALESCE(h.segment, a.segment) AS segment, a.region
       FROM support_tickets t
       JOIN accounts a ON a.id = t.account_id
       LEFT JOIN LATERAL (
         SELECT true AS found, ah.support_plan, ah.segment FROM account_history ah
         WHERE ah.account_id = t.account_id AND ah.valid_from <= t.opened_at AND (ah.valid_to IS NULL OR ah.valid_to > t.opened_at)
         ORDER BY ah.valid_from DESC LIMIT 1
       ) h ON true
       WHERE ${accounts} AND t.opened_at >= $1 AND t.opened_at <= $3 AND (t.resolved_at IS NULL OR t.resolved_at > $2)`,
      accountIds === 'all-live' ? [windowStart, resolvedSince, asOf] : [windowStart, resolvedSince, asOf, accountIds],
    );
  }
}
