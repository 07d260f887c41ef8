import { DEFAULT_NPS_SETTINGS, fadedNps, fadingWeight, isDecisionMaker, NpsResponse, npsCategory } from './nps';

const asOf = '2027-06-30T00:00:00Z';
const DAY = 86_400_000;
/** A response `daysAgo` days before asOf. */
function answered(score: number, daysAgo: number, respondentRole: string | null = 'user'): NpsResponse {
  return { score, respondedAt: new Date(Date.parse(asOf) - daysAgo * DAY).toISOString(), respondentRole };
}

describe('fading weight over 180 days', () => {
  it.each([
    ['answered at asOf', 0, 1],
    ['a quarter through the window', 45, 0.75],
    ['halfway', 90, 0.5],
    ['a day before it drops out', 179, 1 / 180],
    ['at 180 days (dropped)', 180, 0],
    ['older', 400, 0],
    ['answered after asOf (a replay must not see the future)', -1, 0],
  ])('%s', (_case, ageDays, expected) => {
    expect(fadingWeight(ageDays, 180)).toBeCloseTo(expected, 12);
  });
});

describe('NPS categories and roles', () => {
  it.each([
    [10, 'promoter'],
    [9, 'promoter'],
    [8, 'passive'],
    [7, 'passive'],
    [6, 'detractor'],
    [0, 'detractor'],
  ])('%i is a %s', (score, expected) => {
    expect(npsCategory(score)).toBe(expected);
  });

  it.each([
    ['decision-maker', true],
    ['Decision Maker', true],
    ['economic_buyer', true],
    ['  EXECUTIVE ', true],
    ['user', false],
    ['champion', false],
    [null, false],
  ])('role %p counts as decision maker: %p', (role, expected) => {
    expect(isDecisionMaker(role, DEFAULT_NPS_SETTINGS.decisionMakerRoles)).toBe(expected);
  });
});

describe('faded, decision-maker-weighted NPS', () => {
  it.each<[string, NpsResponse[], number | null]>([
    ['no responses: no data', [], null],
    ['only responses older than 180 days: no data', [answered(2, 200)], null],
    ['only a response after asOf: no data', [answered(10, -3)], null],
    ['one promoter today: +100', [answered(10, 0)], 100],
    // w = 0.5 is below one full response, so the average is taken over 1: −100 × 0.5 / 1.
    ['one detractor 90 days ago fades halfway to neutral: −50', [answered(3, 90)], -50],
    // w = 0.5 × 2 = 1.
    ['one decision-maker detractor 90 days ago: −100', [answered(3, 90, 'decision-maker')], -100],
    // (1 × 100 + 2 × −100) / 3.
    ['a user promoter and a decision-maker detractor today: −33.3', [answered(9, 0), answered(4, 0, 'decision-maker')], -100 / 3],
    // (1 × 100 + 0.25 × −100) / 1.25.
    ['a fresh promoter outweighs a detractor 135 days ago: +60', [answered(10, 0), answered(0, 135)], 60],
    // (1 × 0 + 0.5 × 100) / 1.5.
    ['a passive today and a promoter 90 days ago: +33.3', [answered(8, 0), answered(9, 90)], 100 / 3],
    // (2 × 0.75 × 100 + 1 × −100) / 2.5.
    ['a decision-maker promoter 45 days ago and a user detractor today: +20', [answered(9, 45, 'Economic buyer'), answered(5, 0)], 20],
    ['all passives: 0', [answered(7, 10), answered(8, 20)], 0],
  ])('%s', (_case, responses, expected) => {
    const result = fadedNps(responses, asOf);
    if (expected === null) expect(result.nps).toBeNull();
    else expect(result.nps).toBeCloseTo(expected, 10);
  });

  it('counts the responses inside the window and names the latest decision maker', () => {
    const result = fadedNps([answered(9, 10), answered(4, 30, 'decision-maker'), answered(10, 100, 'decision-maker'), answered(6, 300)], asOf);
    expect(result).toMatchObject({ responsesCounted: 3, promoters: 2, passives: 0, detractors: 1 });
    expect(result.latestDecisionMaker).toEqual({ score: 4, respondedAt: answered(4, 30).respondedAt });
    // 1 × (1 − 10/180) + 2 × (1 − 30/180) + 2 × (1 − 100/180).
    expect(result.totalWeight).toBeCloseTo(170 / 180 + 2 * (150 / 180) + 2 * (80 / 180), 10);
  });

  it('fades over a shorter window when told', () => {
    expect(fadedNps([answered(10, 45)], asOf, { ...DEFAULT_NPS_SETTINGS, fadeDays: 90 }).nps).toBeCloseTo(50, 10);
  });
});
