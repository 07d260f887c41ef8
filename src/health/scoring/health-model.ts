/**
 * A health model definition: weighted components, each reading one kind of signal and turning it
 * into 0–100 through its curve, plus band thresholds, the coverage below which the band is
 * `unknown`, and the segments that use the model. Validation lists every problem with a path, in
 * the `{ path, message }` shape the API answers.
 */
import { ProblemFieldError, ValidationFailedError } from '../../common/problem';
import { Curve, curveErrors, unknownFieldErrors } from './curve';

export const COMPONENT_KINDS = ['usage-trend', 'commit-pacing', 'call-quality', 'support', 'adoption', 'sentiment', 'relationship', 'attribute'] as const;
export type ComponentKind = (typeof COMPONENT_KINDS)[number];

export type ParameterValue = number | string | boolean | string[];
export type ComponentParameters = Record<string, ParameterValue>;

export interface HealthComponentDefinition {
  /** Unique within the model, kebab-case: `usage-trend`, `contract-type`. Snapshots key on it. */
  key: string;
  /** Words for sentences: "usage trend", "support". */
  label: string;
  kind: ComponentKind;
  /** Relative weight (> 0); shares are renormalised over the components that have data. */
  weight: number;
  /** Kind-specific knobs (see `PARAMETER_SPECS`); omitted ones take their defaults. */
  parameters: ComponentParameters;
  curve: Curve;
  /** Data last seen more than this many days before `asOf` counts as missing; null or absent: never stale. */
  staleAfterDays?: number | null;
}

export interface BandThresholds {
  /** Score ≥ green is green. */
  green: number;
  /** Score ≥ yellow (and below green) is yellow; below is red. */
  yellow: number;
}

export interface HealthModelDefinition {
  components: HealthComponentDefinition[];
  bands: BandThresholds;
  /** Share of weight (0–1) that must have data; below it the band is `unknown`, never red. */
  minimumCoverage: number;
  /** Score at which a component neither lifts nor drags the account (drivers); defaults to `bands.green`. */
  neutralScore?: number;
  /** Segment keys that use this model; empty: every segment without a model of its own. */
  segments: string[];
}

type ParameterSpec =
  | { type: 'number'; min: number; max: number; integer?: boolean; default: number }
  | { type: 'enum'; values: readonly string[]; default: string }
  | { type: 'text'; pattern: RegExp; required: true }
  | { type: 'text-list'; default: readonly string[] };

const ATTRIBUTE_NAME = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;

/** The parameters each component kind understands, with bounds and defaults. */
export const PARAMETER_SPECS: Record<ComponentKind, Record<string, ParameterSpec>> = {
  'usage-trend': {
    // Below this previous-window total a percentage change is noise (or undefined at 0): no data.
    minimumBaseline: { type: 'number', min: 0, max: 1e12, default: 1 },
  },
  'commit-pacing': {
    // Pacing measured in a period's first days swings wildly: no data until this many days elapsed.
    minimumElapsedDays: { type: 'number', min: 0, max: 366, integer: true, default: 7 },
  },
  'call-quality': {
    joinSuccessGood: { type: 'number', min: 0, max: 1, default: 0.99 },
    joinSuccessBad: { type: 'number', min: 0, max: 1, default: 0.95 },
    freezeRateGood: { type: 'number', min: 0, max: 1, default: 0.02 },
    freezeRateBad: { type: 'number', min: 0, max: 1, default: 0.08 },
    p95LatencyGoodMs: { type: 'number', min: 0, max: 60_000, default: 400 },
    p95LatencyBadMs: { type: 'number', min: 0, max: 60_000, default: 1000 },
    combine: { type: 'enum', values: ['min', 'mean'], default: 'min' },
  },
  support: {
    openP1Points: { type: 'number', min: 0, max: 100, default: 25 },
    openP2Points: { type: 'number', min: 0, max: 100, default: 10 },
    slaBreachPoints: { type: 'number', min: 0, max: 100, default: 15 },
    escalationPoints: { type: 'number', min: 0, max: 100, default: 10 },
  },
  adoption: {
    minimumRelevantFeatures: { type: 'number', min: 1, max: 10_000, integer: true, default: 1 },
  },
  sentiment: {
    fadeDays: { type: 'number', min: 1, max: 3650, integer: true, default: 180 },
    decisionMakerWeight: { type: 'number', min: 1, max: 10, default: 2 },
    decisionMakerRoles: { type: 'text-list', default: ['decision-maker', 'economic-buyer', 'executive'] },
  },
  relationship: {
    touchpointGoodDays: { type: 'number', min: 0, max: 3650, default: 30 },
    touchpointBadDays: { type: 'number', min: 1, max: 3650, default: 90 },
    executiveSponsorShare: { type: 'number', min: 0, max: 1, default: 0.3 },
  },
  attribute: {
    attribute: { type: 'text', pattern: ATTRIBUTE_NAME, required: true },
  },
};

/** Kinds whose raw value is a number and so need a linear curve; `attribute` takes either shape. */
const MAP_CURVE_KINDS: readonly ComponentKind[] = ['attribute'];

