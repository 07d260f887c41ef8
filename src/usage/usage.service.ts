import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AccountReferenceRepository } from '../accounts/account-reference.repository';
import { AccountRepository } from '../accounts/account.repository';
import { AccountAccess, accountScopeOf } from '../auth/account-scope';
import type { Principal } from '../auth/principal';
import { BulkResult, runBulkIngest } from '../common/bulk/bulk-ingest';
import { Clock } from '../common/clock';
import { ValidationFailedError } from '../common/problem';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { SlaConfigService } from '../support/sla-config.service';
import { UsageRowDto } from './dto/usage-row.dto';
import { MetricTrendDto, UsageResponseDto, UsageSeriesDto, UsageTrendsResponseDto } from './dto/usage.dto';
import { UsageChunk, UsageIngestBatch } from './usage-ingest-batch';
import { addDays, UsageRow, validateUsageRow } from './usage-row';
import { daysBetween, metricTrend, TREND_HISTORY_DAYS } from './usage-trends';
import { UsageGranularity, UsageRepository } from './usage.repository';

/** JSON arrays are held in memory whole; NDJSON and CSV stream in any size. */
export const USAGE_JSON_MAX_ROWS = 10_000;
/** Rows a statement upserts (PLATFORM.md: unnest inserts peak around 10k rows a statement). */
export const USAGE_CHUNK_ROWS = 10_000;
/** Longest range a usage read covers, by granularity. */
export const USAGE_MAX_RANGE_DAYS: Record<UsageGranularity, number> = { day: 1100, week: 3700, month: 3700 };
export const USAGE_DEFAULT_RANGE_DAYS = 90;

@Injectable()
export class UsageService {
  constructor(
    private readonly usage: UsageRepository,
    private readonly accountReferences: AccountReferenceRepository,
    private readonly accounts: AccountRepository,
    private readonly clock: Clock,
    private readonly slaConfig: SlaConfigService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private today(): string {
    return this.clock.today(this.config.businessTimezone);
  }

  /**
   * Upserts daily usage and quality rows on (account, metric, day). Rows name the account by id,
   * external id or app id; an app id rolls up to its account, so two app ids of one account give
   * the same key: the same value twice is one row, different values are the same key twice (an
   * error, as for any repeat) — a pipeline adds up its apps before sending. Memory stays constant:
   * repeats are found per chunk in memory and across chunks in the database.
   */
  ingest(body: unknown, contentType: string | undefined, options: { partial?: boolean; dryRun?: boolean }, principal: Principal): Promise<BulkResult> {
    const batch = new UsageIngestBatch(this.usage, this.accountReferences, accountScopeOf(principal), addDays(this.today(), 1), this.clock.now());
    return runBulkIngest<UsageRow, EntityManager, UsageChunk>(
      body,
      contentType,
      { ...options, maxArrayRows: USAGE_JSON_MAX_ROWS, chunkSize: USAGE_CHUNK_ROWS, csvColumns: { value: 'number', weight: 'number' } },
      {
        rowClass: UsageRowDto,
        validateRow: validateUsageRow,
        duplicates: 'handler',
        overlapChunks: true,
        // Rows are kept as columns of shared strings and numbers until their chunk is written.
        startChunk: (capacity) => batch.startChunk(capacity),
        // Every chunk is written, even once an atomic batch has failed: later chunks must still see
        // its keys to report every repeat, and the transaction is rolled back anyway.
        processChunk: (manager, rows) => batch.processChunk(manager, rows),
      },
      (work) => this.usage.inTransaction(work),
    );
  }

  async series(accountId: string, query: { metric?: string; from?: string; to?: string; granularity?: UsageGranularity }, access: AccountAccess): Promise<UsageResponseDto> {
    await this.accounts.requireVisible(accountId, access);
    const granularity = query.granularity ?? 'day';
    const to = query.to ?? this.today();
    const from = query.from ?? addDays(to, -(USAGE_DEFAULT_RANGE_DAYS - 1));
    const span = daysBetween(from, to) + 1;
    if (span < 1) throw new ValidationFailedError([{ path: 'from', message: 'from must not be after to' }]);
    if (span > USAGE_MAX_RANGE_DAYS[granularity]) {
      throw new ValidationFailedError([{ path: 'from', message: `a ${granularity} series covers at most ${USAGE_MAX_RANGE_DAYS[granularity]} days; narrow from/to` }]);
    }
    const metrics = query.metric ? [await this.requireMetric(query.metric)] : await this.usage.metricsWithData(accountId, from, to);
    const periods = metrics.length === 0 ? [] : await this.usage.periods(accountId, from, to, granularity, query.metric);
    return {
      accountId,
      from,
      to,
      granularity,
      metrics: metrics.map((metric) => UsageSeriesDto.from(metric, periods.filter((period) => period.metric === metric.key))),
    };
  }

  async trends(accountId: string, query: { asOf?: string; metric?: string }, access: AccountAccess): Promise<UsageTrendsResponseDto> {
    await this.accounts.requireVisible(accountId, access);
    // Default: the last complete day; today's figures are still arriving and would read as a drop.
    const asOf = query.asOf ?? addDays(this.today(), -1);
    const from = addDays(asOf, -(TREND_HISTORY_DAYS - 1));
    const metrics = query.metric ? [await this.requireMetric(query.metric)] : await this.usage.metricsWithData(accountId, from, asOf);
    const [days, context, holidaysOf] = await Promise.all([this.usage.days(accountId, from, asOf, query.metric), this.usage.trendContext(accountId), this.slaConfig.holidays()]);
    const main = new Set(context.mainMetrics);
    const holidays = holidaysOf(context.region);
    return {
      accountId,
      asOf,
      metrics: metrics.map((metric) =>
        MetricTrendDto.from(
          metric,
          metricTrend(
            days.filter((day) => day.metric === metric.key),
            metric.aggregation,
            asOf,
            holidays,
          ),
          main.has(metric.key),
        ),
      ),
    };
  }


  private async requireMetric(key: string) {
    const metric = await this.usage.metricDefinition(key);
    if (!metric) throw new ValidationFailedError([{ path: 'metric', message: `unknown metric ${JSON.stringify(key)} (see GET /api/v1/metrics)` }]);
    return metric;
  }
}
