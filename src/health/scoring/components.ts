/**
 * Raw signals → each component's raw value and the facts behind it, in words a CSM can repeat.
 * `AccountSignals` is the contract with the SQL side: one object per account per run, computed
 * set-based for a chunk of accounts as of `asOf`. A signal group that is null means "no data";
 * counts of zero are data (no open tickets is good news, not a gap).
 */
import type { RawValue } from './curve';
import { formatNumber, formatShare, plural, signed } from './format';
import { ComponentParameters, HealthComponentDefinition, resolveParameters } from './health-model';

/**
 * A run scores every account with the same few component definitions: their resolved parameters
 * are worked out once per definition object, not once per account. Callers only read them.
 */
const resolvedParameters = new WeakMap<object, ComponentParameters>();

function parametersOf(component: Pick<HealthComponentDefinition, 'kind' | 'parameters'>): ComponentParameters {
  let parameters = resolvedParameters.get(component);
  if (!parameters) {
    parameters = resolveParameters(component);
    resolvedParameters.set(component, parameters);
  }
  return parameters;
}
import { fadedNps, NpsResponse } from './nps';
import { calendarDayOf, calendarDaysBetween, daysBetween, Instant, toMillis } from './time';

export type AttributeValue = string | number | boolean;
export type TicketSeverity = 'P1' | 'P2' | 'P3' | 'P4';

/** Usage on the account's main metric: the last `windowDays` against the `windowDays` before. */
export interface UsageTrendSignals {
  /** e.g. `video-minutes`. */
  metricKey: string;
  /** Words for sentences, e.g. "video minutes"; defaults to the key with spaces. */
  metricName?: string;
  /** 28 by default: four whole weeks, so both windows hold the same weekdays. */
  windowDays: number;
  currentTotal: number;
  previousTotal: number;
  /** Newest usage day of the account on any metric (`YYYY-MM-DD`), for the staleness rule. */
  lastSeenOn: string | null;
}

/** Consumption against a commit, measured through the last day with usage. */
export interface CommitConsumptionSignals {
  billingModel: 'commit';
  commitAmount: number;
  /** First and last day (inclusive) of the current commit period. */
  periodStart: string;
  periodEnd: string;
  /** Consumption since `periodStart`, in the commit's unit (usually the billable amount). */
  consumedToDate: number;
  currency?: string;
  /** The last usage day counted in `consumedToDate`: the pro-rata commit runs to it, so ingest lag is not read as under-use. */
  lastSeenOn: string | null;
}

/** Pay-as-you-go: the last 28 days' run-rate against the highest 28-day run-rate in 90 days. */
export interface PaygRunRateSignals {
  billingModel: 'payg';
  runRate: number;
  peakRunRate: number;
  lastSeenOn: string | null;
}

export type CommitPacingSignals = CommitConsumptionSignals | PaygRunRateSignals;

/** Quality over the recent window (ratios as 0–1); a metric the account does not report is null. */
export interface CallQualitySignals {
  joinSuccessRate: number | null;
  freezeRate: number | null;
  p95LatencyMs: number | null;
  lastSeenOn: string | null;
}

export interface SupportSignals {
  openP1: number;
  openP2: number;
  /** Tickets opened in the window whose first-response or resolution target was breached, by severity. */
  slaBreaches: Partial<Record<TicketSeverity, number>>;
  /** Tickets escalated (L2 or engineering) in the window. */
  escalations: number;
  /** 90 by default. */
  windowDays: number;
  lastSeenAt: Instant | null;
}

export interface AdoptionSignals {
  /** Features relevant to the account's use cases (and eligible for its segment) that are adopted. */
  adoptedFeatures: number;
  relevantFeatures: number;
  lastSeenOn: string | null;
}

export interface RelationshipSignals {
  /** Latest touchpoint at or before `asOf`; null when there has never been one. */
  lastTouchpointAt: Instant | null;
  executiveSponsorAssigned: boolean;
}

/** Everything the scoring needs about one account as of `asOf`. */
export interface AccountSignals {
  usage: UsageTrendSignals | null;
  commit: CommitPacingSignals | null;
  quality: CallQualitySignals | null;
  support: SupportSignals | null;
  adoption: AdoptionSignals | null;
  /** Responses up to `asOf` (older than the fade window are ignored, so the SQL may cut at 180 days). */
  npsResponses: readonly NpsResponse[];
  relationship: RelationshipSignals | null;
  /** The account's custom fields as of `asOf`. */
  attributes: Readonly<Record<string, AttributeValue>>;
}

