import type { EntityManager } from 'typeorm';

/**
 * Extension point: work that must happen in the transaction that makes a health run visible
 * (alerts and their outbox events). Provided under `HEALTH_RUN_COMPLETION_HOOK`; optional.
 * `reads` is a connection of its own, taken before that transaction began, for reading committed
 * data beside it (taken earlier, it can never wait for a pool the transaction's locks keep busy).
 */
export interface HealthRunCompletionHook {
  evaluateAfterRun(manager: EntityManager, runId: string, asOf: string, accountIds: string[], reads?: EntityManager): Promise<unknown>;
}

export const HEALTH_RUN_COMPLETION_HOOK = Symbol('HEALTH_RUN_COMPLETION_HOOK');
