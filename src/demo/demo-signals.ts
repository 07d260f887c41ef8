/**
 * The demo's signals as parameters and small row sets, built from the demo dataset. Pure and
 * deterministic (its own seeded stream, so the accounts do not move when signals change).
 *
 * Bulky series are not materialised here: each account gets a usage profile (shape, scale,
 * seasonality, quality) and a list of metrics, each adopted feature a curve, and the loader expands
 * them in SQL over `generate_series` with a per-(account, day, metric) integer hash for noise.
 * Tickets, touchpoints, NPS responses and outcomes are a few thousand rows, built here so their
 * timelines stay consistent (status history, SLA targets, the CSM of the day).
 */
import type { DemoAccount, DemoDataset } from './demo-dataset';
import { SeededRandom } from './seeded-random';

/** Days of usage per account, ending on asOf (younger accounts start on their creation day). */
export const USAGE_DAYS = 400;
/** Tickets are opened in the last this many days. */
export const TICKET_DAYS = 180;
/** Touchpoints and NPS responses reach this far back. */
export const ENGAGEMENT_DAYS = 365;
const DAY_MS = 86_400_000;
/** Size of the seeded noise table the SQL draws from (prime, so the strides of days and metrics spread over it). */
export const NOISE_SIZE = 4093;

export type UsageShape = 'growing' | 'flat' | 'falling' | 'dropped';

/** How an account's usage moves; `back` below is days before asOf (0 = asOf). */
export interface DemoUsageProfile {
  externalId: string;
  /** Noise key for the SQL hash, from the seed. */
  noiseKey: number;
  shape: UsageShape;
  /** The first day with data, in days before asOf (at most USAGE_DAYS - 1). */
  firstBack: number;
  /** Exponential growth per day (growing; 0 otherwise). */
  growth: number;
  /** Falling: the decline runs from `fallFrom` days back down to `fallFloor` of the level by `fallTo` days back. */
  fallFrom: number;
  fallTo: number;
  fallFloor: number;
  /** Dropped: the last `dropDays` days (asOf included) carry only `dropShare` of the traffic. */
  dropDays: number;
  dropShare: number;
  /** Weekly seasonality: Saturday and Sunday, and Friday, against a weekday. */
  weekend: number;
  friday: number;
  /** Education: lower usage in school holidays (southern hemisphere calendar when `southern`). */
  schoolTerms: boolean;
  southern: boolean;
  /** Share of days with a quality incident (join failures, freezes, latency). */
  incidentRate: number;
  /** Churned without a decline: in the last `goneBack` days (0 = none) only `goneShare` of the traffic remains. */
  goneBack: number;
  goneShare: number;
}

/** One metric an account reports: `kind` says how the SQL turns the profile into a value. */
export interface DemoUsageMetric {
  externalId: string;
  metric: string;
  /** Fixed per metric, so noise differs between an account's metrics. */
  slot: number;
  kind: 'volume' | 'money' | 'ratio_up' | 'ratio_down' | 'level';
  /** Volume at level 1 on a weekday; the typical ratio or level for quality metrics. */
  base: number;
  /** Relative day-to-day noise (volume, money, ratio_down, level) or absolute (ratio_up). */
  spread: number;
  /** What an incident day adds (subtracts for ratio_up). */
  hit: number;
  /** Ratio metrics: the denominator at level 1 (join attempts, video minutes, packets). */
  weightBase: number | null;
}

/** One feature's adoption curve: weekly snapshots from `firstBack` days before asOf. */
export interface DemoAdoptionCurve {
  externalId: string;
  feature: string;
  slot: number;
  firstBack: number;
  plateauPct: number;
  /** Days to reach about 63% of the plateau. */
  tauDays: number;
  eligibleUsers: number;
  /** Unhealthy accounts: adoption sinks to `declineShare` of the curve over the last `declineFrom` days. */
  declineFrom: number;
  declineShare: number;
}

export type TicketSeverity = 'P1' | 'P2' | 'P3' | 'P4';
export type TicketStatus = 'open' | 'waiting_on_customer' | 'resolved' | 'closed';