export const MAX_COMPONENTS = 30;
const COMPONENT_KEY = /^[a-z][a-z0-9-]{0,62}$/;
const SEGMENT_KEY = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** The component's parameters with every default filled in. */
export function resolveParameters(component: Pick<HealthComponentDefinition, 'kind' | 'parameters'>): ComponentParameters {
  const resolved: ComponentParameters = {};
  for (const [name, spec] of Object.entries(PARAMETER_SPECS[component.kind])) {
    const given = component.parameters?.[name];
    if (given !== undefined) resolved[name] = given;
    else if (spec.type !== 'text') resolved[name] = Array.isArray(spec.default) ? [...spec.default] : (spec.default as ParameterValue);
  }
  return resolved;
}

/** The definition as stored after validation: parameters complete, neutral score explicit. */
export function withDefaults(model: HealthModelDefinition): HealthModelDefinition {
  return {
    ...model,
    neutralScore: neutralScoreOf(model),
    components: model.components.map((component) => ({ ...component, parameters: resolveParameters(component), staleAfterDays: component.staleAfterDays ?? null })),
  };
}

export function neutralScoreOf(model: Pick<HealthModelDefinition, 'neutralScore' | 'bands'>): number {
  return model.neutralScore ?? model.bands.green;
}

/** Throws `ValidationFailedError` listing every problem; returns the model typed when valid. */
export function assertValidHealthModel(model: unknown, path = 'definition'): HealthModelDefinition {
  const errors = healthModelErrors(model, path);
  if (errors.length > 0) throw new ValidationFailedError(errors, 'The health model definition is invalid.');
  return model as HealthModelDefinition;
}

/** Every problem with a model definition (empty when valid). */
export function healthModelErrors(model: unknown, path = 'definition'): ProblemFieldError[] {
  if (!isObject(model)) return [{ path, message: 'must be an object' }];
  const errors = unknownFieldErrors(model, ['components', 'bands', 'minimumCoverage', 'neutralScore', 'segments'], path);
  errors.push(...componentsErrors(model.components, `${path}.components`));
  errors.push(...bandErrors(model.bands, `${path}.bands`));
  if (typeof model.minimumCoverage !== 'number' || !(model.minimumCoverage >= 0 && model.minimumCoverage <= 1)) {
    errors.push({ path: `${path}.minimumCoverage`, message: 'must be a number from 0 to 1' });
  }
  if (model.neutralScore !== undefined && !isNumberIn(model.neutralScore, 0, 100)) errors.push({ path: `${path}.neutralScore`, message: 'must be a number from 0 to 100' });
  errors.push(...segmentErrors(model.segments, `${path}.segments`));
  return errors;
}

function componentsErrors(components: unknown, path: string): ProblemFieldError[] {
  if (!Array.isArray(components) || components.length === 0 || components.length > MAX_COMPONENTS) {
    return [{ path, message: `must be an array of 1 to ${MAX_COMPONENTS} components` }];
  }
  const errors: ProblemFieldError[] = [];
  const seen = new Set<string>();
  components.forEach((component: unknown, index) => {
    const componentPath = `${path}[${index}]`;
    errors.push(...componentErrors(component, componentPath));
    if (isObject(component) && typeof component.key === 'string') {
      if (seen.has(component.key)) errors.push({ path: `${componentPath}.key`, message: `repeats the key "${component.key}"` });
      seen.add(component.key);
    }
  });
  return errors;
}

function componentErrors(component: unknown, path: string): ProblemFieldError[] {
  if (!isObject(component)) return [{ path, message: 'must be an object' }];
  const errors = unknownFieldErrors(component, ['key', 'label', 'kind', 'weight', 'parameters', 'curve', 'staleAfterDays'], path);
  if (typeof component.key !== 'string' || !COMPONENT_KEY.test(component.key)) errors.push({ path: `${path}.key`, message: 'must be kebab-case: a lowercase letter, then letters, digits or hyphens (up to 63)' });
  if (typeof component.label !== 'string' || component.label.trim() === '' || component.label.length > 80) errors.push({ path: `${path}.label`, message: 'must be a non-empty string of up to 80 characters' });
  if (!isNumberIn(component.weight, 0, 1000) || component.weight === 0) errors.push({ path: `${path}.weight`, message: 'must be a number greater than 0 and at most 1000' });
  if (component.staleAfterDays !== undefined && component.staleAfterDays !== null && !(Number.isInteger(component.staleAfterDays) && isNumberIn(component.staleAfterDays, 1, 3650))) {
    errors.push({ path: `${path}.staleAfterDays`, message: 'must be null or a whole number of days from 1 to 3650' });
  }
  const kind = component.kind;
  if (typeof kind !== 'string' || !(COMPONENT_KINDS as readonly string[]).includes(kind)) {
    errors.push({ path: `${path}.kind`, message: `must be one of ${COMPONENT_KINDS.join(', ')}` });
    return errors;
  }
  errors.push(...parameterErrors(kind as ComponentKind, component.parameters, `${path}.parameters`));
  errors.push(...curveErrors(component.curve, `${path}.curve`));
  if (isObject(component.curve) && component.curve.type === 'map' && !MAP_CURVE_KINDS.includes(kind as ComponentKind)) {
    errors.push({ path: `${path}.curve.type`, message: `must be "linear": a ${kind} component reads a number` });
  }
  return errors;
}

