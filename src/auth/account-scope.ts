import type { Principal } from './principal';

/**
 * The one mechanism that limits `csm` and `lead` keys to their book of business. Repositories add
 * the condition to every query that touches accounts, so an account outside the scope is absent
 * from lists, bulk answers and exports, and answers 404 when asked for by id.
 */
export type AccountScope =
  | { kind: 'all' }
  /** accounts where this manager holds any open assignment */
  | { kind: 'manager'; managerId: string }
  /** accounts of the lead and of every manager whose lead they are */
  | { kind: 'team'; leadId: string };

/**
 * An account a composing read (the dashboard) has already found inside the key's scope, so the
 * reads it composes need not look it up again. Only `checked` makes one, after that lookup.
 */
export class VisibleAccount {
  private constructor(
    readonly accountId: string,
    readonly principal: Principal,
  ) {}

  static checked(accountId: string, principal: Principal): VisibleAccount {
    return new VisibleAccount(accountId, principal);
  }
}

/** How a scoped read is entitled to an account: the key's principal (checked by the read) or an account checked before. */
export type AccountAccess = Principal | VisibleAccount;

export function principalOf(access: AccountAccess): Principal {
  return access instanceof VisibleAccount ? access.principal : access;
}

export function accountScopeOf(principal: Principal): AccountScope {
  if (principal.role === 'csm' && principal.managerId) return { kind: 'manager', managerId: principal.managerId };
  if (principal.role === 'lead' && principal.managerId) return { kind: 'team', leadId: principal.managerId };
  return { kind: 'all' };
}

export interface SqlCondition {
  sql: string;
  params: unknown[];
}

/**
 * A SQL condition on an account id expression, with its parameters numbered from `firstParam`.
 * Uses the open assignments (index on manager_id where ended_at is null) and the team of a lead.
 */
export function accountScopeCondition(scope: AccountScope, accountIdExpression: string, firstParam: number): SqlCondition {
  switch (scope.kind) {
    case 'all':
      return { sql: 'TRUE', params: [] };
    case 'manager':
      return {
        sql: `EXISTS (SELECT 1 FROM account_assignments scope_a WHERE scope_a.account_id = ${accountIdExpression} AND scope_a.ended_at IS NULL AND scope_a.manager_id = $${firstParam})`,
        params: [scope.managerId],
      };
    case 'team':
      return {
        sql: `EXISTS (SELECT 1 FROM account_assignments scope_a JOIN managers scope_m ON scope_m.id = scope_a.manager_id WHERE scope_a.account_id = ${accountIdExpression} AND scope_a.ended_at IS NULL AND (scope_m.id = $${firstParam} OR scope_m.lead_id = $${firstParam}))`,
        params: [scope.leadId],
      };
  }
}
