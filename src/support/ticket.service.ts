import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { accountReferenceKey, collectAccountReferences, resolveAccountReference } from '../accounts/account-reference';
import { AccountReferenceRepository } from '../accounts/account-reference.repository';
import { AccountRepository } from '../accounts/account.repository';
import { AccountAccess, AccountScope, accountScopeOf } from '../auth/account-scope';
import type { Principal } from '../auth/principal';
import { BulkChunkOutcome, BulkResult, BulkRow, runBulkIngest } from '../common/bulk/bulk-ingest';
import { isStreamBody } from '../common/http/fastify-setup';
import { Clock } from '../common/clock';
import { groupBy } from '../common/collections';
import { decodeCursor, DEFAULT_PAGE_SIZE, Page, toPage } from '../common/pagination';
import { BadRequestError, ProblemFieldError, ValidationFailedError } from '../common/problem';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { AccountSlaQueryDto, AccountTicketsQueryDto, TicketRowDto } from './dto/ticket.dto';
import { SlaConfigService } from './sla-config.service';
import { FUTURE_TOLERANCE_MS, NormalisedTicket, normaliseTicket } from './ticket-rules';
import { TicketSlaStore } from './ticket-sla-store.service';
import { SlaContext, ticketSlaView, TicketSlaView } from './ticket-sla-view';
import { SlaAttainment, slaAttainment } from './ticket-sla';
import { AccountSupportSignals, supportSignals, TicketForSignals } from './ticket-signals';
import { TicketRecord, TicketRepository, TicketWrite } from './ticket.repository';
import { dateToDayNumber, localTimeToInstant } from './zoned-time';

/** JSON arrays take at most this many tickets; NDJSON and CSV stream any number. */
export const TICKET_JSON_MAX_ROWS = 10_000;
/** The attainment window when none is given. */
export const DEFAULT_SLA_WINDOW_DAYS = 90;

export interface TicketView extends TicketRecord {
  sla: TicketSlaView | null;
}

export interface AccountSlaView extends SlaAttainment {
  accountId: string;
  from: Date;
  to: Date;
  asOf: Date;
}

