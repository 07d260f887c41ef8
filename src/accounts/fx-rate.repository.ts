import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { SqlCondition } from '../auth/account-scope';
import type { BulkCounts } from '../common/bulk/bulk-ingest';

export interface FxRateRecord {
  date: string;
  currency: string;
  rate: string;
}

export interface FxRateFilter {
  currency?: string;
  from?: string;
  to?: string;
  after?: { date: string; currency: string };
  limit: number;
}

export interface CurrencyTotal {
  currency: string;
  accounts: number;
  arr: string;
  rate: string | null;
  converted: string | null;
}

@Injectable()
export class FxRateRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  inTransaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** Newest day first, then currency; keyset on (date, currency). */
  list(filter: FxRateFilter): Promise<FxRateRecord[]> {
    const params: unknown[] = [];
    const where: string[] = [];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    if (filter.currency) where.push(`currency = ${param(filter.currency)}`);
    if (filter.from) where.push(`date >= ${param(filter.from)}::date`);
    if (filter.to) where.push(`date <= ${param(filter.to)}::date`);
    if (filter.after) {
      const date = param(filter.after.date);
      const currency = param(filter.after.currency);
      where.push(`(date < ${date}::date OR (date = ${date}::date AND currency > ${currency}))`);
    }
    return this.dataSource.query(
      `SELECT date, currency, trim_scale(rate)::text AS rate FROM fx_rates ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY date DESC, currency ASC LIMIT ${param(filter.limit + 1)}`,
      params,
    );
  }

  /** Upserts a chunk of rates in one statement; rows whose rate did not change are left alone. */
  async upsert(manager: EntityManager, rates: FxRateRecord[], at: Date): Promise<BulkCounts> {
    if (rates.length === 0) return { inserted: 0, updated: 0, unchanged: 0 };
    const rows: { inserted: boolean }[] = await manager.query(
      `INSERT INTO fx_rates (date, currency, rate, created_at, updated_at)
       SELECT r.date, r.currency, r.rate, $2, $2 FROM jsonb_to_recordset($1::jsonb) AS r(date date, currency text, rate numeric)
       ON CONFLICT (date, currency) DO UPDATE SET rate = EXCLUDED.rate, updated_at = EXCLUDED.updated_at
         WHERE fx_rates.rate IS DISTINCT FROM EXCLUDED.rate
       RETURNING (xmax = 0) AS inserted`,
      [JSON.stringify(rates), at],
    );
    const inserted = rows.filter((row) => row.inserted).length;
    return { inserted, updated: rows.length - inserted, unchanged: rates.length - rows.length };
  }

  /**
   * ARR of the accounts matching `accounts` (a condition on `a.id` over table `accounts a`) summed
   * per currency and converted with the rate of `date`; a currency without a rate that day has
   * null rate and converted amount instead of a guess. The reporting currency converts at 1.
   */
  arrByCurrency(accounts: SqlCondition, date: string, reportingCurrency: string): Promise<CurrencyTotal[]> {
    const base = accounts.params.length;
    return this.dataSource.query(
      `WITH by_currency AS (
         SELECT a.currency, count(*)::int AS accounts, sum(a.arr) AS arr FROM accounts a WHERE ${accounts.sql} GROUP BY a.currency
       )
       SELECT b.currency, b.accounts, b.arr::numeric(16,2)::text AS arr,
              trim_scale(CASE WHEN b.currency = $${base + 2} THEN 1 ELSE r.rate END)::text AS rate,
              (b.arr * CASE WHEN b.currency = $${base + 2} THEN 1 ELSE r.rate END)::numeric(16,2)::text AS converted
       FROM by_currency b LEFT JOIN fx_rates r ON r.currency = b.currency AND r.date = $${base + 1}::date
       ORDER BY b.currency`,
      [...accounts.params, date, reportingCurrency],
    );
  }

  /** Each currency's latest rate on or before `date` (rates are not published every day). */
  async latestRatesOnOrBefore(date: string): Promise<Map<string, number>> {
    const rows: { currency: string; rate: number }[] = await this.dataSource.query(
      `SELECT DISTINCT ON (currency) currency, rate::float8 AS rate FROM fx_rates WHERE date <= $1::date ORDER BY currency, date DESC`,
      [date],
    );
    return new Map(rows.map((row) => [row.currency, row.rate]));
  }
}
