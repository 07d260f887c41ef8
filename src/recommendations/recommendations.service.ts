import { Injectable } from '@nestjs/common';
import { AccountRepository } from '../accounts/account.repository';
import { accountScopeOf } from '../auth/account-scope';
import type { Principal } from '../auth/principal';
import { NotFoundError } from '../common/problem';
import type { Recommendation } from './recommendation';
import { RecommendationRepository, StoredRecommendationRow } from './recommendation.repository';

/** How many recommendations a read gives when the caller names no limit. */
export const DEFAULT_RECOMMENDATION_LIMIT = 5;
/** How many the job stores per account (and the most a read can ask for). */
export const MAX_STORED_RECOMMENDATIONS = 20;

export interface AccountRecommendations {
  accountId: string;
  /** Null when the `recommendation-stats` job has never covered this account. */
  computedAt: string | null;
  /** The business day the statistics stand for; null with computedAt. */
  asOf: string | null;
  /** Features eligible in that run (the items are the best of them). */
  eligibleFeatures: number;
  items: Recommendation[];
}

function toRecommendation(row: StoredRecommendationRow): Recommendation {
  return {
    accountId: row.accountId,
    rank: row.rank,
    featureId: row.featureId,
    featureKey: row.featureKey,
    featureName: row.featureName,
    productKey: row.productKey,
    score: row.score,
    rationale: row.rationale,
    evidence: row.evidence,
    links: { docs: row.docs, guide: row.guide, training: row.training },
    computedAt: row.computedAt.toISOString(),
  };
}

/** Reads of the recommendations the `recommendation-stats` job stored. */
@Injectable()
export class RecommendationsService {
  constructor(
    private readonly recommendations: RecommendationRepository,
    private readonly accounts: AccountRepository,
  ) {}

  /**
   * Stored recommendations of many accounts in one statement, best first (review documents,
   * exports). No scope check: callers check scope. An account without any is absent from the map.
   */
  async forAccounts(accountIds: string[], limit = DEFAULT_RECOMMENDATION_LIMIT): Promise<Map<string, Recommendation[]>> {
    const rows = await this.recommendations.recommendationsFor([...new Set(accountIds)], Math.min(Math.max(1, limit), MAX_STORED_RECOMMENDATIONS));
    const byAccount = new Map<string, Recommendation[]>();
    for (const row of rows) {
      if (!byAccount.has(row.accountId)) byAccount.set(row.accountId, []);
      byAccount.get(row.accountId)!.push(toRecommendation(row));
    }
    return byAccount;
  }

  /** `GET accounts/:id/recommendations`: 404 outside the key's scope. */
  async forAccount(accountId: string, principal: Principal, limit = DEFAULT_RECOMMENDATION_LIMIT): Promise<AccountRecommendations> {
    const account = await this.accounts.findById(accountId, accountScopeOf(principal));
    if (!account) throw new NotFoundError('Account', accountId);
    const [state, items] = await Promise.all([this.recommendations.stateOf(account.id), this.forAccounts([account.id], limit)]);
    return {
      accountId: account.id,
      computedAt: state ? state.computedAt.toISOString() : null,
      asOf: state ? state.asOf : null,
      eligibleFeatures: state ? state.eligibleFeatures : 0,
      items: state ? (items.get(account.id) ?? []) : [],
    };
  }
}
