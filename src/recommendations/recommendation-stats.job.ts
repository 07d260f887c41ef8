import { Injectable, OnModuleInit } from '@nestjs/common';
import { JobContext, JobHandler } from '../jobs/job-handler';
import { JobRunner } from '../jobs/job-runner.service';
import { RecommendationStatsService } from './recommendation-stats.service';

/**
 * `recommendation-stats`: scheduled by JOB_RECOMMENDATION_STATS_CRON (off by default) and
 * `POST /api/v1/jobs/recommendation-stats/run`. Recomputes every active account's recommendations
 * as of today in BUSINESS_TIMEZONE; a rerun on the same data changes nothing.
 */
@Injectable()
export class RecommendationStatsJob implements JobHandler, OnModuleInit {
  readonly name = 'recommendation-stats' as const;

  constructor(
    private readonly runner: JobRunner,
    private readonly stats: RecommendationStatsService,
  ) {}

  onModuleInit(): void {
    this.runner.register(this);
  }

  async run(context: JobContext): Promise<Record<string, unknown>> {
    return { ...(await this.stats.run({ signal: context.signal })) };
  }
}
