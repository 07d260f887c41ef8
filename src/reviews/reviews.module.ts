import { Module } from '@nestjs/common';
import { ReviewDigestRepository } from './review-digest.repository';
import { ReviewsService } from './reviews.service';

/**
 * Business reviews: cadences, the review-planning and review-agendas jobs, the internal brief and
 * the customer agenda, the workflow and action items. Exports `ReviewsService` (digest reads).
 */
@Module({
  providers: [ReviewDigestRepository, ReviewsService],
  exports: [ReviewsService],
})
export class ReviewsModule {}
