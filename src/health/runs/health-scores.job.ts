import { Injectable, OnModuleInit } from '@nestjs/common';
import { JobContext, JobHandler } from '../../jobs/job-handler';
import { JobRunner } from '../../jobs/job-runner.service';
import { HealthRunService } from './health-run.service';

/**
 * `health-scores`: scheduled by JOB_HEALTH_SCORES_CRON (every 15 minutes by default) and
 * `POST /api/v1/jobs/health-scores/run`. The job framework gives one run per slot across instances;
 * the run decides between a full run (once a day) and an incremental one.
 */
@Injectable()
export class HealthScoresJob implements JobHandler, OnModuleInit {
  readonly name = 'health-scores' as const;

  constructor(
    private readonly runner: JobRunner,
    private readonly healthRuns: HealthRunService,
  ) {}

  onModuleInit(): void {
    this.runner.register(this);
  }

  run(context: JobContext): Promise<Record<string, unknown>> {
    return this.healthRuns.runJob(context);
  }
}
