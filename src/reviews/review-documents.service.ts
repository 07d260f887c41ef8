import { Inject, Injectable } from '@nestjs/common';
import { accountScopeOf } from '../auth/account-scope';
import type { Principal } from '../auth/principal';
import { Clock } from '../common/clock';
import { ConflictError, NotFoundError } from '../common/problem';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { ReviewAgendaRepository } from './review-agenda.repository';
import { assembleAgenda, assembleBrief, CustomerAgenda, ReviewBrief } from './review-documents';
import { ReviewFactsService } from './review-facts.service';
import { ReviewRepository } from './review.repository';

export interface ReviewDocuments {
  brief: ReviewBrief;
  agenda: CustomerAgenda;
  /** When they were stored; null when assembled for this read because none are stored yet. */
  generatedAt: Date | null;
}

/**
 * The brief and agenda of one review. Reads answer the stored documents (stable for the CSM);
 * before the review-agendas job or an on-demand request stored any, they are assembled from the
 * current facts without storing them.
 */
@Injectable()
export class ReviewDocumentsService {
  constructor(
    private readonly reviews: ReviewRepository,
    private readonly agendas: ReviewAgendaRepository,
    private readonly facts: ReviewFactsService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async documents(id: string, principal: Principal): Promise<ReviewDocuments> {
    const review = await this.reviews.findById(null, id, accountScopeOf(principal));
    if (!review) throw new NotFoundError('Review', id);
    const stored = await this.reviews.documents(null, review.accountId, review.id);
    if (stored) return { brief: stored.brief as unknown as ReviewBrief, agenda: stored.agenda as unknown as CustomerAgenda, generatedAt: stored.generatedAt };
    const facts = (await this.facts.gather(null, [review.id], this.clock.today(this.config.businessTimezone))).get(review.id)!;
    return { brief: assembleBrief(facts), agenda: assembleAgenda(facts), generatedAt: null };
  }

  /** Generates and stores the documents now (a planned review becomes agenda_ready). */
  async generate(id: string, principal: Principal): Promise<ReviewDocuments> {
    const scope = accountScopeOf(principal);
    await this.agendas.inTransaction(async (manager) => {
      const review = await this.reviews.findById(manager, id, scope, { lock: true });
      if (!review) throw new NotFoundError('Review', id);
      if (!['planned', 'agenda_ready', 'scheduled'].includes(review.status)) {
        throw new ConflictError(`The review is ${review.status}: its documents stay as they were.`);
      }
      const facts = (await this.facts.gather(manager, [review.id], this.clock.today(this.config.businessTimezone))).get(review.id)!;
      await this.agendas.storeDocuments(manager, [{ accountId: review.accountId, reviewId: review.id, brief: assembleBrief(facts), agenda: assembleAgenda(facts), generatedFor: 'on-demand' }], this.clock.now(), false);
    });
    return this.documents(id, principal);
  }
}
