import { adoptionSignals, CONSUMPTION_METRIC, QUALITY_METRICS, scoredMetricsOf } from './health-signals.service';

describe('scoredMetricsOf', () => {
  const catalog = { mainMetrics: new Map<string, string | null>([['video-calling', 'video-minutes'], ['live-streaming', 'live-streaming-minutes'], ['signalling', null]]) };
  const known = new Map(['video-minutes', 'live-streaming-minutes', ...Object.values(QUALITY_METRICS), CONSUMPTION_METRIC].map((key) => [key, {}]));

  it.each([
    { products: ['video-calling'], consumption: CONSUMPTION_METRIC, expected: ['video-minutes', ...Object.values(QUALITY_METRICS), CONSUMPTION_METRIC] },
    { products: ['live-streaming', 'video-calling'], consumption: null, expected: ['live-streaming-minutes', 'video-minutes', ...Object.values(QUALITY_METRICS)] },
    // A product line without a main metric, or one the catalog does not know, adds nothing.
    { products: ['signalling', 'unknown-line'], consumption: CONSUMPTION_METRIC, expected: [...Object.values(QUALITY_METRICS), CONSUMPTION_METRIC] },
    { products: [], consumption: null, expected: [...Object.values(QUALITY_METRICS)] },
  ])('reads $expected for products $products', ({ products, consumption, expected }) => {
    expect(scoredMetricsOf({ products }, catalog, known, consumption)).toEqual(expected);
  });

  it('leaves out quality metrics the catalog does not define', () => {
    expect(scoredMetricsOf({ products: ['video-calling'] }, catalog, new Map([['video-minutes', {}]]), null)).toEqual(['video-minutes']);
  });
});

describe('adoptionSignals', () => {
  const feature = (id: string, fields: Partial<{ useCases: string[]; eligibleSegments: string[]; product: string }> = {}) => ({
    id,
    useCases: ['large-class'],
    eligibleSegments: [],
    product: 'video-calling',
    ...fields,
  });
  const catalog = {
    features: [
      feature('recording'),
      feature('whiteboard'),
      feature('enterprise-sso', { eligibleSegments: ['enterprise'] }),
      feature('tutoring-only', { useCases: ['one-to-one-tutoring'] }),
      feature('streaming-only', { product: 'live-streaming' }),
    ],
  } as never;
  const account = { segment: 'growth', useCases: ['large-class'], products: ['video-calling'] };

  it('counts adopted features among those relevant to the use cases, segment and product lines; the last report day is the freshness', () => {
    const state = { adoptedFeatureIds: ['recording', 'enterprise-sso', 'tutoring-only', 'streaming-only'], lastReportedOn: '2026-04-27' };
    expect(adoptionSignals(account, catalog, state)).toEqual({ adoptedFeatures: 1, relevantFeatures: 2, lastSeenOn: '2026-04-27' });
    expect(adoptionSignals({ ...account, segment: 'enterprise', products: [] }, catalog, state)).toEqual({ adoptedFeatures: 3, relevantFeatures: 4, lastSeenOn: '2026-04-27' });
  });

  it('is no data without any report', () => {
    expect(adoptionSignals(account, catalog, undefined)).toBeNull();
  });
});