export type ReadingDetails = Record<string, number | string | boolean | null>;

/** A component's raw value with its facts, or why it has none. */
export type ComponentReading =
  | {
      status: 'read';
      raw: RawValue;
      /** CSM-readable clauses, most telling first: "video minutes −38% over 28 days". */
      facts: string[];
      /** The raw numbers behind the facts, for the snapshot and the API. */
      details: ReadingDetails;
      /** When the data behind it was last seen (staleness rule). */
      lastSeenAt: Instant | null;
    }
  | { status: 'missing'; reason: string; lastSeenAt: Instant | null };

function missing(reason: string, lastSeenAt: Instant | null = null): ComponentReading {
  return { status: 'missing', reason, lastSeenAt };
}

/** Reads one component's raw value from the account's signals. */
export function readComponent(component: Pick<HealthComponentDefinition, 'kind' | 'parameters'>, signals: AccountSignals, asOf: Instant): ComponentReading {
  const parameters = parametersOf(component);
  switch (component.kind) {
    case 'usage-trend':
      return readUsageTrend(signals.usage, parameters);
    case 'commit-pacing':
      return readCommitPacing(signals.commit, parameters);
    case 'call-quality':
      return readCallQuality(signals.quality, parameters);
    case 'support':
      return readSupport(signals.support, parameters);
    case 'adoption':
      return readAdoption(signals.adoption, parameters);
    case 'sentiment':
      return readSentiment(signals.npsResponses, parameters, asOf);
    case 'relationship':
      return readRelationship(signals.relationship, parameters, asOf);
    case 'attribute':
      return readAttribute(signals.attributes, parameters);
  }
}

export function readUsageTrend(usage: UsageTrendSignals | null, parameters: ComponentParameters): ComponentReading {
  if (usage === null) return missing('no usage data');
  const minimumBaseline = parameters.minimumBaseline as number;
  const metricName = usage.metricName ?? usage.metricKey.replace(/-/g, ' ');
  if (usage.previousTotal <= 0 || usage.previousTotal < minimumBaseline) {
    return missing(`too little ${metricName} in the previous ${usage.windowDays} days to measure a trend`, usage.lastSeenOn);
  }
  const changePct = ((usage.currentTotal - usage.previousTotal) / usage.previousTotal) * 100;
  return {
    status: 'read',
    raw: changePct,
    facts: [`${metricName} ${signed(changePct)}% over ${usage.windowDays} days`],
    details: { metric: usage.metricKey, currentTotal: usage.currentTotal, previousTotal: usage.previousTotal, changePct, windowDays: usage.windowDays },
    lastSeenAt: usage.lastSeenOn,
  };
}

export function readCommitPacing(commit: CommitPacingSignals | null, parameters: ComponentParameters): ComponentReading {
  if (commit === null) return missing('no commit or run-rate data');
  if (commit.billingModel === 'payg') {
    if (commit.peakRunRate <= 0) return missing('no usage in the last 90 days to set a peak run-rate', commit.lastSeenOn);
    const pacePct = (commit.runRate / commit.peakRunRate) * 100;
    return {
      status: 'read',
      raw: pacePct,
      facts: [`28-day run-rate at ${formatNumber(pacePct)}% of its 90-day peak`],
      details: { billingModel: 'payg', runRate: commit.runRate, peakRunRate: commit.peakRunRate, pacePct },
      lastSeenAt: commit.lastSeenOn,
    };
  }
  if (!(commit.commitAmount > 0)) return missing('no commit amount to pace against');
  if (commit.lastSeenOn === null) return missing('no usage recorded in the commit period');
  const periodDays = calendarDaysBetween(commit.periodStart, commit.periodEnd) + 1;
  const elapsedDays = Math.min(periodDays, calendarDaysBetween(commit.periodStart, commit.lastSeenOn) + 1);
  const minimumElapsedDays = Math.max(1, parameters.minimumElapsedDays as number);
  if (elapsedDays < minimumElapsedDays) {
    return missing(`commit period only ${plural(Math.max(0, elapsedDays), 'day')} in; pacing counts from day ${minimumElapsedDays}`, commit.lastSeenOn);
  }
  const expectedToDate = (commit.commitAmount * elapsedDays) / periodDays;
  const pacePct = (commit.consumedToDate / expectedToDate) * 100;
  const money = (amount: number) => (commit.currency ? `${commit.currency} ${formatNumber(amount)}` : formatNumber(amount));
  return {
    status: 'read',
    raw: pacePct,
    facts: [`consumption at ${formatNumber(pacePct)}% of the pro-rata commit (${money(commit.consumedToDate)} of ${money(expectedToDate)} expected by ${commit.lastSeenOn})`],
    details: { billingModel: 'commit', commitAmount: commit.commitAmount, consumedToDate: commit.consumedToDate, expectedToDate, elapsedDays, periodDays, pacePct },
    lastSeenAt: commit.lastSeenOn,
  };
}

