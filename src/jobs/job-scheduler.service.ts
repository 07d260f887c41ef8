import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import { APP_CONFIG, AppConfig, jobCronVariable } from '../config/app-config';
import { JobRunner } from './job-runner.service';

/**
 * Cron ticks fire on whole seconds; rounding to the nearest second gives every instance the same
 * slot for the same tick despite timer jitter, so the (job, slot) claim lets exactly one run.
 */
export function slotForTick(firedAt: Date): Date {
  return new Date(Math.round(firedAt.getTime() / 1000) * 1000);
}

/** Turns `JOB_<NAME>_CRON` into cron triggers; an empty value leaves the job manual-only. */
@Injectable()
export class JobScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(JobScheduler.name);

  constructor(
    private readonly schedulerRegistry: SchedulerRegistry,
    private readonly runner: JobRunner,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    for (const job of this.runner.registeredJobs()) {
      const expression = this.config.jobCrons[job];
      if (!expression) continue;
      const cron = CronJob.from({
        cronTime: expression,
        start: false,
        onTick: () => {
          const slot = slotForTick(new Date());
          this.runner.runScheduled(job, slot).catch((error: unknown) => this.logger.error({ err: error, job }, 'scheduled run could not start'));
        },
      });
      this.schedulerRegistry.addCronJob(`job:${job}`, cron);
      cron.start();
      this.logger.log({ job, cron: expression, variable: jobCronVariable(job) }, 'job scheduled');
    }
  }

  onApplicationShutdown(): void {
    for (const [name, cron] of this.schedulerRegistry.getCronJobs()) {
      if (name.startsWith('job:')) void cron.stop();
    }
  }
}