export interface DemoTicket {
  id: string;
  accountExternalId: string;
  externalId: string;
  severity: TicketSeverity;
  status: TicketStatus;
  statusHistory: { status: TicketStatus; at: string }[];
  subject: string;
  openedAt: string;
  firstResponseAt: string | null;
  resolvedAt: string | null;
  escalation: 'L1' | 'L2' | 'engineering' | null;
}

export interface DemoTouchpoint {
  id: string;
  accountExternalId: string;
  externalId: string;
  kind: 'meeting' | 'call' | 'email' | 'review_held';
  managerEmail: string | null;
  occurredAt: string;
  note: string;
}

export interface DemoNpsResponse {
  id: string;
  accountExternalId: string;
  externalId: string;
  score: number;
  respondentName: string;
  respondentEmail: string;
  respondentRole: 'decision_maker' | 'champion' | 'influencer' | 'user' | 'other';
  comment: string | null;
  respondedAt: string;
}

export interface DemoOutcome {
  id: string;
  accountExternalId: string;
  externalId: string;
  kind: 'renewed' | 'expanded' | 'contracted' | 'churned';
  date: string;
  arrChange: string;
  currency: string;
  note: string;
}

export interface DemoSignals {
  profiles: DemoUsageProfile[];
  metrics: DemoUsageMetric[];
  adoption: DemoAdoptionCurve[];
  tickets: DemoTicket[];
  touchpoints: DemoTouchpoint[];
  nps: DemoNpsResponse[];
  outcomes: DemoOutcome[];
  /** NOISE_SIZE uniform numbers in [0, 1), six decimals. */
  noise: number[];
}

/** The metric each product is measured by (the catalog's main metric). */
const PRODUCT_METRIC: Record<string, string> = {
  'voice-calling': 'audio-minutes',
  'video-calling': 'video-minutes',
  'interactive-live-streaming': 'live-streaming-minutes',
  'real-time-messaging': 'messages',
  'conversational-ai': 'conversational-ai-minutes',
};
const METRIC_SLOTS = [
  'audio-minutes',
  'video-minutes',
  'live-streaming-minutes',
  'messages',
  'conversational-ai-minutes',
  'daily-active-users',
  'peak-concurrent-users',
  'api-calls',
  'join-success-rate',
  'video-freeze-rate',
  'p95-e2e-latency',
  'packet-loss-rate',
  'billable-amount',
];

/** Seeded SLA policies (migration SupportSignals): [clock, first response, resolution] in minutes of the clock. */
const SLA: Record<string, Record<TicketSeverity, [boolean, number, number]>> = {
  enterprise: { P1: [true, 5, 240], P2: [true, 30, 480], P3: [false, 120, 1440], P4: [false, 480, 2400] },
  professional: { P1: [true, 30, 480], P2: [true, 120, 1440], P3: [false, 240, 2400], P4: [false, 480, 4800] },
  standard: { P1: [true, 60, 1440], P2: [true, 240, 4320], P3: [false, 480, 4800], P4: [false, 960, 9600] },
};

const USERS: Record<string, [number, number]> = { startup: [150, 3_000], growth: [2_000, 20_000], enterprise: [15_000, 100_000], strategic: [80_000, 400_000] };
const TICKETS: Record<string, [number, number]> = { startup: [1, 5], growth: [3, 9], enterprise: [6, 16], strategic: [10, 24] };
/** Days between a CSM's touchpoints. */
const CADENCE: Record<string, [number, number]> = { startup: [25, 60], growth: [14, 35], enterprise: [8, 21], strategic: [5, 14] };