interface QualityMetric {
  name: string;
  value: number;
  good: number;
  bad: number;
  show: (value: number) => string;
}

/** 100 at or beyond "good", 0 at or beyond "bad", linear between (either direction). */
export function thresholdScore(value: number, good: number, bad: number): number {
  const share = (value - bad) / (good - bad);
  return Math.min(100, Math.max(0, share * 100));
}

export function readCallQuality(quality: CallQualitySignals | null, parameters: ComponentParameters): ComponentReading {
  if (quality === null) return missing('no call quality data');
  const p = parameters as Record<string, number>;
  const percent = (value: number) => formatShare(value);
  const milliseconds = (value: number) => `${formatNumber(value)} ms`;
  const candidates: Array<QualityMetric | null> = [
    quality.joinSuccessRate === null ? null : { name: 'join success', value: quality.joinSuccessRate, good: p.joinSuccessGood, bad: p.joinSuccessBad, show: percent },
    quality.freezeRate === null ? null : { name: 'freeze rate', value: quality.freezeRate, good: p.freezeRateGood, bad: p.freezeRateBad, show: percent },
    quality.p95LatencyMs === null ? null : { name: 'p95 latency', value: quality.p95LatencyMs, good: p.p95LatencyGoodMs, bad: p.p95LatencyBadMs, show: milliseconds },
  ];
  const metrics = candidates.filter((metric): metric is QualityMetric => metric !== null);
  if (metrics.length === 0) return missing('no call quality metrics reported', quality.lastSeenOn);
  const scored = metrics.map((metric) => ({ metric, score: thresholdScore(metric.value, metric.good, metric.bad) }));
  const scores = scored.map((entry) => entry.score);
  // The weakest metric sets the component by default: fine joins do not make up for frozen video.
  const raw = parameters.combine === 'mean' ? scores.reduce((sum, score) => sum + score, 0) / scores.length : Math.min(...scores);
  const offTarget = scored.filter((entry) => entry.score < 100).sort((left, right) => left.score - right.score);
  const facts =
    offTarget.length > 0
      ? offTarget.map(({ metric }) => `${metric.name} ${metric.show(metric.value)} (target ${metric.good > metric.bad ? '≥' : '≤'} ${metric.show(metric.good)})`)
      : [`call quality on target (${metrics.map((metric) => `${metric.name} ${metric.show(metric.value)}`).join(', ')})`];
  return {
    status: 'read',
    raw,
    facts,
    details: { joinSuccessRate: quality.joinSuccessRate, freezeRate: quality.freezeRate, p95LatencyMs: quality.p95LatencyMs },
    lastSeenAt: quality.lastSeenOn,
  };
}

const SEVERITIES: readonly TicketSeverity[] = ['P1', 'P2', 'P3', 'P4'];

/** Support pressure in points: open P1/P2 tickets, SLA breaches and escalations, each weighted. */
export function readSupport(support: SupportSignals | null, parameters: ComponentParameters): ComponentReading {
  if (support === null) return missing('no support data');
  const p = parameters as Record<string, number>;
  const breaches = SEVERITIES.reduce((sum, severity) => sum + (support.slaBreaches[severity] ?? 0), 0);
  const points = support.openP1 * p.openP1Points + support.openP2 * p.openP2Points + breaches * p.slaBreachPoints + support.escalations * p.escalationPoints;
  const window = `in ${support.windowDays} days`;
  const facts: string[] = [];
  for (const severity of SEVERITIES) {
    const count = support.slaBreaches[severity] ?? 0;
    if (count > 0) facts.push(`${plural(count, `${severity} ticket`)} breached SLA ${window}`);
  }
  if (support.openP1 > 0) facts.push(plural(support.openP1, 'open P1 ticket'));
  if (support.openP2 > 0) facts.push(plural(support.openP2, 'open P2 ticket'));
  if (support.escalations > 0) facts.push(`${plural(support.escalations, 'escalation')} ${window}`);
  if (facts.length === 0) facts.push(`no open P1/P2 tickets, SLA breaches or escalations ${window}`);
  return {
    status: 'read',
    raw: points,
    facts,
    details: { openP1: support.openP1, openP2: support.openP2, slaBreaches: breaches, escalations: support.escalations, points, windowDays: support.windowDays },
    lastSeenAt: support.lastSeenAt,
  };
}

