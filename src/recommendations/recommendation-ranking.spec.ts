import type { RecommendationEvidence } from './recommendation';
import { FeatureStatistics, PeerCountRow, rankCandidates, RankingAccount, RankingSettings, scoreOf, StatisticsIndex } from './recommendation-ranking';

const settings: RankingSettings = { minPeers: 10, minCoAdoptionSample: 10, minLiftAdopters: 5, minRetentionSide: 5, adoptionThresholdPct: 20, trialWeight: 0.25 };
const statistics = (overrides: Partial<FeatureStatistics> = {}): FeatureStatistics => ({ peers: [], coAdoption: [], usageLift: [], retention: [], ...overrides });
const account = (overrides: Partial<RankingAccount> = {}): RankingAccount => ({ segment: 'growth', industry: 'online-education', reporting: true, adoptedFeatureIds: [], ...overrides });
const peers = (segment: string, industry: string, count: number, adopters: number): PeerCountRow => ({ featureId: 'f', segment, industry, peers: count, adopters });

describe('StatisticsIndex.peerEvidence: narrowest group with enough peers', () => {
  const cases: [string, PeerCountRow[], RankingAccount, ReturnType<StatisticsIndex['peerEvidence']>][] = [
    [
      'segment and industry when it has enough peers besides the account',
      [peers('growth', 'online-education', 11, 7), peers('growth', 'social', 20, 2), peers('startup', 'online-education', 30, 3)],
      account(),
      { peerGroup: 'segment_industry', peerCount: 10, peerAdoptionPct: 70 },
    ],
    [
      'thin industry group falls back to the segment',
      [peers('growth', 'online-education', 10, 9), peers('growth', 'social', 20, 2), peers('startup', 'online-education', 30, 3)],
      account(),
      { peerGroup: 'segment', peerCount: 29, peerAdoptionPct: 37.93 },
    ],
    [
      'a non-reporting account is not among its peers, so 10 are enough',
      [peers('growth', 'online-education', 10, 9)],
      account({ reporting: false }),
      { peerGroup: 'segment_industry', peerCount: 10, peerAdoptionPct: 90 },
    ],
    [
      'thin segment falls back to everyone',
      [peers('growth', 'online-education', 4, 4), peers('growth', 'social', 2, 0), peers('startup', 'online-education', 30, 3)],
      account(),
      { peerGroup: 'everyone', peerCount: 35, peerAdoptionPct: 20 },
    ],
    [
      'account without industry skips the industry group',
      [peers('growth', '', 12, 6), peers('growth', 'social', 10, 0)],
      account({ industry: null }),
      { peerGroup: 'segment', peerCount: 21, peerAdoptionPct: 28.57 },
    ],
    ['too few even overall: everyone with its small count', [peers('growth', 'online-education', 3, 1)], account(), { peerGroup: 'everyone', peerCount: 2, peerAdoptionPct: 50 }],
    ['no peers at all', [], account(), { peerGroup: 'everyone', peerCount: 0, peerAdoptionPct: 0 }],
  ];
  it.each(cases)('%s', (_name, rows, forAccount, expected) => {
    expect(new StatisticsIndex(statistics({ peers: rows }), settings).peerEvidence('f', forAccount)).toEqual(expected);
  });
});

describe('StatisticsIndex.coAdoption: the companion feature that goes with it most often', () => {
  const index = new StatisticsIndex(
    statistics({
      coAdoption: [
        { withFeatureId: 'a', featureId: 'f', withUsers: 21, bothUsers: 10 },
        { withFeatureId: 'b', featureId: 'f', withUsers: 11, bothUsers: 8 },
        { withFeatureId: 'c', featureId: 'f', withUsers: 6, bothUsers: 6 },
      ],
    }),
    settings,
  );
  it.each([
    ['strongest share among companions with enough users (the account itself left out)', ['a', 'b'], { coAdoptionPct: 80, coAdoptionSample: 10, coAdoptionFeatureId: 'b' }],
    ['a companion with too few users does not count', ['a', 'c'], { coAdoptionPct: 50, coAdoptionSample: 20, coAdoptionFeatureId: 'a' }],
    ['nothing adopted', [], { coAdoptionPct: null, coAdoptionSample: 0, coAdoptionFeatureId: null }],
    ['only thin companions', ['c'], { coAdoptionPct: null, coAdoptionSample: 0, coAdoptionFeatureId: null }],
  ])('%s', (_name, adopted, expected) => {
    expect(index.coAdoption('f', account({ adoptedFeatureIds: adopted }))).toEqual(expected);
  });
});

describe('StatisticsIndex usage lift and retention need enough observations', () => {
  const index = new StatisticsIndex(
    statistics({
      usageLift: [
        { featureId: 'many', adopters: 8, comparisons: 40, liftPct: 18.04 },
        { featureId: 'few', adopters: 4, comparisons: 40, liftPct: 50 },
      ],
      retention: [
        { featureId: 'many', adopters: 10, adoptersRetained: 9, nonAdopters: 20, nonAdoptersRetained: 14 },
        { featureId: 'few', adopters: 4, adoptersRetained: 4, nonAdopters: 20, nonAdoptersRetained: 10 },
      ],
    }),
    settings,
  );
  it('gives the figures with their samples', () => {
    expect(index.usageLift('many')).toEqual({ usageLiftPct: 18, usageLiftAdopters: 8, usageLiftComparisons: 40 });
    expect(index.retentionEvidence('many')).toEqual({ retentionAdopterPct: 90, retentionNonAdopterPct: 70, retentionSample: 30 });
  });
  it('says null below the minimum, but keeps the sample sizes', () => {
    expect(index.usageLift('few')).toEqual({ usageLiftPct: null, usageLiftAdopters: 4, usageLiftComparisons: 40 });
    expect(index.retentionEvidence('few')).toEqual({ retentionAdopterPct: null, retentionNonAdopterPct: null, retentionSample: 24 });
    expect(index.usageLift('unknown')).toEqual({ usageLiftPct: null, usageLiftAdopters: 0, usageLiftComparisons: 0 });
  });
});

