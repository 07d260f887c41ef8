import { Injectable, Logger, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AccountChangeHooks } from '../accounts/account-change-hooks';
import { Clock } from '../common/clock';
import { chunksOf } from '../common/collections';
import { SlaConfigRepository } from './sla-config.repository';
import type { NormalisedTicket } from './ticket-rules';
import { slaAccountAt, SlaContext, slaContextOf } from './ticket-sla-view';
import { NO_STORED_SLA, StoredTicketSla, storedTicketSla } from './ticket-sla-stored';
import { TicketRecord, TicketRepository, TicketSlaFilter } from './ticket.repository';

/** Tickets read, computed and written per statement by recomputes and the backfill. */
export const SLA_RECOMPUTE_CHUNK = 2000;
/** Accounts per recompute transaction after account changes. */
const ACCOUNTS_PER_RECOMPUTE = 1000;

/**
 * Keeps the SLA columns of ticket rows (policy, due times, final outcomes; see ticket-sla-stored.ts)
 * in step with what they are computed from. Every writer takes the ticket-write lock before it
 * reads the configuration, so a recompute and an ingest never write from different versions of it:
 * - ingest computes them for each chunk it writes (`forWrites`);
 * - `PUT sla-policies` and `PUT calendars` recompute the affected tickets in their own transaction
 *   (`recompute`), so the new configuration and the due times it gives commit together;
 * - account writes that change a plan, segment or region recompute that account's tickets right
 *   after their commit (an idempotent follow-up);
 * - at start-up, tickets never computed (rows from before the columns existed, demo data) are filled in.
 */
@Injectable()
export class TicketSlaStore implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger(TicketSlaStore.name);

  constructor(
    private readonly tickets: TicketRepository,
    private readonly config: SlaConfigRepository,
    private readonly accountChanges: AccountChangeHooks,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.accountChanges.onAccountsChanged(async (accountIds) => {
      try {
        await this.recomputeAccounts(accountIds);
      } catch (error) {
        // The account change is committed: answering 500 would misreport it. The due times stay as they were until the next change recomputes them.
        this.logger.error({ err: error, accounts: accountIds.length }, 'could not recompute the SLA due times of changed accounts');
      }
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    const filled = await this.backfill();
    if (filled > 0) this.logger.log(`computed the SLA columns of ${filled} tickets`);
  }

  /** Takes the ticket-write lock for the rest of the transaction (see TicketRepository.lockTicketWrites). */
  lockTicketWrites(manager: EntityManager): Promise<void> {
    return this.tickets.lockTicketWrites(manager);
  }

  /** Policies, segment plans and calendars as the transaction sees them (its own uncommitted changes included). */
  async context(manager: EntityManager): Promise<SlaContext> {
    // One after the other: a transaction's queries share its one connection.
    const policies = await this.config.policies(manager);
    const segmentPlans = await this.config.segmentPlans(manager);
    return slaContextOf(policies, segmentPlans, await this.config.calendars(manager));
  }

  /** The SLA columns of tickets about to be written, in order: one read of their accounts for the whole chunk. */
  async forWrites(manager: EntityManager, tickets: (NormalisedTicket & { accountId: string })[], context: SlaContext, now: Date): Promise<StoredTicketSla[]> {
    const accounts = await this.tickets.slaAccounts(manager, tickets.map((ticket) => ticket.accountId));
    return tickets.map((ticket) => {
      const account = accounts.get(ticket.accountId);
      if (!account) return NO_STORED_SLA;
      const openedAt = new Date(ticket.openedAt);
      return storedTicketSla(
        {
          ...slaAccountAt(account, openedAt.getTime()),
          severity: ticket.severity,
          openedAt,
          firstResponseAt: ticket.firstResponseAt === null ? null : new Date(ticket.firstResponseAt),
          resolvedAt: ticket.resolvedAt === null ? null : new Date(ticket.resolvedAt),
          statusHistory: ticket.statusHistory,
        },
        context,
        now,
      );
    });
  }

  /**
   * Recomputes the SLA columns of the tickets the filter selects, chunk by chunk, in the caller's
   * transaction (which must hold the ticket-write lock and see the configuration to apply). Only rows
   * whose values change are rewritten. Returns how many were.
   */
  async recompute(manager: EntityManager, filter: TicketSlaFilter): Promise<number> {
    const context = await this.context(manager);
    const now = this.clock.now();
    let after: { accountId: string; id: string } | null = null;
    let written = 0;
    for (;;) {
      const chunk = await this.tickets.slaRecomputeChunk(manager, filter, after, SLA_RECOMPUTE_CHUNK);
      written += await this.writeChunk(manager, chunk, context, now);
      if (chunk.length < SLA_RECOMPUTE_CHUNK) return written;
      after = { accountId: chunk[chunk.length - 1].accountId, id: chunk[chunk.length - 1].id };
    }
  }

  /** After accounts' plan, segment or region changed: their tickets, a transaction per batch of accounts. */
  async recomputeAccounts(accountIds: string[]): Promise<number> {
    let written = 0;
    for (const batch of chunksOf([...new Set(accountIds)], ACCOUNTS_PER_RECOMPUTE)) {
      written += await this.tickets.inIngestTransaction((manager) => this.recompute(manager, { accountIds: batch }));
    }
    return written;
  }

  /**
   * Fills the SLA columns of tickets that never had them computed, a transaction per chunk (so a
   * large backfill does not hold off ingest for its whole length). Idempotent: several instances
   * starting together take turns on the lock and find nothing left.
   */
  async backfill(): Promise<number> {
    let written = 0;
    for (;;) {
      const { count, more } = await this.tickets.inIngestTransaction(async (manager) => {
        const chunk = await this.tickets.slaRecomputeChunk(manager, { uncomputedOnly: true }, null, SLA_RECOMPUTE_CHUNK);
        return { count: await this.writeChunk(manager, chunk, await this.context(manager), this.clock.now()), more: chunk.length === SLA_RECOMPUTE_CHUNK };
      });
      written += count;
      if (!more) return written;
    }
  }

  private writeChunk(manager: EntityManager, chunk: TicketRecord[], context: SlaContext, now: Date): Promise<number> {
    const rows = chunk.map((record) => ({ accountId: record.accountId, id: record.id, ...storedTicketSla(record, context, now) }));
    return this.tickets.writeStoredSla(manager, rows, now);
  }
}
