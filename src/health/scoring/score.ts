/**
 * Applying a model to one account: read each component, drop the ones without fresh data,
 * renormalise the weights over the rest, and combine into a 0–100 score, a band and drivers.
 *
 * Component scores are rounded to one decimal and the total is computed from those rounded
 * scores (then rounded itself), so a stored snapshot's components reproduce its total exactly.
 */
import { evaluateCurve, RawValue } from './curve';
import { findDrivers, Drivers } from './drivers';
import { roundTo } from './format';
import { ComponentKind, HealthComponentDefinition, HealthModelDefinition, neutralScoreOf } from './health-model';
import { AccountSignals, ComponentReading, readComponent, ReadingDetails } from './components';
import { calendarDayOf, daysBetween, Instant } from './time';

export type Band = 'green' | 'yellow' | 'red';
export type HealthBand = Band | 'unknown';

export const BAND_ORDER: Record<HealthBand, number> = { red: 0, yellow: 1, green: 2, unknown: 3 };

export interface ComponentScore {
  key: string;
  label: string;
  kind: ComponentKind;
  /** `scored`: counted; `missing`: no data; `stale`: data older than the component's `staleAfterDays`. */
  status: 'scored' | 'missing' | 'stale';
  /** Why a component was not scored, in words ("no usage data"); null when scored. */
  reason: string | null;
  raw: RawValue | null;
  /** 0–100, one decimal; null when not scored. */
  score: number | null;
  /** The declared weight. */
  weight: number;
  /** Renormalised share of weight, 0–1 (0 when not scored); shares of scored components sum to 1. */
  share: number;
  /** Points this component adds to the total: share × score, two decimals. */
  contribution: number;
  facts: string[];
  details: ReadingDetails;
  lastSeenAt: Instant | null;
}

export interface HealthScore {
  /** 0–100, one decimal; null when no component has data. */
  score: number | null;
  band: HealthBand;
  /** Share of the declared weight that had fresh data, 0–1. */
  coverage: number;
  components: ComponentScore[];
  drivers: Drivers;
}

export interface ScoreOptions {
  /** How many drivers up and down to name (3). */
  driverLimit?: number;
}

type ModelForBands = Pick<HealthModelDefinition, 'bands' | 'minimumCoverage'>;

/**
 * The band of a score: `unknown` when nothing was scored or coverage is below the model's
 * minimum (missing data never makes an account red), else green / yellow / red by threshold.
 */
export function bandFor(score: number | null, coverage: number, model: ModelForBands): HealthBand {
  // Shares of weights like 0.25 + 0.2 + 0.15 land a hair off 0.6 in floating point.
  if (score === null || coverage < model.minimumCoverage - 1e-9) return 'unknown';
  return bandOfScore(score, model.bands);
}

export function bandOfScore(score: number, bands: HealthModelDefinition['bands']): Band {
  if (score >= bands.green) return 'green';
  if (score >= bands.yellow) return 'yellow';
  return 'red';
}

/** One component's score from its reading, applying the staleness rule and its curve. */
export function scoreComponent(component: HealthComponentDefinition, reading: ComponentReading, asOf: Instant): Omit<ComponentScore, 'share' | 'contribution'> {
  if (reading.status === 'missing') return componentScore(component, reading, 'missing', reading.reason, null, null, [], {});
  const staleAfterDays = component.staleAfterDays ?? null;
  if (staleAfterDays !== null) {
    if (reading.lastSeenAt === null) return componentScore(component, reading, 'stale', 'no date to judge how fresh the data is', reading.raw, null, reading.facts, reading.details);
    const ageDays = Math.floor(daysBetween(reading.lastSeenAt, asOf));
    if (ageDays > staleAfterDays) {
      const reason = `data last seen ${calendarDayOf(reading.lastSeenAt)}, ${ageDays} days before the scoring date (limit ${staleAfterDays})`;
      return componentScore(component, reading, 'stale', reason, reading.raw, null, reading.facts, reading.details);
    }
  }
  const curveScore = evaluateCurve(component.curve, reading.raw);
  if (curveScore === null) {
    return componentScore(component, reading, 'missing', `the curve does not score the value ${JSON.stringify(reading.raw)}`, reading.raw, null, reading.facts, reading.details);
  }
  return componentScore(component, reading, 'scored', null, reading.raw, roundTo(curveScore, 1), reading.facts, reading.details);
}

/** One literal with every field in one order: scoring builds millions of these, and a single shape keeps V8 fast. */
function componentScore(
  component: HealthComponentDefinition,
  reading: ComponentReading,
  status: ComponentScore['status'],
  reason: string | null,
  raw: RawValue | null,
  score: number | null,
  facts: string[],
  details: ReadingDetails,
): Omit<ComponentScore, 'share' | 'contribution'> {
  return { key: component.key, label: component.label, kind: component.kind, weight: component.weight, lastSeenAt: reading.lastSeenAt, status, reason, raw, score, facts, details };
}

/**
 * Combines component scores: weights renormalise over the scored components, coverage is the
 * share of declared weight they hold, and the band follows (unknown below minimum coverage).
 */
export function combineComponents(model: ModelForBands, components: ReadonlyArray<Omit<ComponentScore, 'share' | 'contribution'>>): Omit<HealthScore, 'drivers'> {
  const totalWeight = components.reduce((sum, component) => sum + component.weight, 0);
  const scoredWeight = components.reduce((sum, component) => sum + (component.status === 'scored' ? component.weight : 0), 0);
  const combined: ComponentScore[] = components.map((component) => {
    const share = component.status === 'scored' && scoredWeight > 0 ? component.weight / scoredWeight : 0;
    const { key, label, kind, weight, lastSeenAt, status, reason, raw, score, facts, details } = component;
    return { key, label, kind, weight, lastSeenAt, status, reason, raw, score, facts, details, share, contribution: roundTo(share * (score ?? 0), 2) };
  });
  const score = scoredWeight > 0 ? roundTo(combined.reduce((sum, component) => sum + component.share * (component.score ?? 0), 0), 1) : null;
  const coverage = totalWeight > 0 ? scoredWeight / totalWeight : 0;
  return { score, band: bandFor(score, coverage, model), coverage, components: combined };
}

/** Scores one account's signals under a model as of `asOf`. */
export function scoreAccount(model: HealthModelDefinition, signals: AccountSignals, asOf: Instant, options: ScoreOptions = {}): HealthScore {
  const components = model.components.map((component) => scoreComponent(component, readComponent(component, signals, asOf), asOf));
  const combined = combineComponents(model, components);
  return { ...combined, drivers: findDrivers(combined.components, neutralScoreOf(model), options.driverLimit) };
}
