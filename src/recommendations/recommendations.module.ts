import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { JobsModule } from '../jobs/jobs.module';
import { RecommendationStatsJob } from './recommendation-stats.job';
import { RecommendationStatsService } from './recommendation-stats.service';
import { RecommendationRepository } from './recommendation.repository';
import { RecommendationsController } from './recommendations.controller';
import { RecommendationsService } from './recommendations.service';

/** Evidence-ranked feature recommendations: the `recommendation-stats` job and the reads. */
@Module({
  imports: [JobsModule, AccountsModule],
  controllers: [RecommendationsController],
  providers: [RecommendationRepository, RecommendationsService, RecommendationStatsService, RecommendationStatsJob],
  exports: [RecommendationsService, RecommendationStatsService],
})
export class RecommendationsModule {}