const evidence = (overrides: Partial<RecommendationEvidence> = {}): RecommendationEvidence => ({
  peerGroup: 'segment',
  peerCount: 20,
  peerAdoptionPct: 50,
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

describe('scoreOf', () => {
  it.each([
    ['peer adoption alone is the share', evidence({ peerAdoptionPct: 70 }), 70],
    ['no peers scores 0', evidence({ peerCount: 0, peerAdoptionPct: 0 }), 0],
    ['co-adoption joins with its weight', evidence({ peerAdoptionPct: 40, coAdoptionPct: 100, coAdoptionSample: 30 }), 65],
    // +50% over 90 adopters: 0.5 + 0.5 * 90/(90+10) = 0.95; (0.35 * 0.5 + 0.25 * 0.95) / 0.6
    ['usage lift, shrunk toward neutral by its sample', evidence({ peerAdoptionPct: 50, usageLiftPct: 50, usageLiftAdopters: 90 }), 68.75],
    // 0.5 - 0.45 = 0.05; (0.175 + 0.25 * 0.05) / 0.6
    ['a negative lift pulls down', evidence({ peerAdoptionPct: 50, usageLiftPct: -50, usageLiftAdopters: 90 }), 31.25],
    // +50 points over 90 accounts: 0.95; (0.175 + 0.15 * 0.95) / 0.5
    ['retention advantage counts', evidence({ peerAdoptionPct: 50, retentionAdopterPct: 100, retentionNonAdopterPct: 50, retentionSample: 90 }), 63.5],
  ])('%s', (_name, given, expected) => {
    expect(scoreOf(given)).toBeCloseTo(expected, 2);
  });

  it('more evidence in favour ranks higher than less', () => {
    expect(scoreOf(evidence({ usageLiftPct: 20, usageLiftAdopters: 30 }))).toBeGreaterThan(scoreOf(evidence({ usageLiftPct: 20, usageLiftAdopters: 3 })));
  });
});

describe('rankCandidates', () => {
  it('orders by score, then peer adoption, then key, and numbers from 1', () => {
    const ranked = rankCandidates([
      { featureKey: 'b', score: 50, evidence: evidence({ peerAdoptionPct: 40 }) },
      { featureKey: 'a', score: 50, evidence: evidence({ peerAdoptionPct: 40 }) },
      { featureKey: 'c', score: 50, evidence: evidence({ peerAdoptionPct: 60 }) },
      { featureKey: 'd', score: 80, evidence: evidence({ peerAdoptionPct: 10 }) },
    ]);
    expect(ranked.map(({ item, rank }) => `${rank}:${item.featureKey}`)).toEqual(['1:d', '2:c', '3:a', '4:b']);
  });
});

describe('scoreOf with the overall rate and the account\'s own trial', () => {
  it.each([
    // 3 of 4 peers against 20% overall: (75*4 + 20*10) / 14 = 35.71
    ['a small group is pulled toward the overall rate', evidence({ peerCount: 4, peerAdoptionPct: 75 }), { overallAdoptionPct: 20 }, 35.71],
    ['a large group hardly moves', evidence({ peerCount: 990, peerAdoptionPct: 75 }), { overallAdoptionPct: 20 }, 74.45],
    ['no peers: the overall rate', evidence({ peerCount: 0, peerAdoptionPct: 0 }), { overallAdoptionPct: 20 }, 20],
    // peer 50; co (100*10 + 50*10) / 20 = 75; (0.35*0.5 + 0.25*0.75) / 0.6
    ['co-adoption is pulled toward the peer share', evidence({ coAdoptionPct: 100, coAdoptionSample: 10, peerCount: 20, peerAdoptionPct: 50 }), { overallAdoptionPct: 50 }, 60.42],
    // trial 10 of threshold 20: 0.75; (0.35*0.5 + 0.25*0.75) / 0.6
    ['a trial half way to the threshold', evidence({ accountAdoptionPct: 10 }), { trial: { weight: 0.25, thresholdPct: 20, reporting: true } }, 60.42],
    // no trial while reporting: 0; 0.175 / 0.6
    ['no trial of a reporting account counts 0', evidence(), { trial: { weight: 0.25, thresholdPct: 20, reporting: true } }, 29.17],
    ['an account reporting nothing is not judged on trials', evidence(), { trial: { weight: 0.25, thresholdPct: 20, reporting: false } }, 50],
    ['weight 0 leaves trials out', evidence({ accountAdoptionPct: 10 }), { trial: { weight: 0, thresholdPct: 20, reporting: true } }, 50],
  ])('%s', (_name, given, options, expected) => {
    expect(scoreOf(given, options)).toBeCloseTo(expected, 2);
  });

  it('evidence carries the account\'s trial share, null without one', () => {
    const index = new StatisticsIndex(statistics(), settings);
    expect(index.evidence('f', account({ trialPctByFeatureId: new Map([['f', 12.5]]) })).accountAdoptionPct).toBe(12.5);
    expect(index.evidence('g', account({ trialPctByFeatureId: new Map([['f', 12.5]]) })).accountAdoptionPct).toBeNull();
  });
});
