/**
 * Offline evaluation of recommendations (`npm run eval:recommendations`): pure parts, unit-tested.
 */
import { eligibleFeatures, EligibilityAccount, EligibilityFeature } from './recommendation-eligibility';

/**
 * The baseline a recommender must beat: the account's eligible features ordered by how many
 * accounts use them overall (ties by key), the top `k`.
 */
export function popularityTopK<F extends EligibilityFeature & { id: string }>(
  account: EligibilityAccount,
  features: readonly F[],
  adoptedKeys: ReadonlySet<string>,
  adoptersByFeatureId: ReadonlyMap<string, number>,
  k: number,
): string[] {
  return eligibleFeatures(account, features, adoptedKeys)
    .sort((a, b) => (adoptersByFeatureId.get(b.id) ?? 0) - (adoptersByFeatureId.get(a.id) ?? 0) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .slice(0, k)
    .map((feature) => feature.id);
}

export interface HitRate {
  accounts: number;
  hits: number;
  hitRate: number;
}

/**
 * Share of accounts whose recommended list contains at least one of the features they adopted
 * next. Accounts without a held-out adoption are not counted; an account missing from
 * `recommended` counts as a miss.
 */
export function hitRate(heldOut: ReadonlyMap<string, ReadonlySet<string>>, recommended: ReadonlyMap<string, readonly string[]>): HitRate {
  let accounts = 0;
  let hits = 0;
  for (const [accountId, adopted] of heldOut) {
    if (adopted.size === 0) continue;
    accounts += 1;
    if ((recommended.get(accountId) ?? []).some((featureId) => adopted.has(featureId))) hits += 1;
  }
  return { accounts, hits, hitRate: accounts === 0 ? 0 : Math.round((hits * 10_000) / accounts) / 10_000 };
}
