import { Injectable, OnModuleInit } from '@nestjs/common';
import { ApiKeyRepository } from '../auth/api-key.repository';
import { Clock } from '../common/clock';
import { JobHandler } from './job-handler';
import { JobRunRepository } from './job-run.repository';
import { JobRunner } from './job-runner.service';

const DAY_MS = 24 * 3600 * 1000;
/** Expired and revoked keys stay visible (for audits) this long before they are deleted. */
export const API_KEY_RETENTION_DAYS = 30;
export const JOB_RUN_RETENTION_DAYS = 90;

/** Deletes long-expired or revoked API keys and old job runs. Idempotent: a second run finds nothing. */
@Injectable()
export class HousekeepingJob implements JobHandler, OnModuleInit {
  readonly name = 'housekeeping' as const;

  constructor(
    private readonly runner: JobRunner,
    private readonly apiKeys: ApiKeyRepository,
    private readonly runs: JobRunRepository,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.runner.register(this);
  }

  async run(): Promise<Record<string, unknown>> {
    const now = this.clock.now().getTime();
    const deletedApiKeys = await this.apiKeys.deleteExpiredBefore(new Date(now - API_KEY_RETENTION_DAYS * DAY_MS));
    const deletedJobRuns = await this.runs.deleteFinishedBefore(new Date(now - JOB_RUN_RETENTION_DAYS * DAY_MS));
    return { deletedApiKeys, deletedJobRuns };
  }
}
