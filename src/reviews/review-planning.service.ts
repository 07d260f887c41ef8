import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { addDays } from './review-dates';
import { AccountPlanningFacts, EVENT_LOOKBACK_DAYS, NewReview, planAccountReviews, ReviewUpdate } from './review-planning';
import { ReviewPlanningRepository } from './review-planning.repository';
import { groupBy } from '../common/collections';

/** Accounts planned per round of reads (ids travel as one array parameter). */
export const PLANNING_CHUNK_SIZE = 1000;
const DAY_MS = 86_400_000;

export interface PlanningStats {
  accounts: number;
  planned: number;
  updated: number;
}

/**
 * The review-planning job's work: every live account keeps its next reviews planned. Reads a chunk
 * of accounts with a few set-based statements, decides with the pure `planAccountReviews`, and
 * writes each chunk's plan in two statements; the whole planning is one transaction, so a failed
 * run leaves nothing half-planned and a second run plans nothing new.
 */
@Injectable()
export class ReviewPlanningService {
  constructor(
    private readonly repository: ReviewPlanningRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  plan(signal?: AbortSignal): Promise<PlanningStats> {
    const timeZone = this.config.businessTimezone;
    return this.repository.inTransaction(async (manager) => {
      await this.repository.lockPlanning(manager);
      const now = this.clock.now();
      const today = this.clock.today(timeZone);
      const options = { today, earliestCadenceDue: addDays(today, this.config.reviewAgendaLeadDays) };
      const cadences = await this.repository.cadences(manager);
      const eventsSince = new Date(now.getTime() - (EVENT_LOOKBACK_DAYS + 1) * DAY_MS);
      const stats: PlanningStats = { accounts: 0, planned: 0, updated: 0 };
      let after: string | null = null;
      for (;;) {
        signal?.throwIfAborted();
        const ids = await this.repository.liveAccountIds(manager, after, PLANNING_CHUNK_SIZE);
        if (ids.length === 0) break;
        after = ids[ids.length - 1];
        const [accounts, open, closed, handled, events] = [
          await this.repository.planningAccounts(manager, ids, timeZone),
          groupBy(await this.repository.openReviews(manager, ids), (row) => row.accountId),
          groupBy(await this.repository.lastClosedDays(manager, ids, timeZone), (row) => row.accountId),
          groupBy(await this.repository.handledTriggerKeys(manager, ids), (row) => row.accountId),
          groupBy(await this.repository.reviewEvents(manager, ids, eventsSince, timeZone), (row) => row.accountId),
        ];
        const inserts: NewReview[] = [];
        const updates: ReviewUpdate[] = [];
        for (const account of accounts) {
          const facts: AccountPlanningFacts = {
            account,
            openReviews: open.get(account.accountId) ?? [],
            lastClosedDayBySlot: new Map((closed.get(account.accountId) ?? []).map((row) => [row.slot, row.day])),
            handledTriggerKeys: new Set((handled.get(account.accountId) ?? []).map((row) => row.key)),
            events: events.get(account.accountId) ?? [],
          };
          const plan = planAccountReviews(facts, cadences, options);
          inserts.push(...plan.inserts);
          updates.push(...plan.updates);
        }
        stats.accounts += accounts.length;
        stats.updated += await this.repository.updateReviews(manager, updates, now);
        stats.planned += await this.repository.insertReviews(manager, inserts, now);
      }
      return stats;
    });
  }
}
