import type { EntityManager } from 'typeorm';

/**
 * Extension point: work that must happen in the transaction that makes a health run visible
 * (alerts and their outbox events). Provided under `HEALTH_RUN_COMPLETION_HOOK`; optional.
 */
export interface HealthRunCompletionHook {
  evaluateAfterRun(manager: EntityManager, runId: string, asOf: string, accountIds: string[]): Promise<unknown>;
}

export const HEALTH_RUN_COMPLETION_HOOK = Symbol('HEALTH_RUN_COMPLETION_HOOK');
