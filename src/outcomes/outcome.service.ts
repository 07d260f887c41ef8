import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { collectAccountReferences, resolveAccountReference } from '../accounts/account-reference';
import { AccountReferenceRepository } from '../accounts/account-reference.repository';
import { AccountRepository } from '../accounts/account.repository';
import { isCalendarDate } from '../accounts/account-rules';
import { AccountScope, accountScopeOf } from '../auth/account-scope';
import type { Principal } from '../auth/principal';
import { BulkChunkOutcome, BulkResult, BulkRow, runBulkIngest } from '../common/bulk/bulk-ingest';
import { Clock } from '../common/clock';
import { decodeCursor, DEFAULT_PAGE_SIZE, Page, toPage } from '../common/pagination';
import { BadRequestError, NotFoundError, ProblemFieldError } from '../common/problem';
import { BatchIdentity } from '../engagement/batch-identity';
import { isUuid } from '../engagement/dto/engagement-validators';
import { admitEvent, eventRowKey, isStreamedContentType, SIGNAL_BULK_MAX_JSON_ROWS } from '../engagement/engagement-ingest';
import { checkDayWindow } from '../engagement/engagement-paging';
import { ListOutcomesQueryDto, OutcomeRowDto } from './dto/outcome.dto';
import { arrChangeSignError, toSignedMoney } from './outcome-rules';
import { OutcomeRecord, OutcomeRepository, OutcomeWrite } from './outcome.repository';

@Injectable()
export class OutcomeService {
  constructor(
    private readonly outcomes: OutcomeRepository,
    private readonly accountReferences: AccountReferenceRepository,
    private readonly accounts: AccountRepository,
    private readonly clock: Clock,
  ) {}

  /** `POST outcomes`: renewals, expansions, contractions and churn with their ARR change. */
  ingest(body: unknown, contentType: string | undefined, options: { partial?: boolean; dryRun?: boolean }, principal: Principal): Promise<BulkResult> {
    const now = this.clock.now();
    const scope = accountScopeOf(principal);
    const identity = new BatchIdentity();
    return runBulkIngest<OutcomeRowDto, EntityManager>(
      body,
      contentType,
      { ...options, maxRows: isStreamedContentType(contentType) ? undefined : SIGNAL_BULK_MAX_JSON_ROWS },
      {
        rowClass: OutcomeRowDto,
        naturalKey: eventRowKey,
        naturalKeyPath: 'externalId',
        processChunk: (manager, rows, { write }) => this.processChunk(manager, rows, { write, now, scope, identity }),
      },
      (work) => this.outcomes.inIngestTransaction(work),
    );
  }

  private async processChunk(
    manager: EntityManager,
    rows: BulkRow<OutcomeRowDto>[],
    context: { write: boolean; now: Date; scope: AccountScope; identity: BatchIdentity },
  ): Promise<BulkChunkOutcome> {
    const resolved = await this.accountReferences.resolve(manager, collectAccountReferences(rows.map((row) => row.row)), context.scope);
    const errors: ProblemFieldError[] = [];
    const writes: OutcomeWrite[] = [];
    let repeats = 0;
    for (const { line, row } of rows) {
      const rowErrors: ProblemFieldError[] = [];
      const account = resolveAccountReference(row, resolved, line);
      if (account.error) rowErrors.push(account.error);
      const arrChange = toSignedMoney(row.arrChange);
      const signError = arrChangeSignError(row.kind, arrChange);
      if (signError) rowErrors.push({ line, path: 'arrChange', message: signError });
      if (rowErrors.length > 0 || !account.accountId) {
        errors.push(...rowErrors);
        continue;
      }
      const write: OutcomeWrite = { accountId: account.accountId, externalId: row.externalId ?? null, kind: row.kind, date: row.date, arrChange, currency: row.currency ?? null, note: row.note ?? null };
      if (admitEvent(context.identity, write, line, writes, errors) === 'repeat') repeats += 1;
    }
    const counts = context.write ? await this.outcomes.upsert(manager, writes, context.now) : { inserted: 0, updated: 0, unchanged: 0 };
    return { ...counts, unchanged: counts.unchanged + repeats, errors };
  }

  /** `GET accounts/:id/outcomes`, newest first. */
  async list(accountId: string, principal: Principal, query: ListOutcomesQueryDto): Promise<Page<OutcomeRecord>> {
    checkDayWindow(query.from, query.to);
    const position = decodeCursor(query.cursor);
    if (position && (!isCalendarDate(position.sortValue) || !isUuid(position.id))) throw new BadRequestError('cursor is not a cursor this API issued.');
    const account = await this.accounts.findById(accountId, accountScopeOf(principal));
    if (!account) throw new NotFoundError('Account', accountId);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const rows = await this.outcomes.list({
      accountId: account.id,
      from: query.from,
      to: query.to,
      kind: query.kind,
      after: position ? { date: String(position.sortValue), id: position.id } : undefined,
      limit,
    });
    return toPage(rows, limit, (row) => row, (row) => ({ sortValue: row.date, id: row.id }));
  }
}
