import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { ReviewAgendaRepository, StoredDocuments } from './review-agenda.repository';
import { addDays, subtractBusinessDays } from './review-dates';
import { assembleAgenda, assembleBrief } from './review-documents';
import { ReviewFactsService } from './review-facts.service';

/** Business days before the meeting the documents are refreshed. */
export const REFRESH_BUSINESS_DAYS = 2;
/** Reviews whose documents are gathered and written per round. */
export const AGENDA_CHUNK_SIZE = 200;

export interface AgendaStats {
  generated: number;
  refreshed: number;
  nudged: number;
}

/**
 * The review-agendas job's work, in one transaction: writes the brief and agenda of open reviews
 * without documents REVIEW_AGENDA_LEAD_DAYS before due (planned → agenda_ready), refreshes them 2 business days before
 * the meeting, flags reviews with no meeting booked REVIEW_NUDGE_DAYS before due, and writes the
 * `review.agenda_ready` / `review.nudge` outbox events with those changes. Idempotent: what was
 * generated, refreshed for that meeting day, or flagged is not done again.
 */
@Injectable()
export class ReviewAgendasService {
  constructor(
    private readonly agendas: ReviewAgendaRepository,
    private readonly facts: ReviewFactsService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  run(signal?: AbortSignal): Promise<AgendaStats> {
    const timeZone = this.config.businessTimezone;
    return this.agendas.inTransaction(async (manager) => {
      await this.agendas.lockAgendas(manager);
      const now = this.clock.now();
      const today = this.clock.today(timeZone);
      const first = await this.agendas.dueForFirstDocuments(manager, addDays(today, this.config.reviewAgendaLeadDays));
      // Two business days before a meeting is at most four calendar days before it (over a weekend).
      const candidates = await this.agendas.refreshCandidates(manager, today, addDays(today, REFRESH_BUSINESS_DAYS + 2), timeZone);
      const refresh = candidates.filter(
        (candidate) => subtractBusinessDays(candidate.meetingDay, REFRESH_BUSINESS_DAYS) <= today && candidate.documentsFor !== `refresh:${candidate.meetingDay}`,
      );
      const generated = await this.generate(manager, first.map((reviewId) => ({ reviewId, generatedFor: 'initial' })), today, now, signal);
      const refreshed = await this.generate(
        manager,
        refresh.map((candidate) => ({ reviewId: candidate.reviewId, generatedFor: `refresh:${candidate.meetingDay}` })),
        today,
        now,
        signal,
      );
      const nudged = await this.agendas.flagNudges(manager, addDays(today, this.config.reviewNudgeDays), now);
      return { generated, refreshed, nudged };
    });
  }

  /** Gathers, assembles and stores the documents of the reviews (with their events) chunk by chunk. */
  private async generate(manager: EntityManager, work: { reviewId: string; generatedFor: string }[], today: string, now: Date, signal?: AbortSignal): Promise<number> {
    let stored = 0;
    for (let index = 0; index < work.length; index += AGENDA_CHUNK_SIZE) {
      signal?.throwIfAborted();
      const chunk = work.slice(index, index + AGENDA_CHUNK_SIZE);
      const facts = await this.facts.gather(manager, chunk.map((item) => item.reviewId), today);
      const documents: StoredDocuments[] = [];
      for (const item of chunk) {
        const reviewFacts = facts.get(item.reviewId);
        if (!reviewFacts) continue;
        documents.push({ accountId: reviewFacts.account.id, reviewId: item.reviewId, brief: assembleBrief(reviewFacts), agenda: assembleAgenda(reviewFacts), generatedFor: item.generatedFor });
      }
      stored += await this.agendas.storeDocuments(manager, documents, now, true);
    }
    return stored;
  }
}