const SUBJECTS: Record<TicketSeverity, string[]> = {
  P1: ['Users cannot join channels', 'Outage: no audio in all rooms', 'Token server rejects every request', 'Live streams fail to start'],
  P2: ['High video freeze rate in one region', 'Recording files missing', 'Intermittent join failures on Android', 'Latency spikes for audience members'],
  P3: ['Echo on some iOS devices', 'Webhook retries arrive twice', 'Question about usage report', 'Screen share blurry at 1080p'],
  P4: ['How to enable spatial audio', 'Feature request: custom whiteboard colours', 'Documentation typo in the SDK guide', 'Billing address change'],
};
const TOUCHPOINT_NOTES: Record<DemoTouchpoint['kind'], string[]> = {
  meeting: ['Roadmap session with the product team', 'Architecture review of the streaming setup', 'Onboarding workshop for new developers'],
  call: ['Check-in on usage and open tickets', 'Call about the renewal timeline', 'Follow-up on the quality incident'],
  email: ['Shared the best-practice guide', 'Sent the monthly usage summary', 'Invited them to the feature webinar'],
  review_held: ['Quarterly business review held', 'Executive business review held'],
};
const NPS_ROLES: [DemoNpsResponse['respondentRole'], number][] = [['user', 35], ['champion', 20], ['influencer', 20], ['decision_maker', 15], ['other', 10]];
const NPS_COMMENTS = {
  promoter: ['Rock-solid quality, our users love it', 'Great support team', 'Easy to integrate and scale'],
  passive: ['Works well, pricing could be clearer', 'Good product, docs need examples', null],
  detractor: ['Too many dropped calls lately', 'Support is slow to respond', 'We are evaluating alternatives', 'Quality got worse in the last months'],
};
const FIRST_NAMES = ['Ana', 'Ben', 'Carla', 'Deepak', 'Elif', 'Felix', 'Grace', 'Hiro', 'Isabel', 'Jonas', 'Kavya', 'Liam', 'Mei', 'Noah', 'Olga', 'Pablo', 'Rina', 'Sam', 'Tariq', 'Yuki'];
const LAST_NAMES = ['Ahmed', 'Brown', 'Chen', 'Diaz', 'Eriksen', 'Ferreira', 'Gupta', 'Hoffmann', 'Ivanova', 'Johnson', 'Kowalski', 'Lopez', 'Martin', 'Nguyen', 'Ortiz', 'Park', 'Schmidt', 'Wang', 'Yamada', 'Zhang'];

