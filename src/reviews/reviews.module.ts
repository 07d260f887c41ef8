import { Module } from '@nestjs/common';
import { JobsModule } from '../jobs/jobs.module';
import { ReviewDigestRepository } from './review-digest.repository';
import { ReviewPlanningJob } from './review-planning.job';
import { ReviewPlanningRepository } from './review-planning.repository';
import { ReviewPlanningService } from './review-planning.service';
import { ReviewsService } from './reviews.service';

/**
 * Business reviews: cadences, the review-planning and review-agendas jobs, the internal brief and
 * the customer agenda, the workflow and action items. Exports `ReviewsService` (digest reads).
 */
@Module({
  imports: [JobsModule],
  providers: [ReviewDigestRepository, ReviewsService, ReviewPlanningRepository, ReviewPlanningService, ReviewPlanningJob],
  exports: [ReviewsService],
})
export class ReviewsModule {}
