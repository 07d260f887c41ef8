import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { accountScopeOf } from '../auth/account-scope';
import type { Principal } from '../auth/principal';
import { BulkChunkOutcome, BulkCounts, BulkResult, BulkRow, runBulkIngest } from '../common/bulk/bulk-ingest';
import { Clock } from '../common/clock';
import { decodeCursor, DEFAULT_PAGE_SIZE, Page, toPage } from '../common/pagination';
import { BadRequestError, ConflictError, NotFoundError, ProblemFieldError, ValidationFailedError } from '../common/problem';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import type { AssignmentRole } from './account-assignment.entity';
import { AccountChangeHooks } from './account-change-hooks';
import { AccountCandidate, AccountValidationService } from './account-validation.service';
import { AccountInput, mergeAccountInput } from './account-write';
import { AccountFilter, AccountHistoryRecord, AccountRecord, AccountRepository, AccountSortField, AccountState, AssignmentRecord } from './account.repository';
import { parentLevels } from './account-rules';
import { AccountBulkRowDto } from './dto/account.dto';
import { ManagerRepository } from './manager.repository';

export const ACCOUNT_BULK_MAX_ROWS = 5000;

/** Whether a write changed what an account's tickets' SLA is chosen by (plan, segment, region), so listeners must hear of it. */
function slaInputsChanged(before: AccountState | undefined, after: AccountState): boolean {
  return before !== undefined && (before.supportPlan !== after.supportPlan || before.segment !== after.segment || before.region !== after.region);
}

/** The list filters as the API takes them; sort, paging and archive inclusion are parsed here. */
export type AccountListQuery = Omit<AccountFilter, 'includeArchived' | 'sort' | 'descending' | 'after' | 'limit'> & {
  includeArchived?: boolean;
  sort?: string;
  limit?: number;
  cursor?: string;
};

@Injectable()
export class AccountService {
  constructor(
    private readonly accounts: AccountRepository,
    private readonly validation: AccountValidationService,
    private readonly managers: ManagerRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly changeHooks: AccountChangeHooks,
  ) {}

  async get(id: string, principal: Principal, asOf?: string): Promise<AccountRecord> {
    const scope = accountScopeOf(principal);
    const account = asOf ? await this.accounts.findAsOf(id, asOf, this.config.businessTimezone, scope) : await this.accounts.findById(id, scope);
    if (!account) throw new NotFoundError(asOf ? `Account ${id} as of ${asOf}` : 'Account', asOf ? undefined : id);
    return account;
  }

