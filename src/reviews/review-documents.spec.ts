import { allocateMinutes, assembleAgenda, assembleBrief } from './review-documents';
import type { HealthComponentFact, ReviewFacts } from './review-facts';
import { agendaMarkdown, briefMarkdown } from './review-markdown';

const component = (key: string, label: string, score: number | null, facts: string[] = []): HealthComponentFact => ({ key, label, status: score === null ? 'missing' : 'scored', score, weight: 10, facts });

function base(overrides: Partial<ReviewFacts> = {}): ReviewFacts {
  return {
    review: { id: 'r1', kind: 'QBR', dueDate: '2026-07-01', meetingAt: '2026-07-01T09:00:00.000Z', meetingMinutes: 45, triggers: [] },
    account: { id: 'a1', name: 'Acme Learning', segment: 'enterprise', billingModel: 'commit', commitAmount: 100000, commitPeriod: 'year', currency: 'USD', arr: 240000, renewalDate: '2027-06-30', autoRenew: true },
    period: { from: '2026-04-01', to: '2026-06-16', previousFrom: '2026-01-15', previousTo: '2026-03-31' },
    lastReview: null,
    health: { now: null, atLastReview: null },
    usage: [],
    support: null,
    adoption: null,
    alerts: [],
    recommendations: [],
    actionItems: [],
    ...overrides,
  };
}

const video = { metric: 'video-minutes', name: 'Video minutes', unit: 'minutes', kind: 'usage', higherIsBetter: true, isMain: true };
const joinSuccess = { metric: 'join-success-rate', name: 'Join success', unit: 'percent', kind: 'quality', higherIsBetter: true, isMain: false };
const latency = { metric: 'p95-latency', name: 'p95 latency', unit: 'ms', kind: 'quality', higherIsBetter: false, isMain: false };
const recommendation = {
  featureKey: 'cloud-recording',
  featureName: 'Cloud recording',
  productKey: 'video-calling',
  rationale: '71% of enterprise education accounts use cloud recording.',
  evidence: { peerCount: 40, peerAdoptionPct: 71 },
  links: { docs: 'https://docs.example/recording', guide: 'https://guide.example/recording', training: null },
};

const FIXTURES: { name: string; facts: ReviewFacts; briefSections: string[]; agendaItems: string[]; briefIncludes: string[]; agendaIncludes: string[] }[] = [
  {
    name: 'a falling account',
    facts: base({
      lastReview: { id: 'r0', kind: 'QBR', day: '2026-04-01' },
      health: {
        now: { day: '2026-06-16', score: 37.4, band: 'red', components: [component('usage-trend', 'Usage trend', 20, ['video minutes −35% over 28 days']), component('support', 'Support', 80)] },
        atLastReview: { day: '2026-04-01', score: 71.2, band: 'yellow', components: [component('usage-trend', 'Usage trend', 70), component('support', 'Support', 80)] },
      },
      usage: [{ ...video, current: 65000, previous: 100000 }],
      alerts: [{ kind: 'usage_dropped', severity: 'high', title: 'Usage dropped', sentence: 'Video minutes fell 35%.', openedAt: '2026-06-10T00:00:00.000Z' }],
    }),
    briefSections: ['health', 'changes', 'drivers', 'risks', 'goals'],
    agendaItems: ['welcome', 'usage', 'nextSteps'],
    briefIncludes: ['Health now: 37.4 (red)', 'At the last review (2026-04-01): 71.2 (yellow)', 'Usage trend −50', 'Agree a plan to improve usage trend.'],
    agendaIncludes: ['Drop: Video minutes fell 35%'],
  },
  {
    name: 'a thriving account',
    facts: base({
      health: { now: { day: '2026-06-16', score: 88, band: 'green', components: [component('adoption', 'Adoption', 92, ['9 of 10 relevant features adopted'])] }, atLastReview: null },
      usage: [
        { ...video, current: 130000, previous: 100000 },
        { ...joinSuccess, current: 99.2, previous: 98.9 },
        { ...latency, current: 180, previous: 220 },
      ],
      adoption: { thresholdPct: 20, features: [{ featureKey: 'screen-share', featureName: 'Screen share', product: 'video-calling', adoptionPct: 64, adopted: true, change28Days: 12 }] },
      recommendations: [recommendation],
    }),
    briefSections: ['health', 'drivers', 'recommendations', 'goals'],
    agendaItems: ['welcome', 'usage', 'quality', 'adoption', 'nextSteps'],
    briefIncludes: ['Holding up — Adoption 92', 'Agree a pilot of Cloud recording.'],
    agendaIncludes: ['Highlight: Video minutes grew 30%', 'Join success: 99.2%', 'p95 latency: 180 ms (−18.2% against the previous period)', 'Try next: Cloud recording', 'https://guide.example/recording', 'You use 1 of 1 features'],
  },
  {
    name: 'an account near renewal',
    facts: base({
      review: { id: 'r1', kind: 'renewal', dueDate: '2026-07-01', meetingAt: null, meetingMinutes: 60, triggers: ['renewal:2026-09-29'] },
      account: { ...base().account, renewalDate: '2026-09-29', autoRenew: false },
      health: { now: { day: '2026-06-16', score: 66, band: 'yellow', components: [component('commit-pacing', 'Commit pacing', 55, ['82% of the pro-rata commit consumed'])] }, atLastReview: null },
    }),
    briefSections: ['health', 'commercial', 'goals'],
    agendaItems: ['welcome', 'nextSteps'],
    briefIncludes: ['Commit pacing: 82% of the pro-rata commit consumed', 'Renewal on 2026-09-29 (90 days after the meeting)', 'does not auto-renew', 'Confirm renewal intent'],
    agendaIncludes: ['Renewal review', 'Plan for the renewal on 2026-09-29.'],
  },
  {
    name: 'an account after a breached P1',
    facts: base({
      review: { id: 'r1', kind: 'post_incident', dueDate: '2026-06-09', meetingAt: null, meetingMinutes: 30, triggers: ['post_incident:t1'] },
      support: { windowDays: 90, openP1: 1, openP2: 0, escalations: 1, slaBreaches: { P1: 1 }, ticketsWithSla: 4, firstResponseMet: 3, firstResponseJudged: 4, resolutionMet: 2, resolutionJudged: 3 },
      actionItems: [
        { id: 'i1', title: 'Share the RCA', owner: 'Dana (vendor)', ownerSide: 'vendor', dueDate: '2026-06-12', status: 'open', carriedOver: false },
        { id: 'i2', title: 'Upgrade the SDK', owner: 'Lee (customer)', ownerSide: 'customer', dueDate: '2026-06-30', status: 'in_progress', carriedOver: true },
      ],
    }),
    briefSections: ['risks', 'actionItems', 'goals'],
    agendaItems: ['welcome', 'incident', 'support', 'actionItems', 'nextSteps'],
    briefIncludes: ['follows a P1 ticket that breached its SLA', 'Share the RCA', 'Upgrade the SDK — Lee (customer), due 2026-06-30, in progress (carried over)', 'Walk through the incident'],
    agendaIncludes: ['First responses within target: 75% (3 of 4 tickets)', 'Targets missed: 1 P1', 'Upgrade the SDK'],
  },
  {
    name: 'an account with no data',
    facts: base({ account: { ...base().account, renewalDate: null } }),
    briefSections: [],
    agendaItems: ['welcome', 'nextSteps'],
    briefIncludes: [],
    agendaIncludes: [],
  },
  {
    name: 'a PAYG account',
    facts: base({
      account: { ...base().account, billingModel: 'payg', commitAmount: null, commitPeriod: null, renewalDate: null, autoRenew: false },
      health: { now: { day: '2026-06-16', score: 74, band: 'yellow', components: [component('commit-pacing', 'Commit pacing', 60, ['28-day run-rate at 70% of the 90-day peak'])] }, atLastReview: null },
      usage: [{ ...video, current: 5000, previous: 5200 }],
    }),
    briefSections: ['health', 'commercial'],
    agendaItems: ['welcome', 'usage', 'nextSteps'],
    briefIncludes: ['Consumption (pay as you go): 28-day run-rate at 70% of the 90-day peak'],
    agendaIncludes: ['Video minutes: 5,000 minutes (−3.8% against the previous period)'],
  },
];

