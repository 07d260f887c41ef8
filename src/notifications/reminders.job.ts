import { Injectable, OnModuleInit } from '@nestjs/common';
import { Clock } from '../common/clock';
import { AlertService } from '../health/alerts/alert.service';
import { JobContext, JobHandler } from '../jobs/job-handler';
import { JobRunner } from '../jobs/job-runner.service';
import { DigestService } from './digest.service';

/**
 * The `reminders` job (every 5 minutes by default): sweeps ticket SLAs so a P1/P2 at 75% of its
 * first-response target warns now rather than at the next health run, then records the daily
 * digests (and overdue reminders) that are due. Sending is the notification-delivery job's work.
 * Idempotent: every notification it records has a dedupe key.
 */
@Injectable()
export class RemindersJob implements JobHandler, OnModuleInit {
  readonly name = 'reminders' as const;

  constructor(
    private readonly runner: JobRunner,
    private readonly alerts: AlertService,
    private readonly digests: DigestService,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.runner.register(this);
  }

  async run(_context?: JobContext): Promise<Record<string, unknown>> {
    const now = this.clock.now();
    const sla = await this.alerts.evaluateSla(now);
    const digests = await this.digests.sendDueDigests(now);
    return { slaAlertsOpened: sla.opened, slaSweepSkipped: sla.skipped, ...digests };
  }
}
