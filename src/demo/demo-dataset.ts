/**
 * The demo installation as plain rows: the vendor's feature catalog, two CS teams, about 200
 * accounts (some organisations with several apps, some sandboxes), their assignments, history
 * and FX rates. Pure and deterministic: the same seed and `asOf` day give the same rows.
 */
import { SeededRandom } from './seeded-random';
import { addDays } from '../common/calendar-day';

export interface DemoFeature {
  key: string;
  product: string;
  name: string;
  description: string;
  prerequisites: string[];
  eligibleSegments: string[];
  useCases: string[];
  documentationUrl: string;
  guideUrl: string | null;
  trainingUrl: string | null;
}

export interface DemoManager {
  id: string;
  name: string;
  email: string;
  role: 'csm' | 'tam' | 'ae' | 'se' | 'lead' | 'exec';
  timezone: string;
  /** Email of the team lead (managers are linked by email, so a re-run finds existing rows). */
  leadEmail: string | null;
  capacity: number | null;
}

export interface DemoAccountTerms {
  segment: string;
  arr: string;
  currency: string;
  billingModel: 'commit' | 'payg';
  commitAmount: string | null;
  commitPeriod: 'month' | 'quarter' | 'year' | null;
  autoRenew: boolean;
  renewalDate: string | null;
  supportPlan: string;
  products: string[];
  useCases: string[];
  attributes: Record<string, string | number | boolean>;
}

export interface DemoAccount extends DemoAccountTerms {
  id: string;
  externalId: string;
  name: string;
  industry: string;
  region: string;
  timezone: string;
  parentExternalId: string | null;
  appIds: string[];
  isTest: boolean;
  lifecycleStage: string;
  createdAt: string;
  /** Earlier versions of the tracked fields, oldest first; the account's own fields are the open version. */
  history: { validFrom: string; validTo: string; terms: DemoAccountTerms }[];
  /** When the current terms took effect (the open history version). */
  currentFrom: string;
}

export interface DemoAssignment {
  accountExternalId: string;
  managerEmail: string;
  role: 'csm' | 'tam' | 'ae' | 'se' | 'exec_sponsor' | 'backup_csm';
  startedAt: string;
  endedAt: string | null;
}

export interface DemoFxRate {
  date: string;
  currency: string;
  rate: string;
}

export interface DemoDataset {
  seed: number;
  asOf: string;
  reportingCurrency: string;
  segments: { key: string; name: string; rank: number }[];
  features: DemoFeature[];
  managers: DemoManager[];
  accounts: DemoAccount[];
  assignments: DemoAssignment[];
  fxRates: DemoFxRate[];
}

export interface DemoDatasetOptions {
  seed: number;
  /** The day the data is built around (`YYYY-MM-DD`): renewals fall after it, history and FX before. */
  asOf: string;
  /** Currency the FX rates convert into (REPORTING_CURRENCY). */
  reportingCurrency?: string;
  /** Accounts to generate, organisations and their apps included (default 200). */
  accounts?: number;
}

export const DEMO_EXTERNAL_ID_PREFIX = 'demo-';
const DAY_MS = 86_400_000;
const FX_DAYS = 120;

const SEGMENTS = [
  { key: 'startup', name: 'Startup', rank: 10 },
  { key: 'growth', name: 'Growth', rank: 20 },
  { key: 'enterprise', name: 'Enterprise', rank: 30 },
  { key: 'strategic', name: 'Strategic', rank: 40 },
];

const DOCS = 'https://docs.example.com';
const ACADEMY = 'https://academy.example.com';

