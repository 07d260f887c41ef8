import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ProblemFieldError } from '../common/problem';
import { AccountRepository, AccountState } from './account.repository';
import { commercialTermErrors } from './account-rules';

/** A state to validate and the batch line it came from (bulk) or none (single writes). */
export interface AccountCandidate {
  line?: number;
  state: AccountState;
  /** Bulk rows may name the parent by external id; resolved into `state.parentId`. */
  parentExternalId?: string | null;
}

/**
 * The rules that need stored data, checked for a whole set of candidates with a handful of
 * queries: segment, products and use cases exist, the parent exists and closes no cycle, and app
 * ids belong to no other account. Answers the errors per candidate index.
 */
@Injectable()
export class AccountValidationService {
  constructor(private readonly accounts: AccountRepository) {}

  async check(manager: EntityManager, candidates: AccountCandidate[], pendingParents: Set<string> = new Set()): Promise<Map<number, ProblemFieldError[]>> {
    const errors = new Map<number, ProblemFieldError[]>();
    const add = (index: number, path: string, message: string) => {
      const list = errors.get(index) ?? [];
      list.push({ ...(candidates[index].line !== undefined ? { line: candidates[index].line } : {}), path, message });
      errors.set(index, list);
    };
    const states = candidates.map((candidate) => candidate.state);

    candidates.forEach((candidate, index) => {
      for (const error of commercialTermErrors(candidate.state)) add(index, error.path, error.message);
      if (candidate.parentExternalId && candidate.parentExternalId === candidate.state.externalId) add(index, 'parentExternalId', 'an account cannot be its own parent');
    });

    // One statement at a time: these run on the transaction's single connection, where node-pg
    // would only queue concurrent queries (and pg 9 refuses them).
    const segments = await this.accounts.existingKeys(manager, 'segments', [...new Set(states.map((state) => state.segment))]);
    const products = await this.accounts.existingKeys(manager, 'products', [...new Set(states.flatMap((state) => state.products))]);
    const useCases = await this.accounts.existingKeys(manager, 'use_cases', [...new Set(states.flatMap((state) => state.useCases))]);
    const parentsByExternalId = await this.accounts.idsByExternalIds(manager, [...new Set(candidates.flatMap((candidate) => (candidate.parentExternalId ? [candidate.parentExternalId] : [])))]);
    candidates.forEach((candidate, index) => {
      const state = candidate.state;
      if (!segments.has(state.segment)) add(index, 'segment', `unknown segment ${JSON.stringify(state.segment)}`);
      state.products.forEach((product, position) => {
        if (!products.has(product)) add(index, `products[${position}]`, `unknown product ${JSON.stringify(product)}`);
      });
      state.useCases.forEach((useCase, position) => {
        if (!useCases.has(useCase)) add(index, `useCases[${position}]`, `unknown use case ${JSON.stringify(useCase)}`);
      });
      if (candidate.parentExternalId) {
        const parentId = parentsByExternalId.get(candidate.parentExternalId);
        if (parentId) state.parentId = parentId;
        else if (!pendingParents.has(candidate.parentExternalId)) add(index, 'parentExternalId', `no account has externalId ${JSON.stringify(candidate.parentExternalId)}`);
      }
    });

    const parentIds = [...new Set(states.flatMap((state) => (state.parentId ? [state.parentId] : [])))];
    const storedParents = await this.accounts.existingAccountIds(manager, parentIds);
    const appIdOwners = await this.accounts.appIdOwners(manager, [...new Set(states.flatMap((state) => state.appIds))]);
    const parentPath = (index: number) => (candidates[index].parentExternalId ? 'parentExternalId' : 'parentId');
    candidates.forEach((candidate, index) => {
      const state = candidate.state;
      if (state.parentId && !storedParents.has(state.parentId)) add(index, parentPath(index), `account ${state.parentId} does not exist`);
      if (state.parentId && state.id && state.parentId === state.id) add(index, parentPath(index), 'an account cannot be its own parent');
    });
    const links = candidates.flatMap((candidate, index) =>
      candidate.state.id && candidate.state.parentId && !errors.has(index) ? [{ id: candidate.state.id, parentId: candidate.state.parentId }] : [],
    );
    const cyclic = await this.accounts.accountsInParentCycles(manager, links);
    candidates.forEach((candidate, index) => {
      if (candidate.state.id && cyclic.has(candidate.state.id)) add(index, parentPath(index), 'this parent would make the account its own ancestor (a cycle)');
    });

    const claimedInBatch = new Map<string, number>();
    candidates.forEach((candidate, index) => {
      candidate.state.appIds.forEach((appId) => {
        const owner = appIdOwners.get(appId);
        const path = `appIds[${candidate.state.appIds.indexOf(appId)}]`;
        if (owner && owner.accountId !== candidate.state.id) add(index, path, `app id ${JSON.stringify(appId)} belongs to account ${owner.externalId}`);
        const earlier = claimedInBatch.get(appId);
        if (earlier !== undefined && earlier !== index) add(index, path, `app id ${JSON.stringify(appId)} is also given to ${candidates[earlier].state.externalId} in this batch`);
        else claimedInBatch.set(appId, index);
      });
    });
    return errors;
  }
}