export function readAdoption(adoption: AdoptionSignals | null, parameters: ComponentParameters): ComponentReading {
  if (adoption === null) return missing('no adoption data');
  if (adoption.relevantFeatures < (parameters.minimumRelevantFeatures as number) || adoption.relevantFeatures <= 0) {
    return missing('no features relevant to the account\'s use cases', adoption.lastSeenOn);
  }
  const adoptedPct = (adoption.adoptedFeatures / adoption.relevantFeatures) * 100;
  return {
    status: 'read',
    raw: adoptedPct,
    facts: [`${formatNumber(adoption.adoptedFeatures)} of ${plural(adoption.relevantFeatures, 'relevant feature')} adopted`],
    details: { adoptedFeatures: adoption.adoptedFeatures, relevantFeatures: adoption.relevantFeatures, adoptedPct },
    lastSeenAt: adoption.lastSeenOn,
  };
}

export function readSentiment(responses: readonly NpsResponse[], parameters: ComponentParameters, asOf: Instant): ComponentReading {
  const settings = {
    fadeDays: parameters.fadeDays as number,
    decisionMakerWeight: parameters.decisionMakerWeight as number,
    decisionMakerRoles: parameters.decisionMakerRoles as string[],
  };
  const faded = fadedNps(responses, asOf, settings);
  if (faded.nps === null) return missing(`no NPS response in the last ${settings.fadeDays} days`);
  const facts = [`NPS ${signed(faded.nps)} from ${plural(faded.responsesCounted, 'response')} in ${settings.fadeDays} days`];
  if (faded.latestDecisionMaker) {
    facts.push(`a decision maker answered ${faded.latestDecisionMaker.score} on ${calendarDayOf(faded.latestDecisionMaker.respondedAt)}`);
  }
  let latest: Instant | null = null;
  for (const response of responses) {
    if (daysBetween(response.respondedAt, asOf) >= 0 && (latest === null || toMillis(response.respondedAt) > toMillis(latest))) latest = response.respondedAt;
  }
  return {
    status: 'read',
    raw: faded.nps,
    facts,
    details: { nps: faded.nps, responses: faded.responsesCounted, promoters: faded.promoters, passives: faded.passives, detractors: faded.detractors, totalWeight: faded.totalWeight },
    lastSeenAt: latest,
  };
}

export function readRelationship(relationship: RelationshipSignals | null, parameters: ComponentParameters, asOf: Instant): ComponentReading {
  if (relationship === null) return missing('no relationship data');
  const p = parameters as Record<string, number>;
  const daysSinceTouchpoint = relationship.lastTouchpointAt === null ? null : Math.max(0, Math.floor(daysBetween(relationship.lastTouchpointAt, asOf)));
  const recency = daysSinceTouchpoint === null ? 0 : thresholdScore(daysSinceTouchpoint, p.touchpointGoodDays, p.touchpointBadDays);
  const raw = (1 - p.executiveSponsorShare) * recency + p.executiveSponsorShare * (relationship.executiveSponsorAssigned ? 100 : 0);
  const touchpointFact =
    daysSinceTouchpoint === null ? 'no touchpoint recorded' : daysSinceTouchpoint === 0 ? 'last touchpoint today' : `last touchpoint ${plural(daysSinceTouchpoint, 'day')} ago`;
  const sponsorFact = relationship.executiveSponsorAssigned ? 'executive sponsor assigned' : 'no executive sponsor assigned';
  // The weaker half of the relationship goes first, so a driver sentence leads with what to fix.
  const sponsorIsWeaker = !relationship.executiveSponsorAssigned && recency >= 50;
  return {
    status: 'read',
    raw,
    facts: sponsorIsWeaker ? [sponsorFact, touchpointFact] : [touchpointFact, sponsorFact],
    details: { daysSinceTouchpoint, executiveSponsorAssigned: relationship.executiveSponsorAssigned },
    lastSeenAt: relationship.lastTouchpointAt,
  };
}

export function readAttribute(attributes: Readonly<Record<string, AttributeValue>>, parameters: ComponentParameters): ComponentReading {
  const name = parameters.attribute as string;
  const value = Object.prototype.hasOwnProperty.call(attributes, name) ? attributes[name] : undefined;
  if (value === undefined || value === null) return missing(`attribute ${name} not set`);
  return { status: 'read', raw: value, facts: [`${name} is ${String(value)}`], details: { attribute: name, value }, lastSeenAt: null };
}
