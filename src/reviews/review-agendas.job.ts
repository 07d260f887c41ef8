import { Injectable, OnModuleInit } from '@nestjs/common';
import { JobContext, JobHandler } from '../jobs/job-handler';
import { JobRunner } from '../jobs/job-runner.service';
import { ReviewAgendasService } from './review-agendas.service';

/** `review-agendas`: JOB_REVIEW_AGENDAS_CRON and `POST /api/v1/jobs/review-agendas/run`. */
@Injectable()
export class ReviewAgendasJob implements JobHandler, OnModuleInit {
  readonly name = 'review-agendas' as const;

  constructor(
    private readonly runner: JobRunner,
    private readonly agendas: ReviewAgendasService,
  ) {}

  onModuleInit(): void {
    this.runner.register(this);
  }

  async run(context: JobContext): Promise<Record<string, unknown>> {
    return { ...(await this.agendas.run(context.signal)) };
  }
}