/** [key, product, name, prerequisites, eligible segments ([] = all), use cases, has guide, has training] */
const FEATURE_TABLE: [string, string, string, string[], string[], string[], boolean, boolean][] = [
  ['voice-basic-call', 'voice-calling', 'Voice calls', [], [], ['social-audio-rooms', 'in-game-voice', 'one-to-one-tutoring', 'telehealth'], true, false],
  ['voice-noise-suppression', 'voice-calling', 'AI noise suppression', ['voice-basic-call'], [], ['in-game-voice', 'social-audio-rooms', 'telehealth'], true, true],
  ['voice-spatial-audio', 'voice-calling', 'Spatial audio', ['voice-basic-call'], ['growth', 'enterprise', 'strategic'], ['in-game-voice', 'social-audio-rooms'], true, false],
  ['voice-effects', 'voice-calling', 'Voice effects and voice changer', ['voice-basic-call'], [], ['social-audio-rooms', 'live-entertainment'], false, false],
  ['voice-pstn-gateway', 'voice-calling', 'PSTN and SIP gateway', ['voice-basic-call'], ['enterprise', 'strategic'], ['telehealth'], true, true],
  ['video-basic-call', 'video-calling', 'Video calls', [], [], ['one-to-one-tutoring', 'telehealth', 'large-class'], true, false],
  ['video-screen-share', 'video-calling', 'Screen sharing', ['video-basic-call'], [], ['one-to-one-tutoring', 'large-class'], true, false],
  ['video-virtual-background', 'video-calling', 'Virtual background', ['video-basic-call'], [], ['one-to-one-tutoring', 'telehealth'], false, true],
  ['video-beauty-filters', 'video-calling', 'Beauty filters', ['video-basic-call'], [], ['live-entertainment', 'live-commerce'], false, false],
  ['video-cloud-recording', 'video-calling', 'Cloud recording', ['video-basic-call'], ['growth', 'enterprise', 'strategic'], ['large-class', 'one-to-one-tutoring', 'telehealth'], true, true],
  ['video-interactive-whiteboard', 'video-calling', 'Interactive whiteboard', ['video-screen-share'], [], ['one-to-one-tutoring', 'large-class'], true, true],
  ['video-simulcast', 'video-calling', 'Simulcast and dual stream', ['video-basic-call'], ['enterprise', 'strategic'], ['large-class'], true, false],
  ['ils-host-streaming', 'interactive-live-streaming', 'Host live streaming', [], [], ['live-commerce', 'live-entertainment', 'large-class'], true, false],
  ['ils-co-hosting', 'interactive-live-streaming', 'Co-hosting and PK battles', ['ils-host-streaming'], [], ['live-entertainment', 'live-commerce'], true, true],
  ['ils-cdn-relay', 'interactive-live-streaming', 'CDN relay to social platforms', ['ils-host-streaming'], ['growth', 'enterprise', 'strategic'], ['live-commerce', 'live-entertainment'], true, false],
  ['ils-low-latency-audience', 'interactive-live-streaming', 'Low-latency audience mode', ['ils-host-streaming'], [], ['live-commerce', 'large-class'], true, false],
  ['ils-content-moderation', 'interactive-live-streaming', 'Real-time content moderation', ['ils-host-streaming'], ['enterprise', 'strategic'], ['live-entertainment', 'live-commerce', 'social-audio-rooms'], true, true],
  ['rtm-channel-messaging', 'real-time-messaging', 'Channel messaging', [], [], ['live-commerce', 'live-entertainment', 'social-audio-rooms', 'large-class'], true, false],
  ['rtm-presence', 'real-time-messaging', 'Presence', ['rtm-channel-messaging'], [], ['social-audio-rooms', 'in-game-voice'], false, false],
  ['rtm-signalling', 'real-time-messaging', 'Call signalling and invitations', ['rtm-channel-messaging'], [], ['one-to-one-tutoring', 'telehealth', 'in-game-voice'], true, false],
  ['rtm-virtual-gifting', 'real-time-messaging', 'Virtual gifting events', ['rtm-channel-messaging'], [], ['live-entertainment', 'live-commerce'], true, true],
  ['cai-voice-agent', 'conversational-ai', 'Voice AI agent', [], [], ['ai-companion', 'one-to-one-tutoring'], true, true],
  ['cai-interruption-handling', 'conversational-ai', 'Natural interruption handling', ['cai-voice-agent'], [], ['ai-companion'], true, false],
  ['cai-ai-tutor', 'conversational-ai', 'AI tutor in class', ['cai-voice-agent', 'video-basic-call'], ['growth', 'enterprise', 'strategic'], ['one-to-one-tutoring', 'large-class'], true, true],
  ['cai-real-time-translation', 'conversational-ai', 'Real-time transcription and translation', ['cai-voice-agent'], ['enterprise', 'strategic'], ['large-class', 'telehealth', 'live-commerce'], true, true],
];

