import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { SqlCondition } from '../auth/account-scope';
import { BulkChunkOutcome, BulkResult, runBulkIngest } from '../common/bulk/bulk-ingest';
import { Clock } from '../common/clock';
import { decodeCursor, DEFAULT_PAGE_SIZE, Page, toPage } from '../common/pagination';
import { BadRequestError } from '../common/problem';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { addMoney } from './account-rules';
import { FxRateRowDto } from './dto/fx-rate.dto';
import { FxRateRecord, FxRateRepository } from './fx-rate.repository';
import type { Portfolio } from './manager.repository';

export const FX_BULK_MAX_ROWS = 10000;

@Injectable()
export class FxRateService {
  constructor(
    private readonly rates: FxRateRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get reportingCurrency(): string {
    return this.config.reportingCurrency;
  }

  async list(query: { currency?: string; from?: string; to?: string; limit?: number; cursor?: string }): Promise<Page<FxRateRecord>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = decodeCursor(query.cursor);
    if (after && !/^\d{4}-\d{2}-\d{2}$/.test(String(after.sortValue))) throw new BadRequestError('cursor is not a cursor this API issued.');
    const rows = await this.rates.list({ currency: query.currency, from: query.from, to: query.to, after: after ? { date: String(after.sortValue), currency: after.id } : undefined, limit });
    return toPage(rows, limit, (row) => row, (row) => ({ sortValue: row.date, id: row.currency }));
  }

  /** Upserts a batch of rates (JSON array, NDJSON or CSV) by (date, currency). */
  upsert(body: unknown, contentType: string | undefined, options: { partial?: boolean; dryRun?: boolean }): Promise<BulkResult> {
    const now = this.clock.now();
    return runBulkIngest<FxRateRowDto, EntityManager>(
      body,
      contentType,
      { ...options, maxRows: FX_BULK_MAX_ROWS, csvColumns: { rate: 'string' } },
      {
        rowClass: FxRateRowDto,
        naturalKey: (row) => `${row.date}|${row.currency}`,
        naturalKeyPath: 'currency',
        processChunk: async (manager, rows, { write }): Promise<BulkChunkOutcome> => {
          const errors = rows
            .filter((row) => row.row.currency === this.config.reportingCurrency)
            .map((row) => ({ line: row.line, path: 'currency', message: `${row.row.currency} is the reporting currency; its rate is always 1` }));
          const bad = new Set(errors.map((error) => error.line));
          const good = rows.filter((row) => !bad.has(row.line)).map((row) => ({ date: row.row.date, currency: row.row.currency, rate: String(row.row.rate) }));
          const counts = write ? await this.rates.upsert(manager, good, now) : { inserted: 0, updated: 0, unchanged: 0 };
          return { ...counts, errors };
        },
      },
      (work) => this.rates.inTransaction(work),
    );
  }

  /** ARR of the accounts matching the condition in the reporting currency on `date`; a missing rate leaves the total null and is named. */
  async arrTotal(accounts: SqlCondition, date: string): Promise<Portfolio['arr']> {
    const byCurrency = await this.rates.arrByCurrency(accounts, date, this.config.reportingCurrency);
    const missing = byCurrency.filter((row) => row.rate === null);
    const convertedTotal = byCurrency.reduce((sum, row) => (row.converted === null ? sum : addMoney(sum, row.converted)), '0.00');
    return {
      reportingCurrency: this.config.reportingCurrency,
      date,
      total: missing.length === 0 ? convertedTotal : null,
      convertedTotal,
      complete: missing.length === 0,
      missingRates: missing.map((row) => ({ currency: row.currency, date })),
      byCurrency,
    };
  }

  /** Rates into the reporting currency as of `date` (each currency's latest on or before it); the reporting currency is 1. */
  async ratesAsOf(date: string): Promise<Record<string, number>> {
    const rates = Object.fromEntries(await this.rates.latestRatesOnOrBefore(date));
    rates[this.config.reportingCurrency] = 1;
    return rates;
  }
}
