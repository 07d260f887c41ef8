import type { JobName } from '../config/app-config';

export interface JobContext {
  runId: string;
  /** The scheduled tick (or the manual request time) the run stands for. */
  slot: Date;
  /** Aborted when the run lost its lease; long jobs check it between chunks. */
  signal: AbortSignal;
}

/** A job's work: a plain method that the scheduler, the admin endpoint and tests all call. */
export interface JobHandler {
  readonly name: JobName;
  /** Idempotent: a run redone after an abandoned one must not double anything. Returns stats to record. */
  run(context: JobContext): Promise<Record<string, unknown>>;
}
