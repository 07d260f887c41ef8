import { apportion, describeScoreChange, ScoreSnapshot, scoreChange, sinceLabel } from './what-changed';

const WEIGHTS: Record<string, number> = { 'usage-trend': 25, 'commit-pacing': 20, 'call-quality': 15, support: 15, adoption: 10, sentiment: 10, relationship: 5 };

/** A snapshot from component scores under the default weights; components not named have no data. */
function snapshot(scores: Record<string, number | null>, weights: Record<string, number> = WEIGHTS): ScoreSnapshot {
  return {
    components: Object.keys(weights).map((key) => ({ key, label: key.replace(/-/g, ' '), weight: weights[key], score: scores[key] ?? null })),
  };
}

const steady = { 'usage-trend': 80, 'commit-pacing': 80, 'call-quality': 80, support: 90, adoption: 70, sentiment: 60, relationship: 100 };

describe('what changed, split by component', () => {
  it.each<[string, ScoreSnapshot, ScoreSnapshot, number, Record<string, number>, string]>([
    [
      // 0.25 × (44 − 80) = −9; 0.15 × (56.7 − 90) = −4.995; total −13.995.
      'two components fell (the issue example)',
      snapshot(steady),
      snapshot({ ...steady, 'usage-trend': 44, support: 56.7 }),
      -13.995,
      { 'usage-trend': -9, support: -4.995 },
      '−14 since Monday: usage trend −9, support −5',
    ],
    [
      // Before (25×80 + 20×80 + 15×40) / 60 = 70; after 80. Support leaving undoes its pull
      // against the rest: −(15/60) × (40 − 80) = +10. Usage and commit did not move: no part.
      'a component without data now is the one credited, not its neighbours',
      snapshot({ 'usage-trend': 80, 'commit-pacing': 80, support: 40 }),
      snapshot({ 'usage-trend': 80, 'commit-pacing': 80 }),
      10,
      { support: 10, 'usage-trend': 0, 'commit-pacing': 0 },
      '+10 since Monday: support +10 (no data now)',
    ],
    [
      'a component newly scored',
      snapshot({ 'usage-trend': 80, 'commit-pacing': 80 }),
      snapshot({ 'usage-trend': 80, 'commit-pacing': 80, support: 40 }),
      -10,
      { support: -10, 'usage-trend': 0, 'commit-pacing': 0 },
      '−10 since Monday: support −10 (now scored)',
    ],
    [
      // Before (25×60 + 20×80) / 45 = 68.89; after (25×80 + 20×80 + 10×50) / 55 = 74.55.
      // Usage: (25/45) × 20 = +11.11. Adoption enters against the rest's 80: (10/55) × (50 − 80) = −5.45.
      // Rounded: total +6; usage 11.11 → 11, adoption −5.45 → −5 (largest remainder).
      'a score change and an entering component together',
      snapshot({ 'usage-trend': 60, 'commit-pacing': 80 }),
      snapshot({ 'usage-trend': 80, 'commit-pacing': 80, adoption: 50 }),
      4100 / 55 - 3100 / 45,
      { 'usage-trend': 100 / 9, adoption: -300 / 55, 'commit-pacing': 0 },
      '+6 since Monday: usage trend +11, adoption −5 (now scored)',
    ],
    [
      // Nothing in common: support takes its whole 40 away, usage brings its whole 80.
      'no component in common',
      snapshot({ support: 40 }),
      snapshot({ 'usage-trend': 80 }),
      40,
      { 'usage-trend': 80, support: -40 },
      '+40 since Monday: usage trend +80 (now scored), support −40 (no data now)',
    ],
    [
      // 0.25 × (72 − 60) = +3; 0.15 × (60 − 80) = −3; equal parts are listed by key.
      'moves that cancel out',
      snapshot({ ...steady, 'usage-trend': 60, support: 80 }),
      snapshot({ ...steady, 'usage-trend': 72, support: 60 }),
      0,
      { 'usage-trend': 3, support: -3 },
      'no net change since Monday: support −3, usage trend +3',
    ],
    ['nothing moved', snapshot(steady), snapshot(steady), 0, { 'usage-trend': 0 }, 'no change since Monday'],
  ])('%s', (_case, previous, current, change, parts, sentence) => {
    const result = scoreChange(previous, current)!;
    expect(result.change).toBeCloseTo(change, 10);
    for (const [key, part] of Object.entries(parts)) expect(result.components.find((component) => component.key === key)!.change).toBeCloseTo(part, 10);
    expect(describeScoreChange(result, 'since Monday')).toBe(sentence);
  });

  it('attributes a model change in weights to the components whose share moved', () => {
    // Before (25×80 + 15×40) / 40 = 65; after (15×80 + 25×40) / 40 = 55. Scores did not move:
    // usage (15/40 − 25/40) × (80 − 65) = −3.75; support (25/40 − 15/40) × (40 − 65) = −6.25.
    const result = scoreChange(
      snapshot({ 'usage-trend': 80, support: 40 }, { 'usage-trend': 25, support: 15 }),
      snapshot({ 'usage-trend': 80, support: 40 }, { 'usage-trend': 15, support: 25 }),
    )!;
    expect(result).toMatchObject({ previousScore: 65, currentScore: 55, weightsChanged: true });
    expect(result.components.map((component) => [component.key, component.change])).toEqual([
      ['support', -6.25],
      ['usage-trend', -3.75],
    ]);
  });

  it('reports the movement and both scores of each component', () => {
    const result = scoreChange(snapshot({ 'usage-trend': 60, support: 40 }), snapshot({ 'usage-trend': 80, adoption: 50 }))!;
    expect(result.components.map(({ key, movement, previousScore, currentScore }) => ({ key, movement, previousScore, currentScore }))).toEqual(
      expect.arrayContaining([
        { key: 'usage-trend', movement: 'changed', previousScore: 60, currentScore: 80 },
        { key: 'support', movement: 'left', previousScore: 40, currentScore: null },
        { key: 'adoption', movement: 'entered', previousScore: null, currentScore: 50 },
      ]),
    );
    expect(result.weightsChanged).toBe(false);
  });

  it.each([
    ['the previous snapshot had no score', snapshot({}), snapshot(steady)],
    ['the current snapshot has no score', snapshot(steady), snapshot({})],
  ])('has nothing to say when %s', (_case, previous, current) => {
    expect(scoreChange(previous, current)).toBeNull();
  });

  it('parts always add up to the change, exactly and when rounded (200 generated pairs)', () => {
    // A small deterministic generator: the same pairs on every run.
    let seed = 42;
    const next = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const randomSnapshot = () => {
      const scores: Record<string, number | null> = {};
      for (const key of Object.keys(WEIGHTS)) scores[key] = next() < 0.25 ? null : Math.round(next() * 1000) / 10;
      if (Object.values(scores).every((score) => score === null)) scores.support = 50;
      const weights = Object.fromEntries(Object.entries(WEIGHTS).map(([key, weight]) => [key, next() < 0.1 ? weight * 2 : weight]));
      return snapshot(scores, weights);
    };
    for (let pair = 0; pair < 200; pair++) {
      const result = scoreChange(randomSnapshot(), randomSnapshot())!;
      const exact = result.components.reduce((sum, component) => sum + component.change, 0);
      const rounded = result.components.reduce((sum, component) => sum + component.roundedChange, 0);
      expect(exact).toBeCloseTo(result.change, 9);
      expect(rounded).toBe(result.roundedChange);
    }
  });
});

