/**
 * When an alert opens and when it closes by itself. Pure: the service gathers snapshots, usage
 * days and ticket SLA states set-based and passes them in with `asOf`; nothing here reads the
 * clock or the database.
 *
 * Every alert carries an episode key (`sourceRef`): the same episode never opens a second alert,
 * even after a person resolved the first, and a fresh episode after a recovery does. The keys are
 * computed from the data alone, so evaluating the same day twice opens nothing new.
 */
import type { HealthBand } from '../scoring/score';
import { addDays } from '../../usage/usage-row';
import { DailyValue, DROP_RULE, DropDay, judgeDropDay } from '../../usage/usage-trends';

export const ALERT_KINDS = ['band_dropped', 'score_fell', 'usage_dropped', 'sla_breached', 'sla_response_at_risk'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];
/** Kinds judged from the daily health record and usage: one active alert per account and kind. */
export const HEALTH_ALERT_KINDS = ['band_dropped', 'score_fell', 'usage_dropped'] as const satisfies readonly AlertKind[];
/** Kinds about one ticket: one alert per ticket and kind, ever. */
export const SLA_ALERT_KINDS = ['sla_breached', 'sla_response_at_risk'] as const satisfies readonly AlertKind[];

export const ALERT_STATUSES = ['open', 'snoozed', 'acknowledged', 'resolved'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];
/** Statuses of an alert someone still has to deal with; the unique indexes count only these. */
export const ACTIVE_ALERT_STATUSES = ['open', 'snoozed', 'acknowledged'] as const satisfies readonly AlertStatus[];

export const ALERT_SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

export const ALERT_RESOLUTIONS = ['auto', 'manual'] as const;
export type AlertResolution = (typeof ALERT_RESOLUTIONS)[number];

/** Why a person put an alert aside for a while. */
export const SNOOZE_REASON_CODES = ['known_cause', 'action_in_progress', 'waiting_on_customer', 'data_issue', 'other'] as const;
export type SnoozeReasonCode = (typeof SNOOZE_REASON_CODES)[number];
export const MAX_SNOOZE_DAYS = 90;

/** Segments whose accounts turning red is told at once (the `account.turned_red` event). */
export const IMMEDIATE_RED_SEGMENTS = ['strategic', 'enterprise'];

/** Days of the daily record the health rules look back on. */
export const HEALTH_LOOKBACK_DAYS = 14;
export const SCORE_FALL_WINDOW_DAYS = 7;
export const DEFAULT_SCORE_DROP_POINTS = 15;
/** A share of the first-response target used without a response that puts a P1/P2 at risk. */
export const RESPONSE_AT_RISK_PCT = 75;
export const RESPONSE_AT_RISK_SEVERITIES = ['P1', 'P2'];
/** A breached ticket alerts while it is unresolved and for this many days after its resolution. */
export const SLA_BREACH_RECENT_DAYS = 7;
/** Tickets opened longer ago than this never alert (the support signals' window). */
export const SLA_ALERT_WINDOW_DAYS = 90;
/** An overnight usage drop alerts only while its first fallen day is at most this many days back. */
export const USAGE_DROP_MAX_AGE_DAYS = 3;

/** What the alert says, in numbers and in one sentence a CSM can repeat. */
export interface AlertFacts {
  sentence: string;
  [fact: string]: unknown;
}

/** An alert the rules want open; the database decides whether it is new. */
export interface AlertDraft {
  accountId: string;
  kind: AlertKind;
  severity: AlertSeverity;
  title: string;
  sourceRef: string;
  facts: AlertFacts;
}

/** An active alert as the rules need to see it. */
export interface ActiveAlert {
  id: string;
  accountId: string;
  kind: AlertKind;
  sourceRef: string;
  facts: Record<string, unknown>;
}

export interface AutoResolution {
  id: string;
  accountId: string;
  /** Why it closed by itself, in words. */
  note: string;
}

// ---------------------------------------------------------------- daily health record

export interface DailySnapshot {
  /** `YYYY-MM-DD` */
  day: string;
  score: number | null;
  band: HealthBand;
  /** Share of the model's weight with data; compared only with itself. */
  coverage: number | null;
}