interface IndustryProfile {
  key: string;
  useCases: string[];
  names: string[];
}

const INDUSTRIES: IndustryProfile[] = [
  { key: 'online-education', useCases: ['one-to-one-tutoring', 'large-class'], names: ['Learning', 'Academy', 'Tutors', 'Classroom', 'Edu', 'School'] },
  { key: 'entertainment', useCases: ['live-entertainment', 'in-game-voice'], names: ['Games', 'Live', 'Studios', 'Play', 'Arena', 'Stage'] },
  { key: 'social', useCases: ['social-audio-rooms', 'ai-companion', 'live-entertainment'], names: ['Social', 'Chat', 'Circle', 'Rooms', 'Connect', 'Friends'] },
  { key: 'e-commerce-live', useCases: ['live-commerce'], names: ['Shop', 'Live Shopping', 'Market', 'Deals', 'Mall', 'Bazaar'] },
];

/** Products an account licenses follow what it builds. */
const USE_CASE_PRODUCTS: Record<string, string[]> = {
  'one-to-one-tutoring': ['video-calling', 'real-time-messaging'],
  'large-class': ['interactive-live-streaming', 'real-time-messaging'],
  'live-commerce': ['interactive-live-streaming', 'real-time-messaging'],
  'social-audio-rooms': ['voice-calling', 'real-time-messaging'],
  'live-entertainment': ['interactive-live-streaming', 'video-calling'],
  'in-game-voice': ['voice-calling'],
  telehealth: ['video-calling'],
  'ai-companion': ['conversational-ai', 'voice-calling'],
};

const REGIONS: { key: string; weight: number; zones: string[]; currencies: [string, number][] }[] = [
  { key: 'north-america', weight: 30, zones: ['America/New_York', 'America/Chicago', 'America/Los_Angeles', 'America/Toronto'], currencies: [['USD', 9], ['CAD', 1]] },
  { key: 'europe', weight: 25, zones: ['Europe/London', 'Europe/Berlin', 'Europe/Paris', 'Europe/Madrid'], currencies: [['EUR', 6], ['GBP', 3], ['USD', 1]] },
  { key: 'apac', weight: 35, zones: ['Asia/Singapore', 'Asia/Tokyo', 'Asia/Shanghai', 'Asia/Kolkata', 'Australia/Sydney', 'Asia/Jakarta'], currencies: [['USD', 5], ['SGD', 2], ['JPY', 2], ['CNY', 1]] },
  { key: 'latam', weight: 10, zones: ['America/Sao_Paulo', 'America/Mexico_City', 'America/Bogota'], currencies: [['USD', 3], ['BRL', 1]] },
];

const REGION_LABELS: Record<string, string> = { 'north-america': 'US', europe: 'Europe', apac: 'Asia', latam: 'LatAm' };

/** Units of USD one unit of the currency is worth, around which the daily rates wander. */
const USD_VALUE: Record<string, number> = { USD: 1, EUR: 1.08, GBP: 1.27, JPY: 0.0067, CNY: 0.138, SGD: 0.74, CAD: 0.73, BRL: 0.2 };

const ARR_RANGE: Record<string, [number, number]> = { startup: [6_000, 60_000], growth: [60_000, 250_000], enterprise: [250_000, 1_200_000], strategic: [1_200_000, 5_000_000] };
/** Support plans with seeded SLA policies (standard, professional, enterprise), mostly the segment's default plan. */
const SUPPORT_PLAN: Record<string, [string, number][]> = {
  startup: [['standard', 9], ['professional', 1]],
  growth: [['professional', 7], ['standard', 3]],
  enterprise: [['enterprise', 7], ['professional', 3]],
  strategic: [['enterprise', 1]],
};
const LIFECYCLE_STAGES: [string, number][] = [['onboarding', 2], ['adoption', 4], ['mature', 5], ['expansion', 2]];

