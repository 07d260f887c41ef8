import { Module } from '@nestjs/common';
import { AdoptionModule } from '../adoption/adoption.module';
import { CatalogModule } from '../catalog/catalog.module';
import { EngagementModule } from '../engagement/engagement.module';
import { HealthModule } from '../health/health.module';
import { JobsModule } from '../jobs/jobs.module';
import { RecommendationsModule } from '../recommendations/recommendations.module';
import { RecommendationsService } from '../recommendations/recommendations.service';
import { SupportModule } from '../support/support.module';
import { UsageModule } from '../usage/usage.module';
import { ReviewAgendaRepository } from './review-agenda.repository';
import { ReviewAgendasJob } from './review-agendas.job';
import { ReviewAgendasService } from './review-agendas.service';
import { ReviewCadenceRepository } from './review-cadence.repository';
import { ReviewCadenceService } from './review-cadence.service';
import { ReviewCadencesController } from './review-cadences.controller';
import { ReviewDigestRepository } from './review-digest.repository';
import { ReviewDocumentsService } from './review-documents.service';
import { ReviewFactsRepository } from './review-facts.repository';
import { RECOMMENDATIONS_SOURCE, ReviewFactsService } from './review-facts.service';
import { ReviewPlanningJob } from './review-planning.job';
import { ReviewPlanningRepository } from './review-planning.repository';
import { ReviewPlanningService } from './review-planning.service';
import { ReviewWorkflowService } from './review-workflow.service';
import { ReviewRepository } from './review.repository';
import { ReviewsController } from './reviews.controller';
import { ReviewsService } from './reviews.service';

/**
 * Business reviews: cadences, the review-planning and review-agendas jobs, the internal brief and
 * the customer agenda, the workflow and action items. Exports `ReviewsService` (digest reads).
 */
@Module({
  imports: [JobsModule, HealthModule, UsageModule, AdoptionModule, SupportModule, CatalogModule, EngagementModule, RecommendationsModule],
  controllers: [ReviewsController, ReviewCadencesController],
  providers: [
    ReviewDigestRepository,
    ReviewsService,
    ReviewPlanningRepository,
    ReviewPlanningService,
    ReviewPlanningJob,
    ReviewCadenceRepository,
    ReviewCadenceService,
    ReviewRepository,
    ReviewWorkflowService,
    ReviewFactsRepository,
    ReviewFactsService,
    // The brief's recommendations and the agenda's "what to try next".
    { provide: RECOMMENDATIONS_SOURCE, useExisting: RecommendationsService },
    ReviewAgendaRepository,
    ReviewAgendasService,
    ReviewAgendasJob,
    ReviewDocumentsService,
  ],
  exports: [ReviewsService],
})
export class ReviewsModule {}
