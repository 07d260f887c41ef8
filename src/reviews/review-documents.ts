/**
 * The internal brief and the customer agenda of a business review, assembled from its facts.
 * Pure and deterministic: the same facts give the same documents (no clock; every day and number
 * comes from the facts). A section without data is left out, never filled with placeholders.
 * The customer agenda never carries our health score, band or components: it is built without them.
 */
import { daysBetween } from './review-dates';
import type { ActionItemFact, HealthComponentFact, MetricPeriodFact, ReviewFacts } from './review-facts';

export const REVIEW_DOCUMENT_SCHEMA_VERSION = 1;
/** A renewal within this many days of the meeting shows in the brief. */
export const BRIEF_RENEWAL_WINDOW_DAYS = 180;
/** A metric moving at least this much (percent) between periods is a highlight or a drop. */
export const NOTABLE_CHANGE_PCT = 10;
/** Components scoring below this pull the account down; at or above `HOLDING_UP_SCORE` they hold it up. */
const PULLING_DOWN_SCORE = 50;
const HOLDING_UP_SCORE = 75;

export interface DocumentSection {
  key: string;
  title: string;
  /** Sentences a CSM can read aloud, in order. */
  points: string[];
  /** The numbers behind the points. */
  data: Record<string, unknown>;
}

export interface ReviewBrief {
  schemaVersion: number;
  document: 'brief';
  reviewId: string;
  accountId: string;
  accountName: string;
  kind: string;
  dueDate: string;
  meetingAt: string | null;
  period: { from: string; to: string };
  sections: DocumentSection[];
}

export interface AgendaItem extends DocumentSection {
  /** Minutes of the meeting given to this item; all items add up to `meetingMinutes`. */
  minutes: number;
}

export interface CustomerAgenda {
  schemaVersion: number;
  document: 'agenda';
  reviewId: string;
  accountName: string;
  title: string;
  meetingAt: string | null;
  meetingMinutes: number;
  period: { from: string; to: string };
  items: AgendaItem[];
}

const KIND_TITLES: Record<string, string> = {
  EBR: 'Executive business review',
  QBR: 'Quarterly business review',
  operations: 'Operations review',
  renewal: 'Renewal review',
  post_incident: 'Post-incident review',
  risk: 'Account review',
};

export function formatNumber(value: number): string {
  const rounded = Math.abs(value) >= 100 ? Math.round(value) : Math.round(value * 10) / 10;
  return rounded.toLocaleString('en-US', { maximumFractionDigits: 1 });
}

function formatValue(value: number, unit: string): string {
  if (unit === 'percent' || unit === '%') return `${formatNumber(value)}%`;
  // Ratio metrics (join success, freeze rate) are fractions of 1.
  if (unit === 'ratio') return `${formatNumber(Math.round(value * 10000) / 100)}%`;
  return `${formatNumber(value)} ${unit}`;
}

/** Percent change from previous to current; null when there is nothing to compare with. */
export function changePct(current: number | null, previous: number | null): number | null {
  if (current === null || previous === null || previous === 0) return null;
  return Math.round(((current - previous) / Math.abs(previous)) * 1000) / 10;
}

function signed(value: number): string {
  return `${value > 0 ? '+' : value < 0 ? '−' : '±'}${formatNumber(Math.abs(value))}`;
}

function metricLine(metric: MetricPeriodFact): string {
  const change = changePct(metric.current, metric.previous);
  const base = `${metric.name}: ${formatValue(metric.current!, metric.unit)}`;
  return change === null ? base : `${base} (${signed(change)}% against the previous period)`;
}

/** Improvement in the metric's own direction (a falling latency is good). */
function improvementPct(metric: MetricPeriodFact): number | null {
  const change = changePct(metric.current, metric.previous);
  if (change === null) return null;
  return metric.higherIsBetter ? change : -change;
}

function actionItemLine(item: ActionItemFact): string {
  const due = item.dueDate ? `, due ${item.dueDate}` : '';
  const carried = item.carriedOver ? ' (carried over)' : '';
  return `${item.title} — ${item.owner}${due}, ${item.status.replace('_', ' ')}${carried}`;
}

