import type { EntityManager } from 'typeorm';

/**
 * Extension point: work that must happen in the transaction that makes a health run visible
 * (alerts and their outbox events). Provided under `HEALTH_RUN_COMPLETION_HOOK`; optional.
 *
 * `prepare`, when provided, runs once per chunk of scored accounts while the run is still scoring,
 * outside any transaction: reads that do not depend on the run's results (the usage the
 * overnight-drop rule judges), taken off the run's sequential tail. Its answers are handed to
 * `evaluateAfterRun`, which reads what was not prepared (organisations, accounts of other chunks)
 * itself.
 */
export interface HealthRunCompletionHook<Prepared = unknown> {
  prepare?(asOf: string, accountIds: string[]): Promise<Prepared>;
  evaluateAfterRun(manager: EntityManager, runId: string, asOf: string, accountIds: string[], prepared?: Prepared[]): Promise<unknown>;
}

export const HEALTH_RUN_COMPLETION_HOOK = Symbol('HEALTH_RUN_COMPLETION_HOOK');
