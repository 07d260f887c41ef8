/**
 * Which features an account may be recommended. Pure: no Nest or database import.
 */

export interface EligibilityAccount {
  segment: string;
  /** Licensed product lines; empty means we do not know, and every line counts (as the health adoption component does). */
  products: readonly string[];
  /** Use cases; empty means we do not know, and the use-case filter is skipped. */
  useCases: readonly string[];
}

export interface EligibilityFeature {
  key: string;
  product: string;
  prerequisites: readonly string[];
  /** Empty means every segment. */
  eligibleSegments: readonly string[];
  /** Empty means a general feature that serves every use case. */
  useCases: readonly string[];
}

export type IneligibleReason = 'adopted' | 'product_not_licensed' | 'segment_not_eligible' | 'no_matching_use_case' | 'prerequisites_missing';

export type Eligibility = { eligible: true } | { eligible: false; reason: IneligibleReason; missingPrerequisites?: string[] };

/** Whether the account's segment may use the feature and its product line is licensed (peers are counted among these accounts too). */
export function featureOpenTo(account: Pick<EligibilityAccount, 'segment' | 'products'>, feature: Pick<EligibilityFeature, 'product' | 'eligibleSegments'>): boolean {
  return (account.products.length === 0 || account.products.includes(feature.product)) && (feature.eligibleSegments.length === 0 || feature.eligibleSegments.includes(account.segment));
}

/**
 * A feature can be recommended when the account has not adopted it, licenses its product line,
 * is in a segment it suits, shares a use case with it, and has adopted every prerequisite (else
 * "adopt X first" would be the advice, and X is recommended on its own).
 */
export function eligibilityOf(account: EligibilityAccount, feature: EligibilityFeature, adoptedKeys: ReadonlySet<string>): Eligibility {
  if (adoptedKeys.has(feature.key)) return { eligible: false, reason: 'adopted' };
  if (account.products.length > 0 && !account.products.includes(feature.product)) return { eligible: false, reason: 'product_not_licensed' };
  if (feature.eligibleSegments.length > 0 && !feature.eligibleSegments.includes(account.segment)) return { eligible: false, reason: 'segment_not_eligible' };
  if (account.useCases.length > 0 && feature.useCases.length > 0 && !feature.useCases.some((useCase) => account.useCases.includes(useCase))) {
    return { eligible: false, reason: 'no_matching_use_case' };
  }
  const missing = feature.prerequisites.filter((key) => !adoptedKeys.has(key));
  if (missing.length > 0) return { eligible: false, reason: 'prerequisites_missing', missingPrerequisites: missing };
  return { eligible: true };
}

/** The features of the catalog the account may be recommended, in catalog order. */
export function eligibleFeatures<F extends EligibilityFeature>(account: EligibilityAccount, features: readonly F[], adoptedKeys: ReadonlySet<string>): F[] {
  return features.filter((feature) => eligibilityOf(account, feature, adoptedKeys).eligible);
}
