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
import { isUuid } from './dto/engagement-validators';
import { ListTouchpointsQueryDto, TouchpointRowDto } from './dto/touchpoint.dto';
import { admitEvent, eventRowKey, FUTURE_TOLERANCE_MS, isStreamedContentType, SIGNAL_BULK_MAX_JSON_ROWS } from './engagement-ingest';
import { checkDayWindow, decodeInstantCursor, normaliseInstant } from './engagement-paging';
import { TouchpointRecord, TouchpointRepository, TouchpointWrite } from './touchpoint.repository';

@Injectable()
export class TouchpointService {
  constructor(
    private readonly touchpoints: TouchpointRepository,
    private readonly accountReferences: AccountReferenceRepository,
    private readonly accounts: AccountRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** `POST touchpoints`: csm and lead keys may only name accounts in their scope (others read as unknown). */
  ingest(body: unknown, contentType: string | undefined, options: { partial?: boolean; dryRun?: boolean }, principal: Principal): Promise<BulkResult> {
    const now = this.clock.now();
    const scope = accountScopeOf(principal);
    const identity = new BatchIdentity();
    return runBulkIngest<TouchpointRowDto, EntityManager>(
      body,
      contentType,
      { ...options, maxRows: isStreamedContentType(contentType) ? undefined : SIGNAL_BULK_MAX_JSON_ROWS },
      {
        rowClass: TouchpointRowDto,
        naturalKey: eventRowKey,
        naturalKeyPath: 'externalId',
        processChunk: (manager, rows, { write }) => this.processChunk(manager, rows, { write, now, scope, identity, defaultManagerId: principal.managerId ?? null }),
      },
      (work) => this.touchpoints.inIngestTransaction(work),
    );
  }

  private async processChunk(
    manager: EntityManager,
    rows: BulkRow<TouchpointRowDto>[],
    context: { write: boolean; now: Date; scope: AccountScope; identity: BatchIdentity; defaultManagerId: string | null },
  ): Promise<BulkChunkOutcome> {
    const resolved = await this.accountReferences.resolve(manager, collectAccountReferences(rows.map((row) => row.row)), context.scope);
    const managerIds = rows.map((row) => row.row.manager).filter(isUuid).map((id) => id.toLowerCase());
    const managerEmails = rows.map((row) => row.row.manager).filter((value): value is string => value !== undefined && !isUuid(value)).map((email) => email.toLowerCase());
    const managers = await this.touchpoints.managerIds(manager, [...new Set(managerIds)], [...new Set(managerEmails)]);
    const latest = context.now.getTime() + FUTURE_TOLERANCE_MS;
    const errors: ProblemFieldError[] = [];
    const writes: TouchpointWrite[] = [];
    let repeats = 0;
    for (const { line, row } of rows) {
      const rowErrors: ProblemFieldError[] = [];
      const account = resolveAccountReference(row, resolved, line);
      if (account.error) rowErrors.push(account.error);
      let managerId = context.defaultManagerId;
      if (row.manager !== undefined) {
        const reference = row.manager.toLowerCase();
        managerId = isUuid(reference) ? (managers.byId.has(reference) ? reference : null) : (managers.byEmail.get(reference) ?? null);
        if (!managerId) rowErrors.push({ line, path: 'manager', message: `no manager is ${JSON.stringify(row.manager)}` });
      }
      if (Date.parse(row.occurredAt) > latest) rowErrors.push({ line, path: 'occurredAt', message: 'occurredAt is in the future' });
      if (rowErrors.length > 0 || !account.accountId) {
        errors.push(...rowErrors);
        continue;
      }
      const write: TouchpointWrite = { accountId: account.accountId, externalId: row.externalId ?? null, kind: row.kind, managerId, occurredAt: normaliseInstant(row.occurredAt), note: row.note ?? null };
      if (admitEvent(context.identity, write, line, writes, errors) === 'repeat') repeats += 1;
    }
    const counts = context.write ? await this.touchpoints.upsert(manager, writes, context.now) : { inserted: 0, updated: 0, unchanged: 0 };
    return { ...counts, unchanged: counts.unchanged + repeats, errors };
  }

  /** `GET accounts/:id/touchpoints`, newest first. */
  async list(accountId: string, principal: Principal, query: ListTouchpointsQueryDto): Promise<Page<TouchpointRecord>> {
    checkDayWindow(query.from, query.to);
    const after = decodeInstantCursor(query.cursor);
    const account = await this.accounts.findById(accountId, accountScopeOf(principal));
    if (!account) throw new NotFoundError('Account', accountId);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const rows = await this.touchpoints.list({
      accountId: account.id,
      from: query.from,
      to: query.to,
      timeZone: this.config.businessTimezone,
      kind: query.kind,
      managerId: query.managerId,
      after,
      limit,
    });
    return toPage(rows, limit, (row) => row, (row) => ({ sortValue: row.occurredAt.toISOString(), id: row.id }));
  }
}