const BAND_RANK: Record<Exclude<HealthBand, 'unknown'>, number> = { red: 0, yellow: 1, green: 2 };
type KnownBand = keyof typeof BAND_RANK;
const isKnown = (band: HealthBand): band is KnownBand => band !== 'unknown';
const better = (a: KnownBand, b: KnownBand) => BAND_RANK[a] > BAND_RANK[b];

function byDay(snapshots: readonly DailySnapshot[]): Map<string, DailySnapshot> {
  return new Map(snapshots.map((snapshot) => [snapshot.day, snapshot]));
}

export interface BandDrop {
  fromBand: KnownBand;
  /** The band both of the last two days are at or below (the better of the two). */
  toBand: KnownBand;
  /** The last day at fromBand or better. */
  fromDay: string;
  /** The first day below fromBand: the episode. */
  since: string;
  yesterdayBand: KnownBand;
  todayBand: KnownBand;
  score: number | null;
}

/**
 * The band dropped: asOf and the day before both have a snapshot with a known band, and walking
 * back from the day before over known bands (unknown and missing days are skipped, never counted
 * as a drop) within the lookback, the first band better than both of them is found. The episode
 * starts the day after that better band; without one in the lookback the account has been down for
 * long enough that this is no news.
 */
export function bandDrop(snapshots: readonly DailySnapshot[], asOf: string, lookbackDays = HEALTH_LOOKBACK_DAYS): BandDrop | null {
  const days = byDay(snapshots);
  const today = days.get(asOf);
  const yesterday = days.get(addDays(asOf, -1));
  if (!today || !yesterday || !isKnown(today.band) || !isKnown(yesterday.band)) return null;
  const toBand = better(today.band, yesterday.band) ? today.band : yesterday.band;
  let since = yesterday.day;
  for (let back = 2; back <= lookbackDays; back += 1) {
    const earlier = days.get(addDays(asOf, -back));
    if (!earlier || !isKnown(earlier.band)) continue;
    if (better(earlier.band, toBand)) {
      return { fromBand: earlier.band, toBand, fromDay: earlier.day, since, yesterdayBand: yesterday.band, todayBand: today.band, score: today.score };
    }
    since = earlier.day;
  }
  return null;
}

/** Back at the band it dropped from, or better, on two consecutive days (asOf and the day before). */
export function bandRecovered(snapshots: readonly DailySnapshot[], asOf: string, fromBand: KnownBand): boolean {
  const days = byDay(snapshots);
  return [asOf, addDays(asOf, -1)].every((day) => {
    const snapshot = days.get(day);
    return snapshot !== undefined && isKnown(snapshot.band) && !better(fromBand, snapshot.band);
  });
}

export interface ScoreFall {
  fromScore: number;
  toScore: number;
  fellPoints: number;
  /** The day compared with (asOf − 7). */
  fromDay: string;
  /** The first day of the run of days on which the score stood ≥ N below its value 7 days before: the episode. */
  since: string;
}

/** Both days scored with known bands, at least `points` lower, and no coverage lost (a fall from missing data is not news). */
function fellOn(days: Map<string, DailySnapshot>, day: string, points: number): { from: DailySnapshot; to: DailySnapshot } | null {
  const to = days.get(day);
  const from = days.get(addDays(day, -SCORE_FALL_WINDOW_DAYS));
  if (!to || !from || to.score === null || from.score === null || !isKnown(to.band) || !isKnown(from.band)) return null;
  if (from.score - to.score < points) return null;
  if (to.coverage !== null && from.coverage !== null && to.coverage < from.coverage) return null;
  return { from, to };
}

/**
 * The score fell at least `points` in 7 days: asOf's score against the one 7 days before, both
 * with known bands and no lost coverage. The episode is the run of such days ending at asOf; one
 * that already ran at asOf − 7 started long enough ago to be no news.
 */
export function scoreFall(snapshots: readonly DailySnapshot[], asOf: string, points = DEFAULT_SCORE_DROP_POINTS): ScoreFall | null {
  const days = byDay(snapshots);
  const fall = fellOn(days, asOf, points);
  if (!fall) return null;
  let since = asOf;
  for (let back = 1; back <= SCORE_FALL_WINDOW_DAYS; back += 1) {
    const day = addDays(asOf, -back);
    if (!fellOn(days, day, points)) break;
    if (back === SCORE_FALL_WINDOW_DAYS) return null;
    since = day;
  }
  const fromScore = fall.from.score!;
  const toScore = fall.to.score!;
  return { fromScore, toScore, fellPoints: round1(fromScore - toScore), fromDay: fall.from.day, since };
}

