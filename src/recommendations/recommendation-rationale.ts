/**
 * The one sentence a CSM can say aloud for a recommendation, from its evidence. Pure.
 * It states only what the numbers support: a growth claim only for a positive lift with enough
 * adopters, a companion feature only with enough users, and says so when peers are too few.
 */
import type { RecommendationEvidence } from './recommendation';

export interface RationaleContext {
  featureName: string;
  productName: string;
  segmentName: string;
  /** Industry key as stored (e.g. `online-education`); null when the account has none. */
  industry: string | null;
  /** Lower-case name of the product line's main metric, e.g. `video minutes`; null when none. */
  metricName: string | null;
  /** Name of the feature behind coAdoptionPct. */
  coAdoptionFeatureName: string | null;
  minPeers: number;
}

const whole = (value: number) => Math.round(value);
const humanise = (key: string) => key.replace(/[-_]+/g, ' ').trim();

function peerPhrase(evidence: RecommendationEvidence, context: RationaleContext): string {
  const segment = context.segmentName.toLowerCase();
  switch (evidence.peerGroup) {
    case 'segment_industry':
      return `${segment} ${humanise(context.industry ?? '')} accounts`;
    case 'segment':
      return `${segment} accounts`;
    case 'everyone':
      return `accounts licensing ${context.productName}`;
  }
}

/** A lift below this is still said, but only when nothing stronger is there to say. */
export const NOTABLE_LIFT_PCT = 5;
/** A companion feature is named from this share on. */
export const NOTABLE_CO_ADOPTION_PCT = 50;

/** The second clause, strongest evidence first; null when nothing beyond peer adoption holds. */
function supportingClause(evidence: RecommendationEvidence, context: RationaleContext): string | null {
  const lift = evidence.usageLiftPct === null || !context.metricName ? null : whole(evidence.usageLiftPct);
  const liftClause = `after adopting it their ${context.metricName} grew ${lift}% more than peers'`;
  if (lift !== null && lift >= NOTABLE_LIFT_PCT) return liftClause;
  if (evidence.accountAdoptionPct != null && whole(evidence.accountAdoptionPct) >= 1) return `${whole(evidence.accountAdoptionPct)}% of your users already use it`;
  if (evidence.coAdoptionPct !== null && context.coAdoptionFeatureName && evidence.coAdoptionPct >= NOTABLE_CO_ADOPTION_PCT) {
    return `${whole(evidence.coAdoptionPct)}% of accounts using ${context.coAdoptionFeatureName} also use it`;
  }
  if (evidence.retentionAdopterPct !== null && evidence.retentionNonAdopterPct !== null && whole(evidence.retentionAdopterPct) > whole(evidence.retentionNonAdopterPct)) {
    return `${whole(evidence.retentionAdopterPct)}% of its adopters stayed with us against ${whole(evidence.retentionNonAdopterPct)}% of the rest`;
  }
  return lift !== null && lift >= 1 ? liftClause : null;
}

export function rationaleOf(evidence: RecommendationEvidence, context: RationaleContext): string {
  const supporting = supportingClause(evidence, context);
  if (evidence.peerCount < context.minPeers) {
    const lead = `Too few comparable accounts report ${context.featureName} yet (${evidence.peerCount})`;
    return supporting ? `${lead}; ${supporting}.` : `${lead}; it is open to you on ${context.productName} and fits your use cases.`;
  }
  const lead = `${whole(evidence.peerAdoptionPct)}% of ${peerPhrase(evidence, context)} use ${context.featureName}`;
  return supporting ? `${lead}; ${supporting}.` : `${lead}.`;
}
