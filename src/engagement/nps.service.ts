import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { collectAccountReferences, resolveAccountReference } from '../accounts/account-reference';
import { AccountReferenceRepository } from '../accounts/account-reference.repository';
import { AccountRepository } from '../accounts/account.repository';
import { AccountScope, accountScopeOf } from '../auth/account-scope';
import type { Principal } from '../auth/principal';
import { BulkChunkOutcome, BulkResult, BulkRow, runBulkIngest } from '../common/bulk/bulk-ingest';
import { Clock } from '../common/clock';
import { DEFAULT_PAGE_SIZE, Page, toPage } from '../common/pagination';
import { NotFoundError, ProblemFieldError } from '../common/problem';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { BatchIdentity } from './batch-identity';
import { ListNpsQueryDto, NpsRowDto } from './dto/nps.dto';
import { admitEvent, eventRowKey, FUTURE_TOLERANCE_MS, isStreamedContentType, SIGNAL_BULK_MAX_JSON_ROWS } from './engagement-ingest';
import { checkDayWindow, decodeInstantCursor, normaliseInstant } from './engagement-paging';
import { NpsRepository, NpsResponseRecord, NpsWrite } from './nps.repository';

@Injectable()
export class NpsService {
  constructor(
    private readonly nps: NpsRepository,
    private readonly accountReferences: AccountReferenceRepository,
    private readonly accounts: AccountRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** `POST nps`: survey answers; an answer with an externalId upserts on (account, externalId). */
  ingest(body: unknown, contentType: string | undefined, options: { partial?: boolean; dryRun?: boolean }, principal: Principal): Promise<BulkResult> {
    const now = this.clock.now();
    const scope = accountScopeOf(principal);
    const identity = new BatchIdentity();
    return runBulkIngest<NpsRowDto, EntityManager>(
      body,
      contentType,
      { ...options, maxRows: isStreamedContentType(contentType) ? undefined : SIGNAL_BULK_MAX_JSON_ROWS, csvColumns: { score: 'number' } },
      {
        rowClass: NpsRowDto,
        naturalKey: eventRowKey,
        naturalKeyPath: 'externalId',
        processChunk: (manager, rows, { write }) => this.processChunk(manager, rows, { write, now, scope, identity }),
      },
      (work) => this.nps.inIngestTransaction(work),
    );
  }

  private async processChunk(
    manager: EntityManager,
    rows: BulkRow<NpsRowDto>[],
    context: { write: boolean; now: Date; scope: AccountScope; identity: BatchIdentity },
  ): Promise<BulkChunkOutcome> {
    const resolved = await this.accountReferences.resolve(manager, collectAccountReferences(rows.map((row) => row.row)), context.scope);
    const latest = context.now.getTime() + FUTURE_TOLERANCE_MS;
    const errors: ProblemFieldError[] = [];
    const writes: NpsWrite[] = [];
    let repeats = 0;
    for (const { line, row } of rows) {
      const rowErrors: ProblemFieldError[] = [];
      const account = resolveAccountReference(row, resolved, line);
      if (account.error) rowErrors.push(account.error);
      if (Date.parse(row.respondedAt) > latest) rowErrors.push({ line, path: 'respondedAt', message: 'respondedAt is in the future' });
      if (rowErrors.length > 0 || !account.accountId) {
        errors.push(...rowErrors);
        continue;
      }
      const write: NpsWrite = {
        accountId: account.accountId,
        externalId: row.externalId ?? null,
        score: row.score,
        respondentName: row.respondentName ?? null,
        respondentEmail: row.respondentEmail?.toLowerCase() ?? null,
        respondentRole: row.respondentRole ?? null,
        comment: row.comment ?? null,
        respondedAt: normaliseInstant(row.respondedAt),
      };
      if (admitEvent(context.identity, write, line, writes, errors) === 'repeat') repeats += 1;
    }
    const counts = context.write ? await this.nps.upsert(manager, writes, context.now) : { inserted: 0, updated: 0, unchanged: 0 };
    return { ...counts, unchanged: counts.unchanged + repeats, errors };
  }

  /** `GET accounts/:id/nps`, newest first. */
  async list(accountId: string, principal: Principal, query: ListNpsQueryDto): Promise<Page<NpsResponseRecord>> {
    checkDayWindow(query.from, query.to);
    const after = decodeInstantCursor(query.cursor);
    const account = await this.accounts.findById(accountId, accountScopeOf(principal));
    if (!account) throw new NotFoundError('Account', accountId);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const rows = await this.nps.list({ accountId: account.id, from: query.from, to: query.to, timeZone: this.config.businessTimezone, respondentRole: query.respondentRole, after, limit });
    return toPage(rows, limit, (row) => row, (row) => ({ sortValue: row.respondedAt.toISOString(), id: row.id }));
  }
}