/** Regained at least half of the threshold: asOf's score is within points / 2 of where it fell from. */
export function scoreRecovered(snapshots: readonly DailySnapshot[], asOf: string, fromScore: number, points = DEFAULT_SCORE_DROP_POINTS): boolean {
  const today = byDay(snapshots).get(asOf);
  return today !== undefined && today.score !== null && isKnown(today.band) && today.score >= fromScore - points / 2;
}

// ---------------------------------------------------------------- usage

export interface MainMetricSeries {
  metric: string;
  metricName: string;
  /** How many days ending at asOf were read, each with its 8 weekdays before (`usageDropDays`). */
  daysRead: number;
  series: readonly DailyValue[];
  /** The holidays of the account's region calendar: those days are not judged, nor part of a baseline. */
  holidays: ReadonlySet<string>;
}

/** The days whose values the drop check of asOf reads: `back` days ending at asOf, each with its 8 weekdays before. */
export function usageDropDays(asOf: string, back: number, rule = DROP_RULE): string[] {
  const days: string[] = [];
  for (let offset = 0; offset < back; offset += 1) {
    for (let week = 0; week <= rule.weeks; week += 1) days.push(addDays(asOf, -offset - 7 * week));
  }
  return days.sort();
}
/** Days the first pass reads for every account (asOf and the day before); the second only for accounts that dropped. */
export const USAGE_FIRST_PASS_DAYS = DROP_RULE.lastDays;
export const USAGE_SECOND_PASS_DAYS = USAGE_DROP_MAX_AGE_DAYS + 2;

export interface MetricDrop {
  metric: string;
  metricName: string;
  since: string;
  today: DropDay;
  yesterday: DropDay;
}

/**
 * The trend's overnight-drop flag on a main metric: asOf and the day before both fell below half of
 * the median of their weekday over the 8 weeks before (at least 4 of those known). The episode starts
 * at the first fallen day of the run ending at asOf; a run whose start lies more than 3 days back is
 * no news. A holiday of the account's calendar is never a fallen day, so a dip on one opens
 * nothing, and usage still down on the two ordinary days after a break starts a fresh episode.
 * Answers `needs-history` when fewer days were read than finding the start takes (the service reads
 * every account's last two days first, and more only for the few that dropped).
 */
export function metricDrop(series: MainMetricSeries, asOf: string): MetricDrop | null | 'needs-history' {
  const values = new Map(series.series.map((day) => [day.day, day.value]));
  const today = judgeDropDay(values, asOf, series.holidays);
  const yesterday = judgeDropDay(values, addDays(asOf, -1), series.holidays);
  if (!today.below || !yesterday.below) return null;
  if (series.daysRead < USAGE_SECOND_PASS_DAYS) return 'needs-history';
  let since = yesterday.day;
  for (let back = 2; back <= USAGE_DROP_MAX_AGE_DAYS + 1; back += 1) {
    const day = addDays(asOf, -back);
    if (!judgeDropDay(values, day, series.holidays).below) break;
    if (back === USAGE_DROP_MAX_AGE_DAYS + 1) return null;
    since = day;
  }
  return { metric: series.metric, metricName: series.metricName, since, today, yesterday };
}

/** Back up on asOf: a known value that is not below half of its weekday's median, on an ordinary day (a holiday says nothing). */
export function metricRecovered(series: MainMetricSeries, asOf: string): boolean {
  const today = judgeDropDay(new Map(series.series.map((day) => [day.day, day.value])), asOf, series.holidays);
  return today.value !== null && !today.holiday && today.baselineDays >= DROP_RULE.minBaselineDays && !today.below;
}

// ---------------------------------------------------------------- tickets

export interface TicketSlaFacts {
  ticketId: string;
  accountId: string;
  externalId: string;
  severity: string;
  subject: string | null;
  openedAt: Date;
  resolvedAt: Date | null;
  /** First response (or the resolution when none was recorded) by asOf. */
  respondedAt: Date | null;
  firstResponse: { state: 'met' | 'breached' | 'pending'; dueAt: Date | null; targetMinutes: number; targetUsedPct: number };
  resolution: { state: 'met' | 'breached' | 'pending'; dueAt: Date | null; targetMinutes: number; targetUsedPct: number };
}

