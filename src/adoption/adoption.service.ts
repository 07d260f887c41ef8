import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { accountReferenceKey, collectAccountReferences, resolveAccountReference } from '../accounts/account-reference';
import { AccountReferenceRepository } from '../accounts/account-reference.repository';
import { AccountRepository } from '../accounts/account.repository';
import { AccountAccess, AccountScope, accountScopeOf } from '../auth/account-scope';
import type { Principal } from '../auth/principal';
import { BulkChunkOutcome, BulkResult, BulkRow, runBulkIngest } from '../common/bulk/bulk-ingest';
import { Clock } from '../common/clock';
import { ProblemFieldError } from '../common/problem';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { BatchIdentity } from '../engagement/batch-identity';
import { isStreamedContentType, SIGNAL_BULK_MAX_JSON_ROWS } from '../engagement/engagement-ingest';
import { addDays, adoptionValues } from './adoption-rules';
import { AdoptionRepository, AdoptionWrite, FeatureAdoptionRecord } from './adoption.repository';
import { AdoptionRowDto } from './dto/adoption.dto';


export interface AccountAdoption {
  accountId: string;
  asOf: string;
  thresholdPct: number;
  features: FeatureAdoptionRecord[];
}

@Injectable()
export class AdoptionService {
  constructor(
    private readonly adoption: AdoptionRepository,
    private readonly accountReferences: AccountReferenceRepository,
    private readonly accounts: AccountRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** `POST adoption`: upsert on (account, feature, day). */
  ingest(body: unknown, contentType: string | undefined, options: { partial?: boolean; dryRun?: boolean }, principal: Principal): Promise<BulkResult> {
    const now = this.clock.now();
    const latestDay = addDays(this.clock.today(this.config.businessTimezone), 1);
    const scope = accountScopeOf(principal);
    const identity = new BatchIdentity();
    return runBulkIngest<AdoptionRowDto, EntityManager>(
      body,
      contentType,
      { ...options, maxRows: isStreamedContentType(contentType) ? undefined : SIGNAL_BULK_MAX_JSON_ROWS, csvColumns: { activeUsers: 'number', eligibleUsers: 'number', adoptionPct: 'number' } },
      {
        rowClass: AdoptionRowDto,
        naturalKey: (row) => `${accountReferenceKey(row)}|${row.feature}|${row.date}`,
        naturalKeyPath: 'date',
        processChunk: (manager, rows, { write }) => this.processChunk(manager, rows, { write, now, latestDay, scope, identity }),
      },
      (work) => this.adoption.inIngestTransaction(work),
    );
  }

  private async processChunk(
    manager: EntityManager,
    rows: BulkRow<AdoptionRowDto>[],
    context: { write: boolean; now: Date; latestDay: string; scope: AccountScope; identity: BatchIdentity },
  ): Promise<BulkChunkOutcome> {
    const resolved = await this.accountReferences.resolve(manager, collectAccountReferences(rows.map((row) => row.row)), context.scope);
    const features = await this.adoption.featureIds(manager, [...new Set(rows.map((row) => row.row.feature))]);
    const errors: ProblemFieldError[] = [];
    const writes: AdoptionWrite[] = [];
    let repeats = 0;
    for (const { line, row } of rows) {
      const rowErrors: ProblemFieldError[] = [];
      const account = resolveAccountReference(row, resolved, line);
      if (account.error) rowErrors.push(account.error);
      const featureId = features.get(row.feature) ?? features.get(row.feature.toLowerCase());
      if (!featureId) rowErrors.push({ line, path: 'feature', message: `feature ${JSON.stringify(row.feature)} does not exist` });
      if (row.date > context.latestDay) rowErrors.push({ line, path: 'date', message: `date ${row.date} is more than one day after today (${addDays(context.latestDay, -1)})` });
      const { values, errors: valueErrors } = adoptionValues(row, line);
      rowErrors.push(...valueErrors);
      if (rowErrors.length > 0 || !values || !account.accountId || !featureId) {
        errors.push(...rowErrors);
        continue;
      }
      const write: AdoptionWrite = { accountId: account.accountId, featureId, day: row.date, ...values };
      const verdict = context.identity.check(`${write.accountId}|${write.featureId}|${write.day}`, line, JSON.stringify(values));
      if (verdict.kind === 'repeat') repeats += 1;
      else if (verdict.kind === 'conflict') errors.push({ line, path: 'date', message: `line ${verdict.otherLine} reports the same account, feature and day with different values` });
      else writes.push(write);
    }
    const counts = context.write ? await this.adoption.upsert(manager, writes, context.now) : { inserted: 0, updated: 0, unchanged: 0 };
    return { ...counts, unchanged: counts.unchanged + repeats, errors };
  }

  /** `GET accounts/:id/adoption`: per feature as of a day (default today). */
  async forAccount(accountId: string, access: AccountAccess, asOf?: string): Promise<AccountAdoption> {
    await this.accounts.requireVisible(accountId, access);
    const day = asOf ?? this.clock.today(this.config.businessTimezone);
    const features = await this.adoption.adoptionAsOf([accountId], day, this.config.adoptionThresholdPct);
    return { accountId, asOf: day, thresholdPct: this.config.adoptionThresholdPct, features };
  }
}
