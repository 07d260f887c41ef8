import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, AppConfig, JOB_NAMES, JobName } from '../config/app-config';
import { Clock } from '../common/clock';
import { NotFoundError } from '../common/problem';
import { MetricsRegistry } from '../operations/metrics-registry';
import { JobContext, JobHandler } from './job-handler';
import { JobRunEntity, JobTrigger } from './job-run.entity';
import { JobRunRepository } from './job-run.repository';

export interface TriggerResult {
  runId: string;
  /** False when a run of the job was already running and its id is answered instead. */
  started: boolean;
}

/**
 * Runs jobs exactly once per slot across instances: claims the slot, holds and renews a lease
 * while the handler works, and records the outcome in job_runs.
 */
@Injectable()
export class JobRunner implements OnApplicationShutdown {
  private readonly logger = new Logger(JobRunner.name);
  private readonly handlers = new Map<JobName, JobHandler>();
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly runs: JobRunRepository,
    private readonly clock: Clock,
    private readonly metrics: MetricsRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  register(handler: JobHandler): void {
    this.handlers.set(handler.name, handler);
  }

  registeredJobs(): JobName[] {
    return JOB_NAMES.filter((name) => this.handlers.has(name));
  }

  private handlerFor(name: string): JobHandler {
    const handler = this.handlers.get(name as JobName);
    if (!handler) throw new NotFoundError('Job', name);
    return handler;
  }

  /** A scheduled tick: runs and waits when this instance claims the slot, else does nothing. */
  async runScheduled(name: JobName, slot: Date): Promise<JobRunEntity | undefined> {
    const handler = this.handlerFor(name);
    const claim = await this.runs.claim(name, slot, 'schedule', this.config.instanceId, this.config.jobLeaseSeconds);
    if (!claim.claimed) return undefined;
    await this.track(this.execute(handler, claim.run));
    return (await this.runs.findById(claim.run.id)) ?? undefined;
  }

  /** A manual trigger: starts a run in the background, or answers the id of the one running. */
  async trigger(name: string, trigger: JobTrigger = 'manual'): Promise<TriggerResult> {
    const handler = this.handlerFor(name);
    const claim = await this.runs.claim(handler.name, this.clock.now(), trigger, this.config.instanceId, this.config.jobLeaseSeconds);
    if (!claim.claimed) {
      if (claim.runningRunId) return { runId: claim.runningRunId, started: false };
      // Same millisecond as another manual trigger that already finished: ask again with a new slot.
      return this.trigger(name, trigger);
    }
    void this.track(this.execute(handler, claim.run));
    return { runId: claim.run.id, started: true };
  }

  /** Waits for runs this instance started (tests, shutdown). */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
  }

  async onApplicationShutdown(): Promise<void> {
    const timeout = new Promise((resolve) => setTimeout(resolve, this.config.shutdownTimeoutMs).unref());
    await Promise.race([this.drain(), timeout]);
  }

  private track(work: Promise<void>): Promise<void> {
    this.inFlight.add(work);
    return work.finally(() => this.inFlight.delete(work));
  }

  private async execute(handler: JobHandler, run: JobRunEntity): Promise<void> {
    const started = process.hrtime.bigint();
    const abort = new AbortController();
    const renewEveryMs = Math.max(500, (this.config.jobLeaseSeconds * 1000) / 3);
    const renewal = setInterval(() => {
      this.runs.renewLease(run.id, this.config.jobLeaseSeconds).then(
        (stillOurs) => {
          if (!stillOurs) abort.abort(new Error('lease lost'));
        },
        (error: unknown) => this.logger.warn({ err: error, job: handler.name, runId: run.id }, 'lease renewal failed'),
      );
    }, renewEveryMs);
    renewal.unref();
    const context: JobContext = { runId: run.id, slot: run.slot, signal: abort.signal };
    let status: 'succeeded' | 'failed' = 'succeeded';
    try {
      this.logger.log({ job: handler.name, runId: run.id, slot: run.slot.toISOString(), trigger: run.trigger }, 'job run started');
      const stats = await handler.run(context);
      await this.runs.finish(run.id, 'succeeded', stats, null);
      const rows = Object.values(stats).filter((value): value is number => typeof value === 'number').reduce((sum, value) => sum + value, 0);
      this.metrics.jobRows.inc({ job: handler.name }, rows);
      this.logger.log({ job: handler.name, runId: run.id, stats }, 'job run succeeded');
    } catch (error) {
      status = 'failed';
      const message = error instanceof Error ? error.message : String(error);
      await this.runs.finish(run.id, 'failed', {}, message.slice(0, 2000)).catch(() => undefined);
      this.logger.error({ err: error, job: handler.name, runId: run.id }, 'job run failed');
    } finally {
      clearInterval(renewal);
      this.metrics.jobRunDuration.observe({ job: handler.name, status }, Number(process.hrtime.bigint() - started) / 1e9);
    }
  }
}