const DAY_MS = 86_400_000;
const SEVERITY_BY_TICKET: Record<string, AlertSeverity> = { P1: 'critical', P2: 'high', P3: 'medium', P4: 'low' };

/**
 * SLA breached: the first-response or resolution target is breached as of asOf, on a ticket opened
 * in the last 90 days that is unresolved or was resolved in the last 7 days. One alert per ticket.
 */
export function slaBreachAlert(ticket: TicketSlaFacts, asOf: Date): AlertDraft | null {
  const breached = (['firstResponse', 'resolution'] as const).filter((target) => ticket[target].state === 'breached');
  if (breached.length === 0) return null;
  if (ticket.openedAt.getTime() < asOf.getTime() - SLA_ALERT_WINDOW_DAYS * DAY_MS) return null;
  if (ticket.resolvedAt !== null && ticket.resolvedAt.getTime() <= asOf.getTime() - SLA_BREACH_RECENT_DAYS * DAY_MS) return null;
  const targets = breached.map((target) => (target === 'firstResponse' ? 'first-response' : 'resolution'));
  const first = ticket[breached[0]];
  const label = ticketLabel(ticket);
  return {
    accountId: ticket.accountId,
    kind: 'sla_breached',
    severity: SEVERITY_BY_TICKET[ticket.severity] ?? 'medium',
    title: `${ticket.severity} ticket ${ticket.externalId} breached its ${targets.join(' and ')} SLA`,
    sourceRef: ticket.ticketId,
    facts: {
      sentence: `${label} breached its ${targets.join(' and ')} target${targets.length > 1 ? 's' : ''} (${targetWords(first.targetMinutes)}, due ${instantWords(first.dueAt)}).`,
      ticketId: ticket.ticketId,
      externalId: ticket.externalId,
      ticketSeverity: ticket.severity,
      subject: ticket.subject,
      openedAt: ticket.openedAt.toISOString(),
      breachedTargets: breached,
      firstResponseDueAt: ticket.firstResponse.dueAt?.toISOString() ?? null,
      firstResponseTargetUsedPct: ticket.firstResponse.targetUsedPct,
      resolutionDueAt: ticket.resolution.dueAt?.toISOString() ?? null,
      resolutionTargetUsedPct: ticket.resolution.targetUsedPct,
    },
  };
}

/**
 * A P1/P2 at risk: no response by asOf and at least 75% of the first-response target used (also
 * once past it: the warning is what notifications send at once, and a short target can pass between
 * two evaluations). Only tickets opened in the last 90 days and unresolved.
 */
export function responseAtRiskAlert(ticket: TicketSlaFacts, asOf: Date): AlertDraft | null {
  if (!RESPONSE_AT_RISK_SEVERITIES.includes(ticket.severity)) return null;
  if (ticket.respondedAt !== null || ticket.resolvedAt !== null) return null;
  if (ticket.openedAt.getTime() < asOf.getTime() - SLA_ALERT_WINDOW_DAYS * DAY_MS) return null;
  const used = ticket.firstResponse.targetUsedPct;
  if (used < RESPONSE_AT_RISK_PCT) return null;
  const usedWords = used >= 100 ? 'all' : `${Math.floor(used)}%`;
  return {
    accountId: ticket.accountId,
    kind: 'sla_response_at_risk',
    severity: ticket.severity === 'P1' ? 'critical' : 'high',
    title: `${ticket.severity} ticket ${ticket.externalId} has used ${usedWords} of its response time without a response`,
    sourceRef: ticket.ticketId,
    facts: {
      sentence: `${ticketLabel(ticket)} has had no response and has used ${Math.floor(used)}% of its ${targetWords(ticket.firstResponse.targetMinutes)} first-response target (due ${instantWords(ticket.firstResponse.dueAt)}).`,
      ticketId: ticket.ticketId,
      externalId: ticket.externalId,
      ticketSeverity: ticket.severity,
      subject: ticket.subject,
      openedAt: ticket.openedAt.toISOString(),
      targetMinutes: ticket.firstResponse.targetMinutes,
      targetUsedPct: used,
      firstResponseDueAt: ticket.firstResponse.dueAt?.toISOString() ?? null,
    },
  };
}