function byKey<T extends { key: string }>(items: T[]): T[] {
  return [...items].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

function scoreWords(health: { score: number | null; band: string }): string {
  return health.score === null ? `no score (${health.band})` : `${formatNumber(health.score)} (${health.band})`;
}

function componentDeltas(now: HealthComponentFact[], before: HealthComponentFact[]): { key: string; label: string; from: number; to: number; change: number; facts: string[] }[] {
  const previous = new Map(before.map((component) => [component.key, component]));
  return now
    .filter((component) => component.score !== null && previous.get(component.key)?.score != null)
    .map((component) => {
      const from = previous.get(component.key)!.score!;
      return { key: component.key, label: component.label, from, to: component.score!, change: Math.round((component.score! - from) * 10) / 10, facts: component.facts };
    })
    .filter((delta) => delta.change !== 0)
    .sort((a, b) => Math.abs(b.change) - Math.abs(a.change) || (a.key < b.key ? -1 : 1));
}

function renewalDays(facts: ReviewFacts): number | null {
  if (facts.account.renewalDate === null) return null;
  const meetingDay = facts.review.meetingAt ? facts.review.meetingAt.slice(0, 10) : facts.review.dueDate;
  const days = daysBetween(meetingDay, facts.account.renewalDate);
  return days >= 0 && days <= BRIEF_RENEWAL_WINDOW_DAYS ? days : null;
}

function usageSplit(facts: ReviewFacts): { usage: MetricPeriodFact[]; quality: MetricPeriodFact[] } {
  const withData = facts.usage.filter((metric) => metric.current !== null);
  const order = (a: MetricPeriodFact, b: MetricPeriodFact) => Number(b.isMain) - Number(a.isMain) || (a.metric < b.metric ? -1 : a.metric > b.metric ? 1 : 0);
  return { usage: withData.filter((metric) => metric.kind === 'usage').sort(order), quality: withData.filter((metric) => metric.kind === 'quality').sort(order) };
}

function slaPoints(support: NonNullable<ReviewFacts['support']>): { points: string[]; attainment: Record<string, number | null> } {
  const pct = (met: number, judged: number) => (judged === 0 ? null : Math.round((met / judged) * 1000) / 10);
  const firstResponsePct = pct(support.firstResponseMet, support.firstResponseJudged);
  const resolutionPct = pct(support.resolutionMet, support.resolutionJudged);
  const points: string[] = [];
  if (firstResponsePct !== null) points.push(`First responses within target: ${formatNumber(firstResponsePct)}% (${support.firstResponseMet} of ${support.firstResponseJudged} tickets)`);
  if (resolutionPct !== null) points.push(`Resolutions within target: ${formatNumber(resolutionPct)}% (${support.resolutionMet} of ${support.resolutionJudged} tickets)`);
  return { points, attainment: { firstResponsePct, resolutionPct } };
}

export function assembleBrief(facts: ReviewFacts): ReviewBrief {
  const sections: DocumentSection[] = [];
  const { now, atLastReview } = facts.health;

  if (now) {
    const points = [`Health now: ${scoreWords(now)} as of ${now.day}.`];
    if (atLastReview && facts.lastReview) points.push(`At the last review (${facts.lastReview.day}): ${scoreWords(atLastReview)}.`);
    sections.push({
      key: 'health',
      title: 'Health',
      points,
      data: { now: { day: now.day, score: now.score, band: now.band }, atLastReview: atLastReview ? { day: atLastReview.day, score: atLastReview.score, band: atLastReview.band } : null },
    });
  }

  if (now && atLastReview) {
    const deltas = componentDeltas(now.components, atLastReview.components);
    if (deltas.length > 0) {
      const total = now.score !== null && atLastReview.score !== null ? Math.round((now.score - atLastReview.score) * 10) / 10 : null;
      sections.push({
        key: 'changes',
        title: 'What changed since the last review, and why',
        points: [
          ...(total === null ? [] : [`Score ${signed(total)} since ${atLastReview.day}.`]),
          ...deltas.map((delta) => `${delta.label} ${signed(delta.change)} (${formatNumber(delta.from)} → ${formatNumber(delta.to)})${delta.facts.length > 0 ? `: ${delta.facts[0]}` : ''}`),
        ],
        data: { scoreChange: total, components: deltas.map(({ facts: _facts, ...delta }) => delta) },
      });
    }
  }

  if (now) {
    const scored = now.components.filter((component) => component.status === 'scored' && component.score !== null);
    const down = scored.filter((component) => component.score! < PULLING_DOWN_SCORE).sort((a, b) => a.score! - b.score! || (a.key < b.key ? -1 : 1));
    const up = scored.filter((component) => component.score! >= HOLDING_UP_SCORE).sort((a, b) => b.score! - a.score! || (a.key < b.key ? -1 : 1));
    if (down.length + up.length > 0) {
      sections.push({
        key: 'drivers',
        title: 'Drivers',
        points: [
          ...down.map((component) => `Pulling down — ${component.label} ${formatNumber(component.score!)}${component.facts.length > 0 ? `: ${component.facts.join('; ')}` : ''}`),
          ...up.map((component) => `Holding up — ${component.label} ${formatNumber(component.score!)}${component.facts.length > 0 ? `: ${component.facts.join('; ')}` : ''}`),
        ],
        data: {
          pullingDown: down.map((component) => ({ key: component.key, label: component.label, score: component.score })),
          holdingUp: up.map((component) => ({ key: component.key, label: component.label, score: component.score })),
        },
      });
    }
  }

  const triggerPoints = facts.review.triggers
    .filter((key) => !key.startsWith('renewal:'))
    .map((key) => (key.startsWith('post_incident:') ? 'This review follows a P1 ticket that breached its SLA.' : 'This review was planned because the account turned red.'));
  if (facts.alerts.length + triggerPoints.length > 0) {
    sections.push({
      key: 'risks',
      title: 'Risks and open alerts',
      points: [...triggerPoints, ...facts.alerts.map((alert) => `${alert.severity}: ${alert.sentence ?? alert.title} (open since ${alert.openedAt.slice(0, 10)})`)],
      data: { alerts: facts.alerts, triggers: facts.review.triggers },
    });
  }

  const pacing = now?.components.find((component) => component.key === 'commit-pacing' && component.status === 'scored');
  const daysToRenewal = renewalDays(facts);
  if (pacing || daysToRenewal !== null) {
    const points: string[] = [];
    if (pacing) {
      const label = facts.account.billingModel === 'payg' ? 'Consumption (pay as you go)' : 'Commit pacing';
      points.push(`${label}: ${pacing.facts.length > 0 ? pacing.facts.join('; ') : `score ${formatNumber(pacing.score!)}`}`);
    }
    if (daysToRenewal !== null) {
      points.push(
        `Renewal on ${facts.account.renewalDate} (${daysToRenewal} days after the meeting), ARR ${formatNumber(facts.account.arr)} ${facts.account.currency}, ${facts.account.autoRenew ? 'auto-renews' : 'does not auto-renew'}.`,
      );
    }
    sections.push({
      key: 'commercial',
      title: 'Commit pacing and renewal',
      points,
      data: {
        billingModel: facts.account.billingModel,
        commitAmount: facts.account.commitAmount,
        commitPeriod: facts.account.commitPeriod,
        pacing: pacing ? { score: pacing.score, facts: pacing.facts, details: pacing.details ?? null } : null,
        renewal: daysToRenewal === null ? null : { date: facts.account.renewalDate, daysAfterMeeting: daysToRenewal, arr: facts.account.arr, currency: facts.account.currency, autoRenew: facts.account.autoRenew },
      },
    });
  }

  if (facts.recommendations.length > 0) {
    sections.push({
      key: 'recommendations',
      title: 'Recommendations',
      points: facts.recommendations.map((recommendation) => `${recommendation.featureName}: ${recommendation.rationale}`),
      data: { items: facts.recommendations },
    });
  }

  if (facts.actionItems.length > 0) {
    const open = facts.actionItems.filter((item) => item.status === 'open' || item.status === 'in_progress');
    if (open.length > 0) {
      sections.push({ key: 'actionItems', title: 'Open action items', points: open.map(actionItemLine), data: { items: open } });
    }
  }

  const goals = suggestedGoals(facts, daysToRenewal);
  if (goals.length > 0) sections.push({ key: 'goals', title: 'Suggested goals for the meeting', points: goals, data: {} });

  return {
    schemaVersion: REVIEW_DOCUMENT_SCHEMA_VERSION,
    document: 'brief',
    reviewId: facts.review.id,
    accountId: facts.account.id,
    accountName: facts.account.name,
    kind: facts.review.kind,
    dueDate: facts.review.dueDate,
    meetingAt: facts.review.meetingAt,
    period: { from: facts.period.from, to: facts.period.to },
    sections,
  };
}

function suggestedGoals(facts: ReviewFacts, daysToRenewal: number | null): string[] {
  const goals: string[] = [];
  const { now, atLastReview } = facts.health;
  if (facts.review.triggers.some((key) => key.startsWith('post_incident:'))) goals.push('Walk through the incident, its root cause and what prevents a repeat.');
  if (daysToRenewal !== null) goals.push('Confirm renewal intent, timeline and decision makers.');
  const falling = now?.score != null && atLastReview?.score != null && now.score < atLastReview.score - 5;
  const weakest = now?.components
    .filter((component) => component.status === 'scored' && component.score !== null && component.score < PULLING_DOWN_SCORE)
    .sort((a, b) => a.score! - b.score! || (a.key < b.key ? -1 : 1))[0];
  if (weakest) goals.push(`Agree a plan to improve ${weakest.label.toLowerCase()}.`);
  else if (falling) goals.push('Understand what is behind the decline since the last review.');
  const { usage } = usageSplit(facts);
  const drop = usage.find((metric) => (improvementPct(metric) ?? 0) <= -NOTABLE_CHANGE_PCT);
  if (drop && !weakest) goals.push(`Understand the drop in ${drop.name.toLowerCase()}.`);
  if (facts.recommendations.length > 0) goals.push(`Agree a pilot of ${facts.recommendations[0].featureName}.`);
  const overdue = facts.actionItems.filter((item) => item.carriedOver && (item.status === 'open' || item.status === 'in_progress'));
  if (overdue.length > 0) goals.push(`Close or re-plan ${overdue.length} carried-over action item${overdue.length > 1 ? 's' : ''}.`);
  const thriving = now?.band === 'green' && !falling;
  if (thriving && goals.length === 0) goals.push('Discuss expansion and the customer\'s goals for the next period.');
  return goals;
}

/** Weighted agenda items; `minutes` assigned by `allocateMinutes`. */
interface DraftItem extends DocumentSection {
  weight: number;
}

/** Splits the meeting into whole minutes proportional to weights, summing exactly (largest remainder; ties by position). */
export function allocateMinutes(weights: number[], total: number): number[] {
  const sum = weights.reduce((acc, weight) => acc + weight, 0);
  if (weights.length === 0 || sum <= 0) return weights.map(() => 0);
  const exact = weights.map((weight) => (weight / sum) * total);
  const minutes = exact.map(Math.floor);
  let left = total - minutes.reduce((acc, value) => acc + value, 0);
  const order = exact.map((value, index) => ({ index, remainder: value - Math.floor(value) })).sort((a, b) => b.remainder - a.remainder || a.index - b.index);
  for (const { index } of order) {
    if (left <= 0) break;
    minutes[index] += 1;
    left -= 1;
  }
  return minutes;
}

export function assembleAgenda(facts: ReviewFacts): CustomerAgenda {
  const drafts: DraftItem[] = [];
  const title = KIND_TITLES[facts.review.kind] ?? 'Business review';
  drafts.push({ key: 'welcome', title: 'Welcome and goals for today', points: [`${title} with ${facts.account.name}, covering ${facts.period.from} to ${facts.period.to}.`], data: {}, weight: 1 });

  if (facts.review.triggers.some((key) => key.startsWith('post_incident:'))) {
    drafts.push({ key: 'incident', title: 'The recent incident', points: ['What happened, how it was resolved, and what we changed so it does not happen again.'], data: {}, weight: 2 });
  }

  const { usage, quality } = usageSplit(facts);
  if (usage.length > 0) {
    const highlights = usage.filter((metric) => (improvementPct(metric) ?? 0) >= NOTABLE_CHANGE_PCT);
    const drops = usage.filter((metric) => (improvementPct(metric) ?? 0) <= -NOTABLE_CHANGE_PCT);
    drafts.push({
      key: 'usage',
      title: 'Your usage this period',
      points: [
        ...usage.map(metricLine),
        ...highlights.map((metric) => `Highlight: ${metric.name} grew ${formatNumber(changePct(metric.current, metric.previous)!)}%.`),
        ...drops.map((metric) => `Drop: ${metric.name} fell ${formatNumber(Math.abs(changePct(metric.current, metric.previous)!))}%; let us look at why.`),
      ],
      data: { metrics: usage.map(metricData), highlights: highlights.map((metric) => metric.metric), drops: drops.map((metric) => metric.metric) },
      weight: 3,
    });
  }

  if (quality.length > 0) {
    drafts.push({ key: 'quality', title: 'Call quality', points: quality.map(metricLine), data: { metrics: quality.map(metricData) }, weight: 2 });
  }

  const support = facts.support;
  if (support && (support.ticketsWithSla > 0 || support.openP1 + support.openP2 > 0 || Object.values(support.slaBreaches).some((count) => count > 0))) {
    const sla = slaPoints(support);
    const breaches = Object.entries(support.slaBreaches)
      .filter(([, count]) => count > 0)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    drafts.push({
      key: 'support',
      title: 'Support and SLA attainment',
      points: [
        ...(support.ticketsWithSla > 0 ? [`${support.ticketsWithSla} tickets in the last ${support.windowDays} days.`] : []),
        ...sla.points,
        ...(breaches.length > 0 ? [`Targets missed: ${breaches.map(([severity, count]) => `${count} ${severity}`).join(', ')}.`] : []),
        ...(support.openP1 + support.openP2 > 0 ? [`Open urgent tickets: ${support.openP1} P1, ${support.openP2} P2.`] : []),
      ],
      data: { windowDays: support.windowDays, tickets: support.ticketsWithSla, ...sla.attainment, slaBreaches: Object.fromEntries(breaches), openP1: support.openP1, openP2: support.openP2 },
      weight: 2,
    });
  }

  const adoption = facts.adoption;
  if ((adoption && adoption.features.length > 0) || facts.recommendations.length > 0) {
    const features = adoption?.features ?? [];
    const adopted = features.filter((feature) => feature.adopted);
    const points: string[] = [];
    if (features.length > 0) points.push(`You use ${adopted.length} of ${features.length} features you have access to.`);
    const growing = byKey(features.map((feature) => ({ ...feature, key: feature.featureKey }))).filter((feature) => (feature.change28Days ?? 0) >= NOTABLE_CHANGE_PCT);
    for (const feature of growing) points.push(`${feature.featureName} is growing: ${formatNumber(feature.adoptionPct)}% of eligible users (${signed(feature.change28Days!)} points in 28 days).`);
    for (const recommendation of facts.recommendations) {
      const link = recommendation.links.guide ?? recommendation.links.docs ?? recommendation.links.training;
      points.push(`Try next: ${recommendation.featureName} — ${recommendation.rationale}${link ? ` (${link})` : ''}`);
    }
    drafts.push({
      key: 'adoption',
      title: 'Adoption and what to try next',
      points,
      data: {
        adoptedFeatures: adopted.length,
        features: features.length,
        tryNext: facts.recommendations.map((recommendation) => ({ featureKey: recommendation.featureKey, featureName: recommendation.featureName, rationale: recommendation.rationale, links: recommendation.links })),
      },
      weight: 3,
    });
  }

  const theirs = facts.actionItems.filter((item) => item.ownerSide === 'customer' && (item.status === 'open' || item.status === 'in_progress'));
  if (theirs.length > 0) {
    drafts.push({ key: 'actionItems', title: 'Your open action items', points: theirs.map(actionItemLine), data: { items: theirs.map(({ id, title, owner, dueDate, status }) => ({ id, title, owner, dueDate, status })) }, weight: 1 });
  }

  const renewalSoon = facts.review.kind === 'renewal' || (facts.account.renewalDate !== null && renewalDays(facts) !== null);
  drafts.push({
    key: 'nextSteps',
    title: 'Next steps',
    points: ['Agree actions, owners and dates.', ...(renewalSoon && facts.account.renewalDate ? [`Plan for the renewal on ${facts.account.renewalDate}.`] : [])],
    data: {},
    weight: 1,
  });

  const minutes = allocateMinutes(
    drafts.map((draft) => draft.weight),
    facts.review.meetingMinutes,
  );
  return {
    schemaVersion: REVIEW_DOCUMENT_SCHEMA_VERSION,
    document: 'agenda',
    reviewId: facts.review.id,
    accountName: facts.account.name,
    title,
    meetingAt: facts.review.meetingAt,
    meetingMinutes: facts.review.meetingMinutes,
    period: { from: facts.period.from, to: facts.period.to },
    items: drafts.map(({ weight: _weight, ...item }, index) => ({ ...item, minutes: minutes[index] })),
  };
}

function metricData(metric: MetricPeriodFact): Record<string, unknown> {
  return { metric: metric.metric, name: metric.name, unit: metric.unit, current: metric.current, previous: metric.previous, changePct: changePct(metric.current, metric.previous) };
}
