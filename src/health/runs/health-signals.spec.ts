import { CONSUMPTION_METRIC, QUALITY_METRICS, scoredMetricsOf } from './health-signals.service';

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
