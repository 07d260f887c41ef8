import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AccountScope, accountScopeCondition } from '../auth/account-scope';
import type { AccountReferenceSet, ResolvedAccountReferences } from './account-reference';

/** Resolves the account references of an ingest chunk set-based: one query for ids, external ids and app ids together. */
@Injectable()
export class AccountReferenceRepository {
  async resolve(manager: EntityManager, references: AccountReferenceSet, scope: AccountScope): Promise<ResolvedAccountReferences> {
    const resolved: ResolvedAccountReferences = { byId: new Map(), byExternalId: new Map(), byAppId: new Map() };
    if (references.ids.length + references.externalIds.length + references.appIds.length === 0) return resolved;
    const condition = accountScopeCondition(scope, 'a.id', 4);
    const rows: Array<{ kind: 'id' | 'ext' | 'app'; reference: string; accountId: string }> = await manager.query(
      `SELECT 'id' AS kind, a.id::text AS reference, a.id AS "accountId" FROM accounts a WHERE a.id = ANY($1::uuid[]) AND ${condition.sql}
       UNION ALL
       SELECT 'ext', a.external_id, a.id FROM accounts a WHERE a.external_id = ANY($2::text[]) AND ${condition.sql}
       UNION ALL
       SELECT 'app', x.app_id, a.id FROM account_app_ids x JOIN accounts a ON a.id = x.account_id WHERE x.app_id = ANY($3::text[]) AND ${condition.sql}`,
      [references.ids, references.externalIds, references.appIds, ...condition.params],
    );
    for (const row of rows) {
      if (row.kind === 'id') resolved.byId.set(row.reference, row.accountId);
      else if (row.kind === 'ext') resolved.byExternalId.set(row.reference, row.accountId);
      else resolved.byAppId.set(row.reference, row.accountId);
    }
    return resolved;
  }
}
