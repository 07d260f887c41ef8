import type { RecommendationEvidence } from './recommendation';
import { rationaleOf, RationaleContext } from './recommendation-rationale';

const evidence = (overrides: Partial<RecommendationEvidence> = {}): RecommendationEvidence => ({
  peerGroup: 'segment_industry',
  peerCount: 24,
  peerAdoptionPct: 70.83,
  coAdoptionPct: null,
  coAdoptionSample: 0,
  usageLiftPct: null,
  usageLiftAdopters: 0,
  usageLiftComparisons: 0,
  retentionAdopterPct: null,
  retentionNonAdopterPct: null,
  retentionSample: 0,
  ...overrides,
});
const context: RationaleContext = {
  featureName: 'Cloud recording',
  productName: 'Video calling',
  segmentName: 'Growth',
  industry: 'online-education',
  metricName: 'video minutes',
  coAdoptionFeatureName: 'Screen sharing',
  minPeers: 10,
};

describe('rationaleOf', () => {
  it.each([
    [
      'peer adoption and a usage lift',
      evidence({ usageLiftPct: 18.2, usageLiftAdopters: 12 }),
      context,
      "71% of growth online education accounts use Cloud recording; after adopting it their video minutes grew 18% more than peers'.",
    ],
    ['segment group', evidence({ peerGroup: 'segment' }), context, '71% of growth accounts use Cloud recording.'],
    ['everyone group names the product line', evidence({ peerGroup: 'everyone' }), context, '71% of accounts licensing Video calling use Cloud recording.'],
    [
      'co-adoption when the lift is small',
      evidence({ usageLiftPct: 2, usageLiftAdopters: 12, coAdoptionPct: 84.4, coAdoptionSample: 30 }),
      context,
      '71% of growth online education accounts use Cloud recording; 84% of accounts using Screen sharing also use it.',
    ],
    [
      'a small lift when nothing stronger holds',
      evidence({ usageLiftPct: 2, usageLiftAdopters: 12, coAdoptionPct: 30, coAdoptionSample: 30 }),
      context,
      "71% of growth online education accounts use Cloud recording; after adopting it their video minutes grew 2% more than peers'.",
    ],
    [
      'the account\'s own trial before co-adoption',
      evidence({ accountAdoptionPct: 12.4, coAdoptionPct: 84.4, coAdoptionSample: 30 }),
      context,
      '71% of growth online education accounts use Cloud recording; 12% of your users already use it.',
    ],
    [
      'a notable lift before the trial',
      evidence({ accountAdoptionPct: 12.4, usageLiftPct: 18, usageLiftAdopters: 12 }),
      context,
      "71% of growth online education accounts use Cloud recording; after adopting it their video minutes grew 18% more than peers'.",
    ],
    ['a negative lift is not claimed', evidence({ usageLiftPct: -12, usageLiftAdopters: 12 }), context, '71% of growth online education accounts use Cloud recording.'],
    [
      'retention advantage',
      evidence({ retentionAdopterPct: 95, retentionNonAdopterPct: 80, retentionSample: 60 }),
      context,
      '71% of growth online education accounts use Cloud recording; 95% of its adopters stayed with us against 80% of the rest.',
    ],
    [
      'too few peers says so',
      evidence({ peerGroup: 'everyone', peerCount: 3, peerAdoptionPct: 33.33 }),
      context,
      'Too few comparable accounts report Cloud recording yet (3); it is open to you on Video calling and fits your use cases.',
    ],
  ])('%s', (_name, given, forContext, expected) => {
    expect(rationaleOf(given, forContext)).toBe(expected);
  });
});