function ticketLabel(ticket: TicketSlaFacts): string {
  return `${ticket.severity} ticket ${ticket.externalId}${ticket.subject ? ` ("${ticket.subject.length > 80 ? `${ticket.subject.slice(0, 77)}...` : ticket.subject}")` : ''}`;
}

function targetWords(minutes: number): string {
  if (minutes % 1440 === 0) return `${minutes / 1440}-day`;
  if (minutes % 60 === 0) return `${minutes / 60}-hour`;
  return `${minutes}-minute`;
}

function instantWords(instant: Date | null): string {
  return instant === null ? 'not within the horizon' : `${instant.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

// ---------------------------------------------------------------- one account

export interface AccountAlertInputs {
  accountId: string;
  snapshots: readonly DailySnapshot[];
  /** Main metrics with the days read for them; empty when the account licenses none with data. */
  usage: readonly MainMetricSeries[];
}

export interface HealthAlertOptions {
  scoreDropPoints: number;
}

const round1 = (value: number) => Math.round(value * 10) / 10;

/** The health-record and usage alerts an account should have open as of asOf. */
export function healthAlertDrafts(inputs: AccountAlertInputs, asOf: string, options: HealthAlertOptions): AlertDraft[] {
  const drafts: AlertDraft[] = [];
  const drop = bandDrop(inputs.snapshots, asOf);
  if (drop) {
    drafts.push({
      accountId: inputs.accountId,
      kind: 'band_dropped',
      severity: drop.toBand === 'red' ? 'high' : 'medium',
      title: `Health dropped from ${drop.fromBand} to ${drop.toBand}`,
      sourceRef: `${drop.since}:${drop.toBand}`,
      facts: {
        sentence: `Health has been ${drop.toBand === 'red' ? 'red' : `${drop.toBand} or worse`} since ${drop.since}, down from ${drop.fromBand} on ${drop.fromDay}${drop.score === null ? '' : ` (score ${drop.score})`}.`,
        fromBand: drop.fromBand,
        toBand: drop.toBand,
        fromDay: drop.fromDay,
        since: drop.since,
        yesterdayBand: drop.yesterdayBand,
        todayBand: drop.todayBand,
        score: drop.score,
        day: asOf,
      },
    });
  }
  const fall = scoreFall(inputs.snapshots, asOf, options.scoreDropPoints);
  if (fall) {
    drafts.push({
      accountId: inputs.accountId,
      kind: 'score_fell',
      severity: fall.fellPoints >= 2 * options.scoreDropPoints ? 'high' : 'medium',
      title: `Health score fell ${fall.fellPoints} points in 7 days`,
      sourceRef: fall.since,
      facts: {
        sentence: `Health score fell ${fall.fellPoints} points in 7 days, from ${fall.fromScore} on ${fall.fromDay} to ${fall.toScore} on ${asOf}.`,
        fromScore: fall.fromScore,
        toScore: fall.toScore,
        fellPoints: fall.fellPoints,
        thresholdPoints: options.scoreDropPoints,
        fromDay: fall.fromDay,
        since: fall.since,
        day: asOf,
      },
    });
  }
  const drops = inputs.usage.map((series) => metricDrop(series, asOf)).filter((drop): drop is MetricDrop => drop !== null && drop !== 'needs-history');
  if (drops.length > 0) {
    drops.sort((a, b) => a.metric.localeCompare(b.metric));
    const since = drops.reduce((earliest, drop) => (drop.since < earliest ? drop.since : earliest), drops[0].since);
    const pct = (day: DropDay) => (day.value !== null && day.baselineMedian ? Math.round((day.value / day.baselineMedian) * 100) : null);
    drafts.push({
      accountId: inputs.accountId,
      kind: 'usage_dropped',
      severity: 'medium',
      title: `Usage of ${drops.map((drop) => drop.metricName).join(', ')} dropped overnight`,
      sourceRef: since,
      facts: {
        sentence: drops
          .map((drop) => `${drop.metricName} was ${pct(drop.yesterday)}% and ${pct(drop.today)}% of its usual level on ${drop.yesterday.day} and ${drop.today.day}.`)
          .join(' '),
        metrics: drops.map((drop) => ({
          metric: drop.metric,
          metricName: drop.metricName,
          since: drop.since,
          days: [drop.yesterday, drop.today].map((day) => ({ day: day.day, value: day.value, weekdayMedian: day.baselineMedian, pctOfMedian: pct(day) })),
        })),
        since,
        day: asOf,
      },
    });
  }
  return drafts;
}

/** The account's usage series that `metricDrop` could not judge from the first pass. */
export function needsUsageHistory(usage: readonly MainMetricSeries[], asOf: string): boolean {
  return usage.some((series) => metricDrop(series, asOf) === 'needs-history');
}

/**
 * Which active health alerts close by themselves as of asOf: band back at its old band (or
 * better) two days running, score back within half the threshold of where it fell from, main
 * metrics back above half their usual level. A band drop also closes when a deeper drop replaces
 * it (yellow, then red: the red alert is the one to act on).
 */
export function healthAutoResolutions(inputs: AccountAlertInputs, active: readonly ActiveAlert[], drafts: readonly AlertDraft[], asOf: string, options: HealthAlertOptions): AutoResolution[] {
  const resolutions: AutoResolution[] = [];
  for (const alert of active) {
    if (alert.accountId !== inputs.accountId) continue;
    const facts = alert.facts;
    if (alert.kind === 'band_dropped') {
      const fromBand = facts.fromBand as KnownBand;
      const toBand = facts.toBand as KnownBand;
      if (BAND_RANK[fromBand] !== undefined && bandRecovered(inputs.snapshots, asOf, fromBand)) {
        resolutions.push({ id: alert.id, accountId: alert.accountId, note: `Health back at ${fromBand} or better on ${addDays(asOf, -1)} and ${asOf}.` });
        continue;
      }
      const deeper = drafts.find((draft) => draft.kind === 'band_dropped' && draft.sourceRef !== alert.sourceRef && better(toBand, draft.facts.toBand as KnownBand));
      if (deeper) resolutions.push({ id: alert.id, accountId: alert.accountId, note: `Replaced by a drop to ${String(deeper.facts.toBand)} since ${String(deeper.facts.since)}.` });
    } else if (alert.kind === 'score_fell') {
      const fromScore = Number(facts.fromScore);
      if (Number.isFinite(fromScore) && scoreRecovered(inputs.snapshots, asOf, fromScore, options.scoreDropPoints)) {
        const today = byDay(inputs.snapshots).get(asOf)!;
        resolutions.push({ id: alert.id, accountId: alert.accountId, note: `Health score back to ${today.score} on ${asOf}, within ${options.scoreDropPoints / 2} points of ${fromScore}.` });
      }
    } else if (alert.kind === 'usage_dropped') {
      const metrics = Array.isArray(facts.metrics) ? (facts.metrics as { metric: string }[]).map((entry) => entry.metric) : [];
      const series = metrics.map((metric) => inputs.usage.find((entry) => entry.metric === metric));
      if (metrics.length > 0 && series.every((entry) => entry !== undefined && metricRecovered(entry, asOf))) {
        resolutions.push({ id: alert.id, accountId: alert.accountId, note: `Usage back above half its usual level on ${asOf}.` });
      }
    }
  }
  return resolutions;
}

/** SLA alerts that close by themselves: a response-at-risk alert once the ticket has a response or is resolved (or fell out of view). */
export function slaAutoResolutions(active: readonly ActiveAlert[], tickets: ReadonlyMap<string, TicketSlaFacts>): AutoResolution[] {
  const resolutions: AutoResolution[] = [];
  for (const alert of active) {
    if (alert.kind !== 'sla_response_at_risk') continue;
    const ticket = tickets.get(alert.sourceRef);
    if (!ticket) {
      resolutions.push({ id: alert.id, accountId: alert.accountId, note: 'The ticket is no longer open.' });
    } else if (ticket.respondedAt !== null || ticket.resolvedAt !== null) {
      const at = (ticket.respondedAt ?? ticket.resolvedAt)!;
      resolutions.push({ id: alert.id, accountId: alert.accountId, note: `The ticket got its response at ${instantWords(at)}.` });
    }
  }
  return resolutions;
}

export function isHealthKind(kind: AlertKind): boolean {
  return (HEALTH_ALERT_KINDS as readonly string[]).includes(kind);
}