describe('review documents', () => {
  it.each(FIXTURES)('$name: brief and agenda sections', ({ facts, briefSections, agendaItems, briefIncludes, agendaIncludes }) => {
    const brief = assembleBrief(facts);
    const agenda = assembleAgenda(facts);
    expect(brief.sections.map((section) => section.key)).toEqual(briefSections);
    expect(agenda.items.map((item) => item.key)).toEqual(agendaItems);
    const briefText = briefMarkdown(brief).replace(/\\/g, '');
    const agendaText = agendaMarkdown(agenda).replace(/\\/g, '');
    for (const text of briefIncludes) expect(briefText).toContain(text);
    for (const text of agendaIncludes) expect(agendaText).toContain(text);
  });

  it.each(FIXTURES)('$name: agenda minutes add up to the meeting length, and no section is empty', ({ facts }) => {
    const agenda = assembleAgenda(facts);
    expect(agenda.items.reduce((sum, item) => sum + item.minutes, 0)).toBe(facts.review.meetingMinutes);
    for (const item of agenda.items) expect(item.points.length).toBeGreaterThan(0);
    for (const section of assembleBrief(facts).sections) expect(section.points.length).toBeGreaterThan(0);
  });

  it.each(FIXTURES)('$name: the customer agenda never shows the health score, band or components', ({ facts }) => {
    const agenda = JSON.stringify(assembleAgenda(facts)) + agendaMarkdown(assembleAgenda(facts));
    expect(agenda).not.toMatch(/health|score|\bred\b|yellow|green|band/i);
    if (facts.health.now?.score != null) expect(agenda).not.toContain(String(facts.health.now.score));
  });

  it.each(FIXTURES)('$name: same facts, same documents', ({ facts }) => {
    const copy = JSON.parse(JSON.stringify(facts)) as ReviewFacts;
    expect(assembleBrief(copy)).toEqual(assembleBrief(facts));
    expect(agendaMarkdown(assembleAgenda(copy))).toBe(agendaMarkdown(assembleAgenda(facts)));
    expect(briefMarkdown(assembleBrief(copy))).toBe(briefMarkdown(assembleBrief(facts)));
  });

  it.each([
    { weights: [1, 3, 2, 1], total: 45, expected: [7, 19, 13, 6] },
    { weights: [1, 1, 1], total: 45, expected: [15, 15, 15] },
    { weights: [1, 1], total: 15, expected: [8, 7] },
    { weights: [], total: 45, expected: [] },
  ])('allocateMinutes($weights, $total)', ({ weights, total, expected }) => {
    const minutes = allocateMinutes(weights, total);
    expect(minutes).toEqual(expected);
    if (weights.length > 0) expect(minutes.reduce((a, b) => a + b, 0)).toBe(total);
  });
});
