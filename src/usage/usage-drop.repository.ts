import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export interface MainMetricDayRecord {
  accountId: string;
  metric: string;
  metricName: string;
  /** The account's region, whose calendar's holidays the drop check leaves out. */
  region: string | null;
  day: string;
  value: number;
  weight: number | null;
}

/**
 * The usage the overnight-drop alert reads: for a chunk of accounts, the main metric of every
 * product line they license, on a given set of days only (the last days and their weekdays in the
 * 8 weeks before), in one statement. Separate from UsageRepository so the alerts read exactly
 * what they need, by primary key, with the run's transaction.
 */
@Injectable()
export class UsageDropRepository {
  async mainMetricDays(manager: EntityManager, accountIds: string[], days: string[]): Promise<MainMetricDayRecord[]> {
    if (accountIds.length === 0 || days.length === 0) return [];
    return manager.query(
      `WITH main AS (
         SELECT DISTINCT a.id AS account_id, a.region, p.main_metric AS metric
         FROM accounts a JOIN products p ON p.key = ANY(a.products) AND p.main_metric IS NOT NULL
         WHERE a.id = ANY($1::uuid[])
       )
       SELECT u.account_id AS "accountId", u.metric, m.name AS "metricName", main.region, u.day, u.value, u.weight
       FROM main JOIN metrics m ON m.key = main.metric
       JOIN usage_daily u ON u.account_id = main.account_id AND u.metric = main.metric AND u.day = ANY($2::date[])
       ORDER BY u.account_id, u.metric, u.day`,
      [accountIds, days],
    );
  }
}