describe('sentences', () => {
  it('folds parts beyond the limit into other components', () => {
    // usage 0.25 × −40 = −10; commit 0.2 × −20 = −4; quality 0.15 × −20 = −3; adoption 0.1 × −20 = −2; sentiment 0.1 × −10 = −1.
    const result = scoreChange(snapshot(steady), snapshot({ ...steady, 'usage-trend': 40, 'commit-pacing': 60, 'call-quality': 60, adoption: 50, sentiment: 50 }))!;
    expect(describeScoreChange(result, 'in 7 days')).toBe('−20 in 7 days: usage trend −10, commit pacing −4, call quality −3, other components −3');
    expect(describeScoreChange(result, 'in 7 days', 5)).toBe('−20 in 7 days: usage trend −10, commit pacing −4, call quality −3, adoption −2, sentiment −1');
  });

  it.each([
    ['earlier the same day', '2027-06-30T01:00:00Z', '2027-06-30T09:00:00Z', 'UTC', 'since earlier today'],
    ['the day before', '2027-06-29T09:00:00Z', '2027-06-30T09:00:00Z', 'UTC', 'since yesterday'],
    ['two days back', '2027-06-28T09:00:00Z', '2027-06-30T09:00:00Z', 'UTC', 'since Monday'],
    ['exactly a week back', '2027-06-23T09:00:00Z', '2027-06-30T09:00:00Z', 'UTC', 'since last Wednesday'],
    ['more than a week back', '2027-06-22T09:00:00Z', '2027-06-30T09:00:00Z', 'UTC', 'since 2027-06-22'],
    // 23:30 UTC on the 29th is already the 30th in Shanghai, as is the asOf: same day there.
    ['a time zone moves the day', '2027-06-29T23:30:00Z', '2027-06-30T02:00:00Z', 'Asia/Shanghai', 'since earlier today'],
  ])('labels %s', (_case, previous, asOf, timeZone, expected) => {
    expect(sinceLabel(previous, asOf, timeZone)).toBe(expected);
  });

  it.each([
    [[-9, -4.995], -14, [-9, -5]],
    [[100 / 9, -300 / 55], 6, [11, -5]],
    [[0.4, 0.4, 0.4], 1, [1, 0, 0]],
    [[-0.4, -0.4, -0.4], -1, [0, 0, -1]],
    [[2.5, -2.5], 0, [3, -3]],
  ])('apportions %p to sum to %p', (values, total, expected) => {
    expect(apportion(values, total)).toEqual(expected);
  });
});

describe('what changed between two scored results', () => {
  it('takes scoreAccount results (or stored snapshots of them) as they are', () => {
    // ComponentScore carries key, label, weight and score: the snapshot shape.
    const yesterday = { score: 70, components: [{ key: 'usage-trend', label: 'usage trend', weight: 25, score: 60, share: 0.5, facts: [] }, { key: 'support', label: 'support', weight: 25, score: 80, share: 0.5, facts: [] }] };
    const today = { score: 65, components: [{ key: 'usage-trend', label: 'usage trend', weight: 25, score: 50, share: 0.5, facts: [] }, { key: 'support', label: 'support', weight: 25, score: 80, share: 0.5, facts: [] }] };
    const result = scoreChange(yesterday, today)!;
    expect(result).toMatchObject({ previousScore: 70, currentScore: 65, change: -5 });
    expect(describeScoreChange(result, sinceLabel('2027-06-29T06:00:00Z', '2027-06-30T06:00:00Z'))).toBe('−5 since yesterday: usage trend −5');
  });
});
