import { Injectable, OnModuleInit } from '@nestjs/common';
import { JobContext, JobHandler } from '../jobs/job-handler';
import { JobRunner } from '../jobs/job-runner.service';
import { ReviewPlanningService } from './review-planning.service';

/** `review-planning`: JOB_REVIEW_PLANNING_CRON and `POST /api/v1/jobs/review-planning/run`. */
@Injectable()
export class ReviewPlanningJob implements JobHandler, OnModuleInit {
  readonly name = 'review-planning' as const;

  constructor(
    private readonly runner: JobRunner,
    private readonly planning: ReviewPlanningService,
  ) {}

  onModuleInit(): void {
    this.runner.register(this);
  }

  async run(context: JobContext): Promise<Record<string, unknown>> {
    return { ...(await this.planning.plan(context.signal)) };
  }
}