const DAY_MS = 86_400_000;
const CURSOR_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const isCursorInstant = (value: string) => CURSOR_INSTANT.test(value) && Number.isFinite(Date.parse(value)) && new Date(value).toISOString() === value;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@Injectable()
export class TicketService {
  constructor(
    private readonly tickets: TicketRepository,
    private readonly references: AccountReferenceRepository,
    private readonly accounts: AccountRepository,
    private readonly slaConfig: SlaConfigService,
    private readonly slaStore: TicketSlaStore,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Upserts tickets by (account, externalId) from a JSON array, NDJSON or CSV; rows outside the key's scope read as unknown accounts. */
  ingest(body: unknown, contentType: string | undefined, options: { partial?: boolean; dryRun?: boolean }, principal: Principal): Promise<BulkResult> {
    const now = this.clock.now();
    const scope = accountScopeOf(principal);
    // The same ticket named two ways (say by account id and by app id) is caught once the references are resolved.
    const seen = new Map<string, { line: number; print: string }>();
    // Read once per batch, after the batch took the ticket-write lock: policy and calendar changes wait for it.
    let context: Promise<SlaContext> | undefined;
    const slaContext = (manager: EntityManager) => (context ??= this.slaStore.context(manager));
    return runBulkIngest<TicketRowDto, EntityManager>(
      body,
      contentType,
      { ...options, maxRows: isStreamBody(body) ? undefined : TICKET_JSON_MAX_ROWS, csvColumns: { statusHistory: 'json' } },
      {
        rowClass: TicketRowDto,
        naturalKey: (row) => `${accountReferenceKey(row)}|${row.externalId}`,
        naturalKeyPath: 'externalId',
        processChunk: (manager, rows, { write }) => this.ingestChunk(manager, rows, write, scope, now, seen, slaContext),
      },
      (work) => this.tickets.inIngestTransaction(work),
    );
  }

  private async ingestChunk(
    manager: EntityManager,
    rows: BulkRow<TicketRowDto>[],
    write: boolean,
    scope: AccountScope,
    now: Date,
    seen: Map<string, { line: number; print: string }>,
    slaContext: (manager: EntityManager) => Promise<SlaContext>,
  ): Promise<BulkChunkOutcome> {
    const errors: ProblemFieldError[] = [];
    const references = collectAccountReferences(rows.map((row) => row.row));
    // A reference with NUL can name no account (Postgres text cannot hold it): leave it unresolved so only its row fails.
    const storable = (value: string) => !value.includes('\u0000');
    const resolved = await this.references.resolve(
      manager,
      { ids: references.ids, externalIds: references.externalIds.filter(storable), appIds: references.appIds.filter(storable) },
      scope,
    );
    const good: (NormalisedTicket & { accountId: string })[] = [];
    let repeats = 0;
    for (const { line, row } of rows) {
      const reference = resolveAccountReference(row, resolved, line);
      const rules = normaliseTicket(row, now);
      if (reference.error) errors.push(reference.error);
      for (const error of rules.errors) errors.push({ line, ...error });
      if (!reference.accountId || !rules.ticket) continue;
      const key = `${reference.accountId}|${rules.ticket.externalId}`;
      // normaliseTicket builds its object in a fixed key order, so plain JSON compares it.
      const print = JSON.stringify(rules.ticket);
      const earlier = seen.get(key);
      if (earlier) {
        if (earlier.print === print) repeats += 1;
        else errors.push({ line, path: 'externalId', message: `ticket ${JSON.stringify(rules.ticket.externalId)} of this account is also on line ${earlier.line} with different values` });
        continue;
      }
      seen.set(key, { line, print });
      good.push({ accountId: reference.accountId, ...rules.ticket });
    }
    let counts = { inserted: 0, updated: 0, unchanged: 0 };
    if (write && good.length > 0) {
      const sla = await this.slaStore.forWrites(manager, good, await slaContext(manager), now);
      counts = await this.tickets.upsert(manager, good.map((ticket, index): TicketWrite => ({ ...ticket, sla: sla[index] })), now);
    }
    return { ...counts, unchanged: counts.unchanged + repeats, errors };
  }

  /** An account's tickets, newest first, each with its SLA state as of `asOf` (default now). */
  async listForAccount(accountId: string, query: AccountTicketsQueryDto, access: AccountAccess): Promise<Page<TicketView>> {
    await this.accounts.requireVisible(accountId, access);
    const asOf = this.asOf(query.asOf);
    const window = this.window(query.from, query.to);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = decodeCursor(query.cursor);
    if (after && (typeof after.sortValue !== 'string' || !isCursorInstant(after.sortValue) || !UUID.test(after.id))) {
      throw new BadRequestError('cursor is not a cursor this API issued.');
    }
    const [records, context] = await Promise.all([
      this.tickets.forAccount(accountId, {
        status: query.status,
        severity: query.severity,
        openedFrom: window.from,
        openedBefore: window.to,
        openedBy: asOf,
        after: after ? { openedAt: String(after.sortValue), id: after.id } : undefined,
        limit,
      }),
      this.slaConfig.context(),
    ]);
    return toPage(
      records,
      limit,
      (record) => this.withSla(record, context, asOf),
      (record) => ({ sortValue: record.openedAt.toISOString(), id: record.id }),
    );
  }

  /** SLA attainment by severity over the tickets opened in a window, judged as of `asOf`. */
  async accountSla(accountId: string, query: AccountSlaQueryDto, access: AccountAccess): Promise<AccountSlaView> {
    await this.accounts.requireVisible(accountId, access);
    const asOf = this.asOf(query.asOf);
    const window = this.window(query.from, query.to);
    const to = window.to ?? asOf;
    const from = window.from ?? new Date(to.getTime() - DEFAULT_SLA_WINDOW_DAYS * DAY_MS);
    if (from >= to) throw new ValidationFailedError([{ path: 'from', message: 'from must be before to' }]);
    const [records, context] = await Promise.all([this.tickets.forAccount(accountId, { openedFrom: from, openedBefore: to, openedBy: asOf }), this.slaConfig.context()]);
    return { accountId, from, to, asOf, ...attainmentOf(records, context, asOf) };
  }

  /**
   * SLA attainment of many accounts over one window (tickets opened in [from, to), judged as of
   * `asOf`), in one read: what review documents need for every account of a batch. Callers have
   * checked the accounts' scope; accounts without tickets get empty attainment.
   */
  async slaAttainmentForAccounts(accountIds: string[], from: Date, to: Date, asOf: Date): Promise<Map<string, SlaAttainment>> {
    const [records, context] = await Promise.all([this.tickets.forAccountsOpenedBetween(accountIds, from, to, asOf), this.slaConfig.context()]);
    const byAccount = groupBy(records, (record) => record.accountId);
    return new Map(accountIds.map((accountId) => [accountId, attainmentOf(byAccount.get(accountId) ?? [], context, asOf)]));
  }

  /**
   * Support pressure of a chunk of accounts as of an instant, for health scoring: two set-based
   * reads for the whole chunk, SLA states computed in memory. Accounts without tickets get zeros.
   */
  async supportSignals(accountIds: string[], asOf: Date, windowDays = DEFAULT_SLA_WINDOW_DAYS): Promise<Map<string, AccountSupportSignals>> {
    const windowStart = new Date(asOf.getTime() - windowDays * DAY_MS);
    const [records, lastUpdates, context] = await Promise.all([
      this.tickets.forAccountsAsOf(accountIds, windowStart, asOf),
      this.tickets.lastUpdates(accountIds, asOf),
      this.slaConfig.context(),
    ]);
    const byAccount = new Map<string, TicketForSignals[]>(accountIds.map((id) => [id, []]));
    for (const record of records) {
      // Only tickets in the window need their SLA judged; older ones count as open or not.
      const sla = record.openedAt >= windowStart ? ticketSlaView(record, context, asOf) : null;
      byAccount.get(record.accountId)?.push({
        severity: record.severity,
        openedAt: record.openedAt,
        resolvedAt: record.resolvedAt,
        escalation: record.escalation,
        firstResponseState: sla?.firstResponse.state ?? null,
        resolutionState: sla?.resolution.state ?? null,
      });
    }
    return new Map([...byAccount].map(([id, tickets]) => [id, supportSignals(tickets, asOf, windowDays, lastUpdates.get(id) ?? null)]));
  }

  /** Accounts whose tickets changed at or after `since` (incremental health runs). */
  changedAccountsSince(since: Date): Promise<Map<string, Date>> {
    return this.tickets.changedAccountsSince(since);
  }

  private withSla(record: TicketRecord, context: SlaContext, asOf: Date): TicketView {
    return { ...record, sla: ticketSlaView(record, context, asOf) };
  }


  /** Now, or a past instant: SLA states are facts as of a moment, not forecasts. */
  private asOf(value: string | undefined): Date {
    const now = this.clock.now();
    if (value === undefined) return now;
    const asOf = new Date(value);
    if (asOf.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) throw new ValidationFailedError([{ path: 'asOf', message: 'asOf must not be in the future' }]);
    return asOf;
  }

  /** from/to as instants; a bare day is its start in BUSINESS_TIMEZONE. */
  private window(from: string | undefined, to: string | undefined): { from?: Date; to?: Date } {
    const window = { from: from === undefined ? undefined : this.boundary(from), to: to === undefined ? undefined : this.boundary(to) };
    if (window.from && window.to && window.from >= window.to) throw new ValidationFailedError([{ path: 'from', message: 'from must be before to' }]);
    return window;
  }

  private boundary(value: string): Date {
    if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return new Date(localTimeToInstant(dateToDayNumber(value), 0, this.config.businessTimezone));
    return new Date(value);
  }
}

function attainmentOf(records: TicketRecord[], context: SlaContext, asOf: Date): SlaAttainment {
  const outcomes = records.flatMap((record) => {
    const sla = ticketSlaView(record, context, asOf);
    return sla ? [{ severity: record.severity, firstResponse: sla.firstResponse.state, resolution: sla.resolution.state }] : [];
  });
  return slaAttainment(outcomes);
}