const NAME_PREFIXES = ['Bright', 'Nova', 'Blue', 'Lumen', 'Echo', 'Pixel', 'Orbit', 'Maple', 'Zen', 'Kite', 'Coral', 'Atlas', 'Sunny', 'Vivid', 'Pulse', 'Cedar', 'Quartz', 'Lotus', 'Amber', 'Polar', 'Rocket', 'Hummingbird', 'Panda', 'Tiger', 'Sakura', 'Nimbus', 'Aurora', 'Comet', 'Harbor', 'Juniper'];
const FIRST_NAMES = ['Alice', 'Bruno', 'Chen', 'Dana', 'Emeka', 'Fatima', 'Gustavo', 'Hana', 'Ivan', 'Jia', 'Kofi', 'Lena', 'Mateo', 'Nadia', 'Omar', 'Priya', 'Quentin', 'Rosa', 'Sven', 'Tomoko'];
const LAST_NAMES = ['Andersen', 'Barros', 'Costa', 'Dubois', 'Evans', 'Fischer', 'Garcia', 'Huang', 'Ito', 'Jensen', 'Kim', 'Li', 'Moreau', 'Nakamura', 'Okafor', 'Patel', 'Rossi', 'Silva', 'Tanaka', 'Weber'];

const MANAGER_PLAN: { role: DemoManager['role']; team: 'a' | 'b' | null; timezone: string; capacity: number | null }[] = [
  { role: 'exec', team: null, timezone: 'America/Los_Angeles', capacity: null },
  { role: 'lead', team: 'a', timezone: 'America/New_York', capacity: 10 },
  { role: 'lead', team: 'b', timezone: 'Asia/Singapore', capacity: 10 },
  { role: 'csm', team: 'a', timezone: 'America/New_York', capacity: 40 },
  { role: 'csm', team: 'a', timezone: 'Europe/London', capacity: 40 },
  { role: 'csm', team: 'a', timezone: 'Europe/Berlin', capacity: 35 },
  { role: 'csm', team: 'b', timezone: 'Asia/Singapore', capacity: 40 },
  { role: 'csm', team: 'b', timezone: 'Asia/Tokyo', capacity: 35 },
  { role: 'csm', team: 'b', timezone: 'Asia/Kolkata', capacity: 40 },
  { role: 'tam', team: 'a', timezone: 'America/Chicago', capacity: 15 },
  { role: 'tam', team: 'b', timezone: 'Asia/Shanghai', capacity: 15 },
  { role: 'ae', team: 'a', timezone: 'America/Los_Angeles', capacity: 60 },
  { role: 'ae', team: 'b', timezone: 'Australia/Sydney', capacity: 60 },
  { role: 'se', team: 'a', timezone: 'America/Sao_Paulo', capacity: 30 },
  { role: 'se', team: 'b', timezone: 'Asia/Jakarta', capacity: 30 },
];
/** Regions where some customers ask to keep data in the region (a custom attribute in the demo). */
const DATA_RESIDENCY_REGIONS = new Set(['apac', 'europe']);

function instant(day: string, random: SeededRandom): string {
  const hours = random.int(8, 17);
  return new Date(Date.parse(`${day}T00:00:00Z`) + hours * 3_600_000 + random.int(0, 59) * 60_000).toISOString();
}

function money(value: number): string {
  return (Math.round(value * 100) / 100).toFixed(2);
}

function roundArr(value: number): number {
  return value >= 100_000 ? Math.round(value / 1000) * 1000 : Math.round(value / 100) * 100;
}

