import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { TicketSlaInput } from './ticket-sla-view';
import { TICKET_SELECT } from './ticket.repository';

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
 * through TicketRepository's own select, so alerts and the ticket list agree.
 */
@Injectable()
export class TicketAlertReadsRepository {
  async ticketsForSlaAlerts(manager: EntityManager, accountIds: string[] | 'all-live', windowStart: Date, resolvedSince: Date, asOf: Date): Promise<TicketForAlerts[]> {
    if (accountIds !== 'all-live' && accountIds.length === 0) return [];
    const accounts = accountIds === 'all-live' ? 'a.archived_at IS NULL AND NOT a.is_test' : 't.account_id = ANY($4::uuid[])';
    return manager.query(
      `${TICKET_SELECT}
       WHERE ${accounts} AND t.opened_at >= $1 AND t.opened_at <= $3 AND (t.resolved_at IS NULL OR t.resolved_at > $2)`,
      accountIds === 'all-live' ? [windowStart, resolvedSince, asOf] : [windowStart, resolvedSince, asOf, accountIds],
    );
  }
}