function parameterErrors(kind: ComponentKind, parameters: unknown, path: string): ProblemFieldError[] {
  if (parameters === undefined) parameters = {};
  if (!isObject(parameters)) return [{ path, message: 'must be an object' }];
  const specs = PARAMETER_SPECS[kind];
  const errors = unknownFieldErrors(parameters, Object.keys(specs), path);
  for (const [name, spec] of Object.entries(specs)) {
    const value = parameters[name];
    const valuePath = `${path}.${name}`;
    if (value === undefined) {
      if (spec.type === 'text') errors.push({ path: valuePath, message: 'is required' });
      continue;
    }
    switch (spec.type) {
      case 'number':
        if (!isNumberIn(value, spec.min, spec.max) || (spec.integer && !Number.isInteger(value))) {
          errors.push({ path: valuePath, message: `must be ${spec.integer ? 'a whole number' : 'a number'} from ${spec.min} to ${spec.max}` });
        }
        break;
      case 'enum':
        if (typeof value !== 'string' || !spec.values.includes(value)) errors.push({ path: valuePath, message: `must be one of ${spec.values.join(', ')}` });
        break;
      case 'text':
        if (typeof value !== 'string' || !spec.pattern.test(value)) errors.push({ path: valuePath, message: 'must be an attribute name: a letter, then letters, digits, _ . or - (up to 64)' });
        break;
      case 'text-list':
        if (!Array.isArray(value) || value.length > 50 || value.some((item) => typeof item !== 'string' || item.trim() === '' || item.length > 64)) {
          errors.push({ path: valuePath, message: 'must be an array of up to 50 non-empty strings' });
        }
        break;
    }
  }
  if (errors.length === 0) errors.push(...crossParameterErrors(kind, resolveParameters({ kind, parameters: parameters as ComponentParameters }), path));
  return errors;
}

/** Thresholds that only make sense in one order: "good" must be on the good side of "bad". */
function crossParameterErrors(kind: ComponentKind, parameters: ComponentParameters, path: string): ProblemFieldError[] {
  const errors: ProblemFieldError[] = [];
  const pairs: Array<[good: string, bad: string, higherIsBetter: boolean]> =
    kind === 'call-quality'
      ? [
          ['joinSuccessGood', 'joinSuccessBad', true],
          ['freezeRateGood', 'freezeRateBad', false],
          ['p95LatencyGoodMs', 'p95LatencyBadMs', false],
        ]
      : kind === 'relationship'
        ? [['touchpointGoodDays', 'touchpointBadDays', false]]
        : [];
  for (const [good, bad, higherIsBetter] of pairs) {
    const goodValue = parameters[good] as number;
    const badValue = parameters[bad] as number;
    if (higherIsBetter ? goodValue <= badValue : goodValue >= badValue) {
      errors.push({ path: `${path}.${good}`, message: `must be ${higherIsBetter ? 'greater' : 'less'} than ${bad} (${badValue})` });
    }
  }
  return errors;
}

function bandErrors(bands: unknown, path: string): ProblemFieldError[] {
  if (!isObject(bands)) return [{ path, message: 'must be an object { green, yellow }' }];
  const errors = unknownFieldErrors(bands, ['green', 'yellow'], path);
  if (!isNumberIn(bands.green, 0, 100)) errors.push({ path: `${path}.green`, message: 'must be a number from 0 to 100' });
  if (!isNumberIn(bands.yellow, 0, 100)) errors.push({ path: `${path}.yellow`, message: 'must be a number from 0 to 100' });
  if (isNumberIn(bands.green, 0, 100) && isNumberIn(bands.yellow, 0, 100) && bands.yellow >= bands.green) {
    errors.push({ path: `${path}.yellow`, message: `must be below green (${bands.green})` });
  }
  return errors;
}

function segmentErrors(segments: unknown, path: string): ProblemFieldError[] {
  if (!Array.isArray(segments) || segments.length > 100) return [{ path, message: 'must be an array of up to 100 segment keys' }];
  const errors: ProblemFieldError[] = [];
  const seen = new Set<string>();
  segments.forEach((segment: unknown, index) => {
    if (typeof segment !== 'string' || !SEGMENT_KEY.test(segment)) errors.push({ path: `${path}[${index}]`, message: 'must be a segment key' });
    else if (seen.has(segment)) errors.push({ path: `${path}[${index}]`, message: `repeats the segment "${segment}"` });
    else seen.add(segment);
  });
  return errors;
}

/**
 * The model an account of `segment` uses: the one listing the segment, else the one listing no
 * segments (the catch-all), else null. Two models claiming the same segment is the caller's
 * configuration error; the first listed wins so the answer stays deterministic.
 */
export function selectModelForSegment<T extends { segments: readonly string[] }>(models: readonly T[], segment: string): T | null {
  return models.find((model) => model.segments.includes(segment)) ?? models.find((model) => model.segments.length === 0) ?? null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isNumberIn(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max;
}
