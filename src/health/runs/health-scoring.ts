/**
 * Applying the stored models to gathered signals: which model is official for an account, which
 * shadow models also score it, and the stored form of each result. Pure (no Nest, no SQL).
 */
import type { HealthModelRecord } from '../models/health-model.repository';
import {
  AccountSignals,
  DEFAULT_NPS_SETTINGS,
  HealthBand,
  resolveParameters,
  rollUp,
  RollUpChild,
  scoreAccount,
  selectModelForSegment,
} from '../scoring';
import { driversOf, SnapshotChange, SnapshotDrivers, storedComponents, StoredComponent } from '../snapshots/snapshot';

export interface ComputedSnapshot {
  accountId: string;
  modelId: string;
  modelVersion: number;
  official: boolean;
  score: number | null;
  band: HealthBand;
  coverage: number;
  components: StoredComponent[];
  drivers: SnapshotDrivers;
  change: SnapshotChange | null;
}

type ModelLike = Pick<HealthModelRecord, 'id' | 'version' | 'status' | 'definition'>;

/** The active model an account of `segment` is officially scored with (its segment's, else the catch-all). */
export function officialModelFor<T extends ModelLike>(models: readonly T[], segment: string): T | null {
  const active = models.filter((model) => model.status === 'active').map((model) => ({ model, segments: model.definition.segments }));
  return selectModelForSegment(active, segment)?.model ?? null;
}

/** Shadow models scoring an account of `segment`: those listing it, and the catch-all ones. */
export function shadowModelsFor<T extends ModelLike>(models: readonly T[], segment: string): T[] {
  return models.filter((model) => model.status === 'shadow' && (model.definition.segments.length === 0 || model.definition.segments.includes(segment)));
}

/** The longest NPS fade among the models, so one read serves them all. */
export function longestFadeDays(models: readonly ModelLike[]): number {
  let longest = DEFAULT_NPS_SETTINGS.fadeDays;
  for (const model of models) {
    for (const component of model.definition.components) {
      if (component.kind === 'sentiment') longest = Math.max(longest, resolveParameters(component).fadeDays as number);
    }
  }
  return longest;
}

/** One account under one model. */
export function snapshotOf(accountId: string, model: ModelLike, signals: AccountSignals, asOf: Date, official: boolean): ComputedSnapshot {
  const result = scoreAccount(model.definition, signals, asOf);
  return {
    accountId,
    modelId: model.id,
    modelVersion: model.version,
    official,
    score: result.score,
    band: result.band,
    coverage: result.coverage,
    components: storedComponents(result.components),
    drivers: result.drivers,
    change: null,
  };
}

export interface RollUpInput {
  parentId: string;
  model: ModelLike;
  children: (RollUpChild & { name: string })[];
  reportingCurrency: string;
  fxRates: Readonly<Record<string, number>>;
}

/**
 * An organisation's snapshot from its children: the ARR-weighted score and worst child
 * (`rollUp`), with each child stored as a component (weight = its ARR in the reporting currency)
 * so drivers and what-changed name the children that moved the organisation.
 */
export function rolledUpSnapshotOf(input: RollUpInput): ComputedSnapshot {
  const { definition } = input.model;
  const result = rollUp(input.children, { reportingCurrency: input.reportingCurrency, fxRates: input.fxRates, bands: definition.bands, minimumCoverage: definition.minimumCoverage });
  const byId = new Map(input.children.map((child) => [child.accountId, child]));
  const components: StoredComponent[] = result.children.map((rolled) => {
    const child = byId.get(rolled.accountId)!;
    const included = rolled.excludedBecause === null;
    const weight = result.weighting === 'equal' ? 1 : (rolled.arrReporting ?? 0);
    return {
      key: rolled.accountId,
      label: child.name,
      kind: 'child',
      status: included ? 'scored' : 'missing',
      reason: rolled.excludedBecause === 'unknown-band' ? 'the child\'s band is unknown' : rolled.excludedBecause === 'missing-fx' ? `no FX rate for ${child.currency}` : null,
      raw: child.score,
      score: included ? child.score : null,
      weight: included ? weight : 0,
      share: rolled.share,
      contribution: Math.round(rolled.share * (child.score ?? 0) * 100) / 100,
      facts: child.score === null ? [`${child.name} has no score`] : [`${child.name} ${child.band} at ${child.score}`],
      details: { arrReporting: rolled.arrReporting, band: child.band },
      lastSeenAt: null,
    };
  });
  const rollUpSummary = { weighting: result.weighting, arrReporting: result.arrReporting, reportingCurrency: input.reportingCurrency, worstChild: result.worstChild, children: result.children };
  return {
    accountId: input.parentId,
    modelId: input.model.id,
    modelVersion: input.model.version,
    official: true,
    score: result.score,
    band: result.band,
    coverage: result.coverage,
    components,
    drivers: driversOf(components, { rollUp: rollUpSummary }, definition),
    change: null,
  };
}