  async list(query: AccountListQuery, principal: Principal): Promise<Page<AccountRecord>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const sortText = query.sort ?? 'name';
    const descending = sortText.startsWith('-');
    const sort = (descending ? sortText.slice(1) : sortText) as AccountSortField;
    if (query.renewalFrom && query.renewalTo && query.renewalFrom > query.renewalTo) {
      throw new ValidationFailedError([{ path: 'renewalTo', message: 'must not be before renewalFrom' }]);
    }
    const rows = await this.accounts.list(
      { ...query, includeArchived: query.includeArchived ?? false, sort, descending, after: decodeCursor(query.cursor), limit },
      accountScopeOf(principal),
    );
    return toPage(
      rows,
      limit,
      ({ sortKey: _sortKey, ...account }) => account,
      (row) => ({ sortValue: row.sortKey, id: row.id }),
    );
  }

  async create(input: AccountInput & { externalId: string; name: string; segment: string }): Promise<AccountRecord> {
    const now = this.clock.now();
    const id = await this.accounts.inTransaction(async (manager) => {
      const existing = await this.accounts.idsByExternalIds(manager, [input.externalId]);
      if (existing.size > 0) throw new ConflictError(`An account with externalId ${JSON.stringify(input.externalId)} exists; update it with PATCH or bulk upsert.`);
      const candidate: AccountCandidate = { state: mergeAccountInput(input, undefined, { currency: this.config.reportingCurrency }) };
      await this.checkOrThrow(manager, [candidate]);
      const inserted = await this.write(manager, [candidate.state], now);
      return inserted.ids[0];
    });
    return (await this.accounts.findById(id, { kind: 'all' }))!;
  }

  async update(id: string, input: AccountInput, principal: Principal): Promise<AccountRecord> {
    const scope = accountScopeOf(principal);
    const now = this.clock.now();
    const updated = await this.accounts.inTransaction(async (manager) => {
      const stored = await this.accounts.lockById(manager, id, scope);
      if (!stored) throw new NotFoundError('Account', id);
      if (input.externalId !== undefined && input.externalId !== stored.externalId) {
        const taken = await this.accounts.idsByExternalIds(manager, [input.externalId]);
        if (taken.size > 0) throw new ConflictError(`Another account has externalId ${JSON.stringify(input.externalId)}.`);
      }
      const candidate: AccountCandidate = { state: mergeAccountInput(input, stored, { currency: this.config.reportingCurrency }) };
      await this.checkOrThrow(manager, [candidate]);
      const written = await this.write(manager, [candidate.state], now);
      return slaInputsChanged(stored, candidate.state) ? written.updatedIds : [];
    });
    await this.changeHooks.accountsChanged(updated);
    return (await this.accounts.findById(id, scope))!;
  }

  async archive(id: string, principal: Principal): Promise<AccountRecord> {
    const scope = accountScopeOf(principal);
    await this.accounts.inTransaction(async (manager) => {
      const stored = await this.accounts.lockById(manager, id, scope);
      if (!stored) throw new NotFoundError('Account', id);
      await this.accounts.archive(manager, id, this.clock.now());
    });
    return (await this.accounts.findById(id, scope))!;
  }

  async history(id: string, principal: Principal, query: { limit?: number; cursor?: string }): Promise<Page<AccountHistoryRecord>> {
    await this.get(id, principal);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = decodeCursor(query.cursor);
    const rows = await this.accounts.history(id, after ? String(after.sortValue) : undefined, limit);
    if (after && Number.isNaN(Date.parse(String(after.sortValue)))) throw new BadRequestError('cursor is not a cursor this API issued.');
    return toPage(rows, limit, (row) => row, (row) => ({ sortValue: row.validFrom.toISOString(), id }));
  }

  async assignments(id: string, principal: Principal, query: { open?: boolean; limit?: number; cursor?: string }): Promise<Page<AssignmentRecord>> {
    await this.get(id, principal);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = decodeCursor(query.cursor);
    if (after && !/^[01]\|/.test(String(after.sortValue))) throw new BadRequestError('cursor is not a cursor this API issued.');
    const rows = await this.accounts.assignments(id, query.open ?? false, after, limit);
    return toPage(rows, limit, ({ sortKey: _sortKey, ...assignment }) => assignment, (row) => ({ sortValue: row.sortKey, id: row.id }));
  }

  /** Gives the role to the manager, ending whoever held it; the same holder again changes nothing. */
  async assign(id: string, command: { managerId: string; role: AssignmentRole }, principal: Principal): Promise<AssignmentRecord> {
    const scope = accountScopeOf(principal);
    return this.accounts.inTransaction(async (manager) => {
      const account = await this.accounts.lockById(manager, id, scope);
      if (!account) throw new NotFoundError('Account', id);
      if (account.archivedAt) throw new ConflictError(`Account ${id} is archived.`);
      const assignee = await this.managers.findById(command.managerId, { kind: 'all' });
      if (!assignee) throw new ValidationFailedError([{ path: 'managerId', message: `manager ${command.managerId} does not exist` }]);
      if (!assignee.active) throw new ValidationFailedError([{ path: 'managerId', message: `manager ${command.managerId} is not active` }]);
      if (scope.kind === 'team' && assignee.id !== scope.leadId && assignee.leadId !== scope.leadId) {
        throw new ValidationFailedError([{ path: 'managerId', message: 'a lead assigns accounts to themselves or to their team' }]);
      }
      const current = await this.accounts.openAssignment(manager, id, command.role);
      if (current && current.managerId === command.managerId) return current;
      return this.accounts.replaceAssignment(manager, id, command.managerId, command.role, this.clock.now());
    });
  }

  /** `POST accounts/bulk`: upsert by externalId; fields a row leaves out keep their stored values. */
  async bulkUpsert(body: unknown, contentType: string | undefined, options: { partial?: boolean; dryRun?: boolean }): Promise<BulkResult> {
    const now = this.clock.now();
    // Accounts whose plan, segment or region the batch's chunks changed; if the batch is rolled back, telling listeners anyway is harmless (they are idempotent).
    const updated: string[] = [];
    const result = await runBulkIngest<AccountBulkRowDto, EntityManager>(
      body,
      contentType,
      {
        ...options,
        maxRows: ACCOUNT_BULK_MAX_ROWS,
        csvColumns: { isTest: 'boolean', autoRenew: 'boolean', appIds: 'list', products: 'list', useCases: 'list', attributes: 'json' },
      },
      {
        rowClass: AccountBulkRowDto,
        naturalKey: (row) => row.externalId,
        naturalKeyPath: 'externalId',
        processChunk: (manager, rows, chunkOptions) => this.processBulkChunk(manager, rows, chunkOptions.write, now, updated),
      },
      (work) => this.accounts.inTransaction(work),
    );
    await this.changeHooks.accountsChanged(updated);
    return result;
  }

  private async processBulkChunk(manager: EntityManager, rows: BulkRow<AccountBulkRowDto>[], write: boolean, now: Date, updatedIds: string[]): Promise<BulkChunkOutcome> {
    const outcome: BulkChunkOutcome = { inserted: 0, updated: 0, unchanged: 0, errors: [] };
    const { levels, cyclic } = parentLevels(rows.map((row) => ({ key: row.row.externalId, parentKey: row.row.parentExternalId ?? null, source: row })));
    for (const row of cyclic) outcome.errors.push({ line: row.source.line, path: 'parentExternalId', message: 'the parents of this batch form a cycle' });
    // Parents come before children: each level is written before the next one resolves its parents.
    const pendingParents = new Set<string>();
    for (const level of levels) {
      const sources = level.map((entry) => entry.source);
      const stored = new Map((await this.accounts.findByExternalIds(manager, sources.map((source) => source.row.externalId))).map((account) => [account.externalId, account]));
      const both = new Set<number>();
      const candidates: AccountCandidate[] = sources.map((source, index) => {
        const { parentExternalId, ...input } = source.row;
        if (parentExternalId !== undefined && input.parentId !== undefined) both.add(index);
        const state = mergeAccountInput(input, stored.get(source.row.externalId), { currency: this.config.reportingCurrency });
        // A parent named by external id replaces the stored one; resolution fills the id in.
        if (parentExternalId !== undefined) state.parentId = null;
        return { line: source.line, state, parentExternalId };
      });
      const errors = await this.validation.check(manager, candidates, write ? new Set() : pendingParents);
      for (const index of both) errors.set(index, [...(errors.get(index) ?? []), { line: sources[index].line, path: 'parentExternalId', message: 'give parentId or parentExternalId, not both' }]);
      const good = candidates.filter((_candidate, index) => !errors.has(index));
      for (const list of errors.values()) outcome.errors.push(...list);
      for (const candidate of good) pendingParents.add(candidate.state.externalId);
      if (write) {
        const counts = await this.write(manager, good.map((candidate) => candidate.state), now);
        outcome.inserted += counts.inserted;
        outcome.updated += counts.updated;
        outcome.unchanged += counts.unchanged;
        const relevant = new Set(good.filter((candidate) => slaInputsChanged(stored.get(candidate.state.externalId), candidate.state)).map((candidate) => candidate.state.id));
        updatedIds.push(...counts.updatedIds.filter((id) => relevant.has(id)));
      }
    }
    return outcome;
  }

  private async checkOrThrow(manager: EntityManager, candidates: AccountCandidate[]): Promise<void> {
    const errors = await this.validation.check(manager, candidates);
    const all: ProblemFieldError[] = [...errors.values()].flat();
    if (all.length > 0) throw new ValidationFailedError(all);
  }

  /** Writes validated states set-based: inserts, updates of what differs, app ids and history. */
  private async write(manager: EntityManager, states: AccountState[], now: Date): Promise<BulkCounts & { ids: string[]; updatedIds: string[] }> {
    const fresh = states.filter((state) => state.id === null);
    const stored = states.filter((state) => state.id !== null);
    const inserted = await this.accounts.insertAccounts(manager, fresh, now);
    const updated = await this.accounts.updateAccounts(manager, stored, now);
    const changed = [...inserted.values(), ...updated];
    await this.accounts.syncAppIds(manager, changed, now);
    await this.accounts.recordHistory(manager, changed, now);
    return {
      inserted: inserted.size,
      updated: updated.size,
      unchanged: stored.length - updated.size,
      ids: [...inserted.values(), ...stored.map((state) => state.id!)],
      updatedIds: [...updated],
    };
  }
}