export function buildDemoDataset(options: DemoDatasetOptions): DemoDataset {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(options.asOf) || Number.isNaN(Date.parse(`${options.asOf}T00:00:00Z`))) throw new Error(`asOf must be a YYYY-MM-DD day (got ${options.asOf})`);
  const reportingCurrency = options.reportingCurrency ?? 'USD';
  const random = new SeededRandom(options.seed);
  const asOf = options.asOf;

  const features: DemoFeature[] = FEATURE_TABLE.map(([key, product, name, prerequisites, eligibleSegments, useCases, hasGuide, hasTraining]) => ({
    key,
    product,
    name,
    description: `${name} for ${product.replace(/-/g, ' ')}.`,
    prerequisites,
    eligibleSegments,
    useCases,
    documentationUrl: `${DOCS}/${product}/${key}`,
    guideUrl: hasGuide ? `${DOCS}/guides/${key}-best-practices` : null,
    trainingUrl: hasTraining ? `${ACADEMY}/courses/${key}` : null,
  }));

  // Managers: an executive, two team leads, and their teams.
  const people = random.sample(FIRST_NAMES, MANAGER_PLAN.length).map((first, index) => `${first} ${LAST_NAMES[(index * 7 + random.int(0, 2)) % LAST_NAMES.length]}`);
  const managers: DemoManager[] = MANAGER_PLAN.map((plan, index) => ({
    id: random.uuid(),
    name: people[index]!,
    email: `${people[index]!.toLowerCase().replace(/[^a-z]+/g, '.')}@cs.example.com`,
    role: plan.role,
    timezone: plan.timezone,
    leadEmail: null,
    capacity: plan.capacity,
  }));
  const leadOf = { a: managers[1]!.email, b: managers[2]!.email };
  MANAGER_PLAN.forEach((plan, index) => {
    if (plan.team && plan.role !== 'lead') managers[index]!.leadEmail = leadOf[plan.team];
  });
  const byRoleAndTeam = (role: DemoManager['role'], team: 'a' | 'b') => managers.filter((manager, index) => manager.role === role && MANAGER_PLAN[index]!.team === team);

  // Accounts: standalone apps, organisations with several apps, and sandboxes.
  const target = options.accounts ?? 200;
  const accounts: DemoAccount[] = [];
  const usedNames = new Set<string>();
  const usedAppIds = new Set<string>();
  const newAppId = () => {
    let appId: string;
    do appId = `app_${random.hex(12)}`;
    while (usedAppIds.has(appId));
    usedAppIds.add(appId);
    return appId;
  };
  const companyName = (industry: IndustryProfile) => {
    for (let attempt = 0; ; attempt += 1) {
      const name = `${random.pick(NAME_PREFIXES)}${random.chance(0.5) ? '' : ' '}${random.pick(industry.names)}${attempt > 5 ? ` ${attempt}` : ''}`;
      if (!usedNames.has(name)) {
        usedNames.add(name);
        return name;
      }
    }
  };

  // An organisation (parent) is a container: its apps (children) carry the ARR and the contracts,
  // so totals over parents and children never count the same money twice.
  const makeTerms = (segment: string, region: (typeof REGIONS)[number], industry: IndustryProfile, isTest: boolean, isOrganisation: boolean): DemoAccountTerms => {
    const currency = random.weighted(region.currencies);
    const [low, high] = ARR_RANGE[segment]!;
    const arrUsd = isTest || isOrganisation ? 0 : roundArr(low * Math.pow(high / low, random.next()));
    const arrLocal = roundArr(arrUsd / USD_VALUE[currency]!);
    const billingModel: 'commit' | 'payg' = isTest || isOrganisation ? 'payg' : segment === 'startup' ? random.weighted([['payg', 7], ['commit', 3]] as const) : segment === 'growth' ? random.weighted([['payg', 3], ['commit', 7]] as const) : 'commit';
    const commitPeriod = billingModel === 'commit' ? random.weighted([['year', 7], ['quarter', 2], ['month', 1]] as const) : null;
    const periodShare = commitPeriod === 'year' ? 1 : commitPeriod === 'quarter' ? 0.25 : 1 / 12;
    const useCases = random.sample(industry.useCases, random.int(1, industry.useCases.length));
    if (random.chance(0.15)) useCases.push(random.pick(['telehealth', 'ai-companion', 'large-class'].filter((useCase) => !useCases.includes(useCase))));
    const products = [...new Set(useCases.flatMap((useCase) => USE_CASE_PRODUCTS[useCase]!))].sort();
    return {
      segment,
      arr: money(arrLocal),
      currency,
      billingModel,
      commitAmount: billingModel === 'commit' ? money(roundArr(arrLocal * periodShare * random.int(80, 100) / 100)) : null,
      commitPeriod,
      autoRenew: billingModel === 'commit' ? random.chance(0.4) : false,
      renewalDate: billingModel === 'commit' ? addDays(asOf, random.int(5, 365)) : null,
      supportPlan: isTest ? 'standard' : random.weighted(SUPPORT_PLAN[segment]!),
      products,
      useCases: useCases.sort(),
      attributes: {
        crmId: `CRM-${String(random.int(10_000, 99_999))}`,
        sdkVersion: `4.${random.int(0, 5)}.${random.int(0, 9)}`,
        onboardingComplete: random.chance(0.8),
        ...(DATA_RESIDENCY_REGIONS.has(region.key) && random.chance(0.3) ? { dataResidency: 'in-region' } : {}),
      },
    };
  };

  const addAccount = (fields: { segment: string; region: (typeof REGIONS)[number]; industry: IndustryProfile; name: string; parentExternalId: string | null; appCount: number; isTest: boolean }) => {
    const externalId = `${DEMO_EXTERNAL_ID_PREFIX}${String(accounts.length + 1).padStart(4, '0')}`;
    const isOrganisation = fields.appCount === 0;
    const terms = makeTerms(fields.segment, fields.region, fields.industry, fields.isTest, isOrganisation);
    const ageDays = random.int(40, 900);
    const createdAt = instant(addDays(asOf, -ageDays), random);
    const history: DemoAccount['history'] = [];
    let currentFrom = createdAt;
    // A third of the paying accounts changed terms once: first smaller, or on another segment.
    if (!fields.isTest && !isOrganisation && ageDays > 120 && random.chance(0.35)) {
      const changedAt = instant(addDays(asOf, -random.int(20, ageDays - 60)), random);
      const earlier: DemoAccountTerms = { ...terms, arr: money(roundArr(Number(terms.arr) * random.int(55, 90) / 100)), products: terms.products.slice(0, Math.max(1, terms.products.length - 1)) };
      if (earlier.commitAmount) earlier.commitAmount = money(roundArr(Number(terms.commitAmount) * Number(earlier.arr) / Number(terms.arr)));
      history.push({ validFrom: createdAt, validTo: changedAt, terms: earlier });
      currentFrom = changedAt;
    }
    const account: DemoAccount = {
      ...terms,
      id: random.uuid(),
      externalId,
      name: fields.name,
      industry: fields.industry.key,
      region: fields.region.key,
      timezone: random.pick(fields.region.zones),
      parentExternalId: fields.parentExternalId,
      appIds: Array.from({ length: fields.appCount }, newAppId),
      isTest: fields.isTest,
      lifecycleStage: fields.isTest ? 'onboarding' : random.weighted(LIFECYCLE_STAGES),
      createdAt,
      history,
      currentFrom,
    };
    accounts.push(account);
    return account;
  };

  const segmentWeights: [string, number][] = [['startup', 40], ['growth', 30], ['enterprise', 20], ['strategic', 10]];
  const pickRegion = () => random.weighted(REGIONS.map((region) => [region, region.weight] as const));
  const organisations = Math.round(target * 0.07);
  const sandboxes = Math.round(target * 0.05);
  for (let index = 0; index < organisations && accounts.length < target; index += 1) {
    const segment = random.weighted([['growth', 1], ['enterprise', 2], ['strategic', 2]] as const);
    const region = pickRegion();
    const industry = random.pick(INDUSTRIES);
    const parent = addAccount({ segment, region, industry, name: `${companyName(industry)} Group`, parentExternalId: null, appCount: 0, isTest: false });
    const children = random.int(2, 4);
    for (let child = 0; child < children && accounts.length < target; child += 1) {
      const childIndustry = random.chance(0.7) ? industry : random.pick(INDUSTRIES);
      const childRegion = child === 0 || random.chance(0.6) ? region : pickRegion();
      const label = `${parent.name.replace(/ Group$/, '')} ${REGION_LABELS[childRegion.key]}`;
      const name = usedNames.has(label) ? `${label} ${['Pro', 'Kids', 'Lite', 'Plus'][child]}` : label;
      usedNames.add(name);
      addAccount({ segment, region: childRegion, industry: childIndustry, name, parentExternalId: parent.externalId, appCount: random.int(1, 3), isTest: false });
    }
  }
  const payingTarget = target - sandboxes;
  while (accounts.length < payingTarget) {
    const industry = random.pick(INDUSTRIES);
    addAccount({ segment: random.weighted(segmentWeights), region: pickRegion(), industry, name: companyName(industry), parentExternalId: null, appCount: random.weighted([[1, 6], [2, 3], [3, 1]] as const), isTest: false });
  }
  const paying = accounts.filter((account) => account.parentExternalId === null && account.appIds.length > 0);
  while (accounts.length < target) {
    const owner = random.pick(paying);
    const industry = INDUSTRIES.find((profile) => profile.key === owner.industry)!;
    const region = REGIONS.find((candidate) => candidate.key === owner.region)!;
    addAccount({ segment: 'startup', region, industry, name: `${owner.name} (sandbox ${accounts.length})`, parentExternalId: null, appCount: 1, isTest: true });
  }

  // Assignments: every paying account has a CSM from the team of its region; larger ones a full team.
  const assignments: DemoAssignment[] = [];
  const exec = managers[0]!;
  for (const account of accounts) {
    if (account.isTest) continue;
    const team: 'a' | 'b' = account.region === 'north-america' || account.region === 'europe' ? 'a' : 'b';
    const since = (minDaysAgo: number) => instant(addDays(asOf, -random.int(minDaysAgo, Math.max(minDaysAgo, Math.floor((Date.parse(`${asOf}T00:00:00Z`) - Date.parse(account.createdAt)) / DAY_MS) - 1))), random);
    const add = (role: DemoAssignment['role'], manager: DemoManager, startedAt: string, endedAt: string | null = null) =>
      assignments.push({ accountExternalId: account.externalId, managerEmail: manager.email, role, startedAt, endedAt });
    const csms = byRoleAndTeam('csm', team);
    const csm = random.pick(csms);
    const csmSince = since(10);
    // Some accounts changed CSM: the earlier assignment stays as closed history.
    if (random.chance(0.2) && Date.parse(csmSince) - Date.parse(account.createdAt) > 20 * DAY_MS) {
      add('csm', random.pick(csms.filter((other) => other !== csm)), account.createdAt, csmSince);
    }
    add('csm', csm, csmSince);
    const large = account.segment === 'enterprise' || account.segment === 'strategic';
    if (account.billingModel === 'commit') add('ae', random.pick(byRoleAndTeam('ae', team)), since(5));
    if (large) add('tam', random.pick(byRoleAndTeam('tam', team)), since(5));
    if (large && random.chance(0.5)) add('se', random.pick(byRoleAndTeam('se', team)), since(5));
    if (account.segment === 'strategic') add('exec_sponsor', random.chance(0.5) ? exec : managers.find((manager) => manager.email === leadOf[team])!, since(5));
    if ((large || account.segment === 'growth') && random.chance(0.3)) add('backup_csm', random.pick(csms.filter((other) => other !== csm)), since(5));
  }

  // FX: a gentle random walk per currency over the last days, into the reporting currency.
  const currencies = Object.keys(USD_VALUE).filter((currency) => currency !== reportingCurrency).sort();
  const usdWalk = new Map<string, number[]>();
  for (const currency of Object.keys(USD_VALUE).sort()) {
    let value = USD_VALUE[currency]!;
    const walk: number[] = [];
    for (let day = 0; day < FX_DAYS; day += 1) {
      if (currency !== 'USD') value *= 1 + (random.next() - 0.5) * 0.01;
      walk.push(value);
    }
    usdWalk.set(currency, walk);
  }
  const fxRates: DemoFxRate[] = [];
  // Demo rates exist only between the demo currencies; another reporting currency gets none (totals then say a rate is missing).
  for (let day = 0; day < FX_DAYS && USD_VALUE[reportingCurrency] !== undefined; day += 1) {
    const date = addDays(asOf, day - FX_DAYS + 1);
    for (const currency of currencies) {
      const rate = usdWalk.get(currency)![day]! / usdWalk.get(reportingCurrency)![day]!;
      fxRates.push({ date, currency, rate: rate.toFixed(10) });
    }
  }

  return { seed: options.seed, asOf, reportingCurrency, segments: SEGMENTS, features, managers, accounts, assignments, fxRates };
}