function dayOf(asOf: string, back: number): string {
  return new Date(Date.parse(`${asOf}T00:00:00Z`) - back * DAY_MS).toISOString().slice(0, 10);
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Builds every signal of the demo. The latest instant written is 09:00 UTC the day before asOf,
 * so no event is in the future wherever in the world asOf is today.
 */
export function buildDemoSignals(dataset: DemoDataset): DemoSignals {
  const random = new SeededRandom((dataset.seed + 0x51_6e_a1) % Number.MAX_SAFE_INTEGER);
  const asOf = dataset.asOf;
  const asOfMs = Date.parse(`${asOf}T00:00:00Z`);
  const latestMs = asOfMs - 15 * 3_600_000;
  const features = dataset.features;
  const noise = Array.from({ length: NOISE_SIZE }, () => Math.floor(random.next() * 1e6) / 1e6);

  const profiles: DemoUsageProfile[] = [];
  const metrics: DemoUsageMetric[] = [];
  const adoption: DemoAdoptionCurve[] = [];
  const tickets: DemoTicket[] = [];
  const touchpoints: DemoTouchpoint[] = [];
  const nps: DemoNpsResponse[] = [];
  const outcomes: DemoOutcome[] = [];

  // Accounts with apps carry usage; organisations are containers. A few paying accounts moved traffic away overnight.
  const users = dataset.accounts.filter((account) => account.appIds.length > 0);
  const paying = users.filter((account) => !account.isTest);
  const droppedTarget = Math.max(3, Math.round(paying.length * 0.025));
  const dropped = new Set(random.sample(paying.filter((account) => ageDays(account, asOfMs) > 120), droppedTarget).map((account) => account.externalId));

  for (const account of users) {
    const age = ageDays(account, asOfMs);
    const firstBack = Math.min(USAGE_DAYS - 1, age);
    const shape: UsageShape = account.isTest
      ? 'flat'
      : dropped.has(account.externalId)
        ? 'dropped'
        : age < 90
          ? 'growing'
          : random.weighted([['growing', 30], ['flat', 50], ['falling', 14]] as const);
    const badQuality = !account.isTest && random.chance(shape === 'falling' ? 0.35 : 0.07);
    const education = account.industry === 'online-education';
    const fallFrom = shape === 'falling' ? Math.min(firstBack, random.int(90, 160)) : 0;
    profiles.push({
      externalId: account.externalId,
      noiseKey: random.int(1, 2_000_000_000),
      shape,
      firstBack,
      // Growing accounts double to quadruple over their history (faster when young).
      growth: shape === 'growing' ? Math.log(random.int(20, 40) / 10) / Math.max(firstBack, 60) : 0,
      fallFrom,
      fallTo: shape === 'falling' ? random.int(0, 10) : 0,
      fallFloor: shape === 'falling' ? random.int(35, 50) / 100 : 1,
      dropDays: shape === 'dropped' ? random.int(3, 9) : 0,
      dropShare: shape === 'dropped' ? random.int(3, 12) / 100 : 1,
      weekend: education ? random.int(40, 65) / 100 : account.industry === 'e-commerce-live' ? random.int(110, 130) / 100 : random.int(115, 145) / 100,
      friday: education ? random.int(80, 95) / 100 : random.int(100, 115) / 100,
      schoolTerms: education,
      southern: account.timezone === 'Australia/Sydney' || account.timezone === 'America/Sao_Paulo',
      incidentRate: badQuality ? random.int(3, 8) / 100 : random.int(2, 8) / 1000,
      // Set by accountOutcomes when the account churns without a decline.
      goneBack: 0,
      goneShare: 1,
    });

    // Metrics: each product's main metric, then the ones every account reports.
    const [low, high] = account.isTest ? [5, 60] : USERS[account.segment]!;
    const dau = Math.round(low * Math.pow(high / low, random.next()));
    const addMetric = (metric: string, kind: DemoUsageMetric['kind'], base: number, spread: number, hit: number, weightBase: number | null = null) =>
      metrics.push({ externalId: account.externalId, metric, slot: METRIC_SLOTS.indexOf(metric), kind, base, spread, hit, weightBase });
    for (const product of account.products) {
      const metric = PRODUCT_METRIC[product]!;
      const perUser = metric === 'messages' ? random.int(20, 150) : metric === 'conversational-ai-minutes' ? random.int(2, 12) : random.int(8, 45);
      addMetric(metric, 'volume', dau * perUser, 0.08, 0);
    }
    addMetric('daily-active-users', 'volume', dau, 0.05, 0);
    addMetric('join-success-rate', 'ratio_up', badQuality ? random.int(930, 955) / 1000 : random.int(975, 994) / 1000, 0.004, 0.06, dau * 3);
    if (account.isTest) continue;
    addMetric('peak-concurrent-users', 'volume', Math.max(1, Math.round(dau * random.int(6, 20) / 100)), 0.1, 0);
    if (random.chance(0.4)) addMetric('api-calls', 'volume', dau * random.int(4, 25), 0.1, 0);
    const video = account.products.includes('video-calling') || account.products.includes('interactive-live-streaming');
    if (video) addMetric('video-freeze-rate', 'ratio_down', badQuality ? random.int(65, 110) / 1000 : random.int(10, 55) / 1000, 0.15, 0.05, dau * 25);
    addMetric('p95-e2e-latency', 'level', badQuality ? random.int(420, 700) : random.int(160, 380), 0.08, 350);
    addMetric('packet-loss-rate', 'ratio_down', badQuality ? random.int(25, 50) / 1000 : random.int(2, 15) / 1000, 0.2, 0.03, dau * 90_000);
    const arr = Number(account.arr);
    if (arr > 0) addMetric('billable-amount', 'money', Math.round((arr / 365) * random.int(80, 120)) / 100, 0.06, 0);

    // Adoption: up to ten features of the account's products and segment, rising from when they were first used.
    const eligible = features.filter((feature) => account.products.includes(feature.product) && (feature.eligibleSegments.length === 0 || feature.eligibleSegments.includes(account.segment)));
    const chosen = random.sample(eligible, Math.min(eligible.length, random.int(5, 10)));
    const unhealthy = shape === 'falling' || shape === 'dropped';
    for (const feature of chosen) {
      const basic = feature.prerequisites.length === 0;
      adoption.push({
        externalId: account.externalId,
        feature: feature.key,
        slot: features.indexOf(feature),
        firstBack: basic ? firstBack : random.int(Math.min(14, firstBack), firstBack),
        plateauPct: basic ? random.int(60, 95) : random.int(5, 70),
        tauDays: random.int(20, 120),
        eligibleUsers: Math.max(5, Math.round(dau * random.int(80, 150) / 100)),
        declineFrom: unhealthy ? Math.max(shape === 'dropped' ? 14 : fallFrom, 14) : 0,
        declineShare: unhealthy ? random.int(30, 60) / 100 : 1,
      });
    }

    tickets.push(...accountTickets(account, random, asOfMs, latestMs, shape, badQuality));
    touchpoints.push(...accountTouchpoints(account, dataset, random, asOfMs, latestMs, unhealthy));
    nps.push(...accountNps(account, random, asOfMs, latestMs, unhealthy || badQuality, shape === 'growing'));
    outcomes.push(...accountOutcomes(account, asOf, profiles[profiles.length - 1]!));
  }
  return { profiles, metrics, adoption, tickets, touchpoints, nps, outcomes, noise };
}

function ageDays(account: DemoAccount, asOfMs: number): number {
  return Math.floor((asOfMs - Date.parse(account.createdAt)) / DAY_MS);
}

function planOf(account: DemoAccount): string {
  return SLA[account.supportPlan] ? account.supportPlan : 'standard';
}

/**
 * Tickets of the last 180 days: most answered and resolved within their targets, some late (breached),
 * some paused while waiting on the customer, some escalated, and the newest still open.
 */
function accountTickets(account: DemoAccount, random: SeededRandom, asOfMs: number, latestMs: number, shape: UsageShape, badQuality: boolean): DemoTicket[] {
  const [low, high] = TICKETS[account.segment]!;
  const count = Math.round(random.int(low, high) * (badQuality ? 2 : 1) * (shape === 'falling' || shape === 'dropped' ? 1.5 : 1));
  const earliestMs = Math.max(asOfMs - TICKET_DAYS * DAY_MS, Date.parse(account.createdAt));
  const rows: DemoTicket[] = [];
  for (let index = 0; index < count; index += 1) {
    const severity = random.weighted<TicketSeverity>(badQuality ? [['P1', 12], ['P2', 28], ['P3', 35], ['P4', 25]] : [['P1', 5], ['P2', 17], ['P3', 43], ['P4', 35]]);
    const [allDay, frTarget, resTarget] = SLA[planOf(account)]![severity];
    // Wall minutes never exceed business minutes, so a delay below the target meets it on either clock;
    // a late one is given the weekend and nights on top for business-hours clocks.
    const late = (target: number) => (allDay ? target * (1.3 + random.next() * 2) : target * 4 + 3 * 24 * 60 * (1 + random.next()));
    const frBreached = random.chance(badQuality ? 0.25 : 0.1);
    const resBreached = random.chance(badQuality ? 0.3 : 0.12);
    const frDelay = frBreached ? late(frTarget) : frTarget * (0.1 + random.next() * 0.8);
    const resDelay = Math.max(frDelay + 10, resBreached ? late(resTarget) : resTarget * (0.2 + random.next() * 0.75));
    const waits = random.chance(0.22);
    const pauseMinutes = waits ? random.int(60, 3 * 24 * 60) : 0;
    const openedMs = earliestMs + Math.floor(random.next() * (latestMs - earliestMs - 60 * 60_000));
    const opened = Math.floor(openedMs / 60_000) * 60_000;
    const firstResponse = opened + Math.round(frDelay) * 60_000;
    const pauseStart = firstResponse + random.int(10, 240) * 60_000;
    const resumed = pauseStart + pauseMinutes * 60_000;
    const resolved = Math.max(opened + Math.round(resDelay + pauseMinutes) * 60_000, waits ? resumed + random.int(30, 600) * 60_000 : 0);
    const history: { status: TicketStatus; at: string }[] = [{ status: 'open', at: iso(opened) }];
    let status: TicketStatus = 'open';
    let resolvedAt: string | null = null;
    if (waits && pauseStart <= latestMs) {
      history.push({ status: 'waiting_on_customer', at: iso(pauseStart) });
      status = 'waiting_on_customer';
      if (resumed <= latestMs) {
        history.push({ status: 'open', at: iso(resumed) });
        status = 'open';
      }
    }
    if (resolved <= latestMs && status === 'open') {
      history.push({ status: 'resolved', at: iso(resolved) });
      status = 'resolved';
      resolvedAt = iso(resolved);
      const closed = resolved + random.int(1, 5) * DAY_MS;
      if (closed <= latestMs && random.chance(0.7)) {
        history.push({ status: 'closed', at: iso(closed) });
        status = 'closed';
      }
    }
    const escalation = random.chance({ P1: 0.6, P2: 0.3, P3: 0.1, P4: 0.03 }[severity])
      ? random.weighted<'L1' | 'L2' | 'engineering'>(severity === 'P1' ? [['L2', 1], ['engineering', 2]] : [['L1', 3], ['L2', 2], ['engineering', 1]])
      : null;
    rows.push({
      id: random.uuid(),
      accountExternalId: account.externalId,
      externalId: `DEMO-${account.externalId.slice(5)}-${String(index + 1).padStart(3, '0')}`,
      severity,
      status,
      statusHistory: history,
      subject: random.pick(SUBJECTS[severity]),
      openedAt: iso(opened),
      firstResponseAt: firstResponse <= latestMs ? iso(Math.min(firstResponse, resolved)) : null,
      resolvedAt,
      escalation,
    });
  }
  return rows;
}

/** The manager of a role (any role when null) on the account at an instant, if any. */
function managerAt(dataset: DemoDataset, account: DemoAccount, role: string | null, atMs: number): string | null {
  const assignment = dataset.assignments.find(
    (candidate) => candidate.accountExternalId === account.externalId && (role === null || candidate.role === role) && Date.parse(candidate.startedAt) <= atMs && (candidate.endedAt === null || Date.parse(candidate.endedAt) > atMs),
  );
  return assignment?.managerEmail ?? null;
}

/** CSM touchpoints at the segment's cadence over the last year; some accounts have had none for 90 days. */
function accountTouchpoints(account: DemoAccount, dataset: DemoDataset, random: SeededRandom, asOfMs: number, latestMs: number, unhealthy: boolean): DemoTouchpoint[] {
  const [low, high] = CADENCE[account.segment]!;
  const quiet = random.chance(unhealthy ? 0.35 : 0.12);
  const stopMs = quiet ? asOfMs - random.int(95, 150) * DAY_MS : latestMs;
  const startMs = Math.max(asOfMs - ENGAGEMENT_DAYS * DAY_MS, Date.parse(account.createdAt));
  const large = account.segment === 'enterprise' || account.segment === 'strategic';
  const rows: DemoTouchpoint[] = [];
  let lastReviewMs = startMs - random.int(0, 90) * DAY_MS;
  for (let atMs = startMs + random.int(1, high) * DAY_MS; atMs <= stopMs; atMs += random.int(low, high) * DAY_MS) {
    const occurred = Math.min(stopMs, Math.floor(atMs / DAY_MS) * DAY_MS + random.int(8 * 60, 17 * 60) * 60_000);
    const kind: DemoTouchpoint['kind'] =
      large && occurred - lastReviewMs > 85 * DAY_MS ? 'review_held' : random.weighted([['email', 40], ['call', 32], ['meeting', 28]] as const);
    if (kind === 'review_held') lastReviewMs = occurred;
    rows.push({
      id: random.uuid(),
      accountExternalId: account.externalId,
      externalId: `demo-tp-${account.externalId.slice(5)}-${String(rows.length + 1).padStart(3, '0')}`,
      kind,
      // The CSM of the day; before the first CSM assignment, whoever of the team was assigned, else today's CSM.
      managerEmail: managerAt(dataset, account, 'csm', occurred) ?? managerAt(dataset, account, null, occurred) ?? managerAt(dataset, account, 'csm', latestMs),
      occurredAt: iso(occurred),
      note: random.pick(TOUCHPOINT_NOTES[kind]),
    });
  }
  return rows;
}

/** NPS: most paying accounts answered one to four surveys in the last year; unhealthy ones score low. */
function accountNps(account: DemoAccount, random: SeededRandom, asOfMs: number, latestMs: number, unhappy: boolean, happy: boolean): DemoNpsResponse[] {
  if (!random.chance(0.7)) return [];
  const startMs = Math.max(asOfMs - ENGAGEMENT_DAYS * DAY_MS, Date.parse(account.createdAt) + 14 * DAY_MS);
  if (startMs >= latestMs) return [];
  const domain = `${account.name.toLowerCase().replace(/[^a-z0-9]+/g, '')}.example`;
  const rows: DemoNpsResponse[] = [];
  const count = random.int(1, 4);
  for (let index = 0; index < count; index += 1) {
    const score = unhappy
      ? random.weighted([[random.int(0, 6), 6], [random.int(7, 8), 3], [random.int(9, 10), 1]] as const)
      : happy
        ? random.weighted([[random.int(9, 10), 6], [random.int(7, 8), 3], [random.int(3, 6), 1]] as const)
        : random.weighted([[random.int(9, 10), 4], [random.int(7, 8), 4], [random.int(2, 6), 2]] as const);
    const category = score >= 9 ? 'promoter' : score >= 7 ? 'passive' : 'detractor';
    const first = random.pick(FIRST_NAMES);
    const last = random.pick(LAST_NAMES);
    rows.push({
      id: random.uuid(),
      accountExternalId: account.externalId,
      externalId: `demo-nps-${account.externalId.slice(5)}-${index + 1}`,
      score,
      respondentName: `${first} ${last}`,
      respondentEmail: `${first}.${last}@${domain}`.toLowerCase(),
      respondentRole: random.weighted(NPS_ROLES),
      comment: random.chance(0.75) ? random.pick(NPS_COMMENTS[category]) : null,
      respondedAt: iso(startMs + Math.floor(random.next() * (latestMs - startMs))),
    });
  }
  return rows;
}

/**
 * Churn odds from what the signals can see, as a logit: a base rate; usage that fell, the more the
 * longer the decline has run (a short one may be a blip, a long one is a customer leaving); a long
 * run of poor call quality (which also drags NPS and support); growth, which protects. Exported so
 * a spec can pin the direction of each effect.
 */
export const CHURN_LOGIT = { base: -3.9, falling: 1.4, longDecline: 1.6, poorQuality: 1.6, growing: -0.8, noise: 0.8 } as const;

/** Poor call quality: the incident rate a `badQuality` profile draws (3–8% of days; others stay under 1%). */
export const hasPoorQuality = (profile: Pick<DemoUsageProfile, 'incidentRate'>) => profile.incidentRate >= 0.03;

/** The churn logit the signals explain, before the per-account noise of `CHURN_LOGIT.noise`. */
export function explainedChurnLogit(profile: Pick<DemoUsageProfile, 'shape' | 'incidentRate' | 'fallFrom' | 'fallTo'>): number {
  // Declines last 75 to 160 days; the long-decline term grows from nothing to full over that range.
  const declineLength = Math.min(1, Math.max(0, (profile.fallFrom - profile.fallTo - 75) / 80));
  return (
    CHURN_LOGIT.base +
    (profile.shape === 'falling' ? CHURN_LOGIT.falling + CHURN_LOGIT.longDecline * declineLength : 0) +
    (hasPoorQuality(profile) ? CHURN_LOGIT.poorQuality : 0) +
    (profile.shape === 'growing' ? CHURN_LOGIT.growing : 0)
  );
}

/**
 * Outcomes: the expansion behind an account's earlier, smaller terms; renewals a year before the
 * next renewal; contractions among accounts whose usage fell; and churn, which depends on the
 * signals only partly and noisily, as in life. A falling account churns at the end of its decline
 * with odds raised by the decline and poor quality (visible in usage, adoption, quality, NPS and
 * tickets for months before); any account may also leave for reasons no signal shows (a budget
 * cut, an acquisition: the per-account noise on the logit), in the last month; most accounts that
 * moved their traffic away overnight churn too, with no warning ahead. Drawn from the account's
 * own seeded stream, so outcomes never shift the other signals of the demo.
 */
function accountOutcomes(account: DemoAccount, asOf: string, profile: DemoUsageProfile): DemoOutcome[] {
  const random = new SeededRandom((profile.noiseKey * 7919 + 0x0c_7e) % Number.MAX_SAFE_INTEGER);
  const shape = profile.shape;
  const rows: DemoOutcome[] = [];
  const add = (kind: DemoOutcome['kind'], date: string, arrChange: number, note: string) =>
    rows.push({
      id: random.uuid(),
      accountExternalId: account.externalId,
      externalId: `demo-out-${account.externalId.slice(5)}-${rows.length + 1}`,
      kind,
      date,
      arrChange: arrChange.toFixed(2),
      currency: account.currency,
      note,
    });
  const arr = Number(account.arr);
  const earlier = account.history[account.history.length - 1];
  if (earlier && Number(earlier.terms.arr) < arr) add('expanded', account.currentFrom.slice(0, 10), arr - Number(earlier.terms.arr), 'Upgraded to a larger commitment');
  if (account.renewalDate) {
    const lastRenewal = new Date(Date.parse(`${account.renewalDate}T00:00:00Z`));
    lastRenewal.setUTCFullYear(lastRenewal.getUTCFullYear() - 1);
    const day = lastRenewal.toISOString().slice(0, 10);
    if (day < asOf && day > account.createdAt.slice(0, 10) && random.chance(0.8)) add('renewed', day, 0, 'Renewed for another year');
  }
  if (shape === 'falling' && arr > 0 && random.chance(0.35)) add('contracted', dayOf(asOf, random.int(Math.max(10, profile.fallTo + 2), 60)), -Math.round(arr * random.int(10, 30)) / 100, 'Reduced committed volume');
  if (arr <= 0) return rows;
  // Roughly normal noise (sum of four uniforms) on the logit: what no signal explains.
  const noise = ((random.next() + random.next() + random.next() + random.next() - 2) * Math.sqrt(3)) * CHURN_LOGIT.noise;
  const explained = 1 / (1 + Math.exp(-(explainedChurnLogit(profile) + noise)));
  if (shape === 'dropped') {
    if (random.chance(0.75)) add('churned', dayOf(asOf, profile.dropDays - 1), -arr, 'Moved traffic to another provider');
  } else if (random.chance(explained)) {
    if (shape === 'falling') {
      add('churned', dayOf(asOf, profile.fallTo + 1), -arr, 'Moved traffic to another provider');
    } else {
      // Left without a decline: the traffic is gone from the churn day on (accounts young enough to have no history before the horizon stay).
      const back = random.int(14, 45);
      if (profile.firstBack >= back + 120) {
        add('churned', dayOf(asOf, back), -arr, random.pick(['Budget cut after an acquisition', 'Project cancelled', 'Consolidated on another vendor']));
        profile.goneBack = back + 1;
        profile.goneShare = random.int(2, 8) / 100;
      }
    }
  }
  return rows;
}
