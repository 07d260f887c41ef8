import { eligibilityOf, eligibleFeatures, EligibilityAccount, EligibilityFeature, featureOpenTo } from './recommendation-eligibility';

const account = (overrides: Partial<EligibilityAccount> = {}): EligibilityAccount => ({ segment: 'growth', products: ['video-calling'], useCases: ['large-class'], ...overrides });
const feature = (overrides: Partial<EligibilityFeature> = {}): EligibilityFeature => ({
  key: 'video-cloud-recording',
  product: 'video-calling',
  prerequisites: ['video-basic-call'],
  eligibleSegments: ['growth', 'enterprise'],
  useCases: ['large-class', 'one-to-one-tutoring'],
  ...overrides,
});

describe('eligibilityOf', () => {
  const cases: [string, EligibilityAccount, EligibilityFeature, string[], ReturnType<typeof eligibilityOf>][] = [
    ['eligible: licensed, segment fits, use case shared, prerequisite adopted', account(), feature(), ['video-basic-call'], { eligible: true }],
    ['already adopted', account(), feature(), ['video-basic-call', 'video-cloud-recording'], { eligible: false, reason: 'adopted' }],
    ['product line not licensed', account({ products: ['voice-calling'] }), feature(), ['video-basic-call'], { eligible: false, reason: 'product_not_licensed' }],
    ['no licensed products recorded: every line counts', account({ products: [] }), feature(), ['video-basic-call'], { eligible: true }],
    ['segment not eligible', account({ segment: 'startup' }), feature(), ['video-basic-call'], { eligible: false, reason: 'segment_not_eligible' }],
    ['feature open to every segment', account({ segment: 'startup' }), feature({ eligibleSegments: [] }), ['video-basic-call'], { eligible: true }],
    ['no shared use case', account({ useCases: ['live-commerce'] }), feature(), ['video-basic-call'], { eligible: false, reason: 'no_matching_use_case' }],
    ['one of several use cases shared', account({ useCases: ['live-commerce', 'one-to-one-tutoring'] }), feature(), ['video-basic-call'], { eligible: true }],
    ['account without use cases: filter skipped', account({ useCases: [] }), feature(), ['video-basic-call'], { eligible: true }],
    ['general feature without use cases', account({ useCases: ['live-commerce'] }), feature({ useCases: [] }), ['video-basic-call'], { eligible: true }],
    ['prerequisite missing', account(), feature(), [], { eligible: false, reason: 'prerequisites_missing', missingPrerequisites: ['video-basic-call'] }],
    [
      'one of two prerequisites missing',
      account({ products: ['video-calling', 'conversational-ai'] }),
      feature({ key: 'cai-ai-tutor', product: 'conversational-ai', prerequisites: ['cai-voice-agent', 'video-basic-call'] }),
      ['video-basic-call'],
      { eligible: false, reason: 'prerequisites_missing', missingPrerequisites: ['cai-voice-agent'] },
    ],
    ['no prerequisites', account(), feature({ prerequisites: [] }), [], { eligible: true }],
  ];
  it.each(cases)('%s', (_name, forAccount, forFeature, adopted, expected) => {
    expect(eligibilityOf(forAccount, forFeature, new Set(adopted))).toEqual(expected);
  });
});

describe('eligibleFeatures', () => {
  it('keeps catalog order and leaves out adopted, unlicensed and blocked features', () => {
    const features = [
      feature({ key: 'video-basic-call', prerequisites: [], eligibleSegments: [] }),
      feature({ key: 'video-screen-share', prerequisites: ['video-basic-call'], eligibleSegments: [] }),
      feature({ key: 'video-interactive-whiteboard', prerequisites: ['video-screen-share'], eligibleSegments: [] }),
      feature({ key: 'voice-basic-call', product: 'voice-calling', prerequisites: [], eligibleSegments: [] }),
    ];
    expect(eligibleFeatures(account(), features, new Set(['video-basic-call'])).map((item) => item.key)).toEqual(['video-screen-share']);
    expect(eligibleFeatures(account(), features, new Set()).map((item) => item.key)).toEqual(['video-basic-call']);
  });
});

describe('featureOpenTo', () => {
  it.each([
    [account(), feature(), true],
    [account({ products: ['voice-calling'] }), feature(), false],
    [account({ segment: 'startup' }), feature(), false],
    [account({ products: [] }), feature({ eligibleSegments: [] }), true],
  ])('%#', (forAccount, forFeature, expected) => {
    expect(featureOpenTo(forAccount, forFeature)).toBe(expected);
  });
});
