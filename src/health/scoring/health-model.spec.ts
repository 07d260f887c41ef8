import { ValidationFailedError } from '../../common/problem';
import { DEFAULT_HEALTH_MODEL } from './default-model';
import { assertValidHealthModel, HealthModelDefinition, healthModelErrors, resolveParameters, selectModelForSegment, withDefaults } from './health-model';

const identity = { type: 'linear', points: [{ x: 0, y: 0 }, { x: 100, y: 100 }] };

/** A small valid model: one attribute component read through a map, one adoption component. */
function model(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    components: [
      { key: 'contract-type', label: 'contract type', kind: 'attribute', weight: 1, parameters: { attribute: 'contractType' }, curve: { type: 'map', scores: { annual: 90, monthly: 50 } } },
      { key: 'adoption', label: 'adoption', kind: 'adoption', weight: 3, parameters: {}, curve: identity, staleAfterDays: 14 },
    ],
    bands: { green: 75, yellow: 50 },
    minimumCoverage: 0.6,
    segments: ['enterprise'],
    ...overrides,
  };
}

function withComponent(component: Record<string, unknown>): Record<string, unknown> {
  return model({ components: [{ key: 'c', label: 'c', kind: 'adoption', weight: 1, parameters: {}, curve: identity, ...component }] });
}

describe('health model validation', () => {
  it.each([
    ['the default model', DEFAULT_HEALTH_MODEL],
    ['a model with an attribute map and default parameters', model()],
    ['a neutral score of its own', model({ neutralScore: 60 })],
    ['a catch-all model (no segments)', model({ segments: [] })],
    ['an attribute read through a linear curve', withComponent({ kind: 'attribute', parameters: { attribute: 'seats' } })],
    ['overridden call-quality thresholds', withComponent({ kind: 'call-quality', parameters: { joinSuccessGood: 0.999, joinSuccessBad: 0.98, combine: 'mean' } })],
  ])('accepts %s', (_case, definition) => {
    expect(healthModelErrors(definition)).toEqual([]);
  });

  it.each([
    ['no components', model({ components: [] }), [{ path: 'definition.components', message: 'must be an array of 1 to 30 components' }]],
    [
      'a repeated key',
      model({ components: [{ key: 'a', label: 'a', kind: 'adoption', weight: 1, parameters: {}, curve: identity }, { key: 'a', label: 'b', kind: 'adoption', weight: 1, parameters: {}, curve: identity }] }),
      [{ path: 'definition.components[1].key', message: 'repeats the key "a"' }],
    ],
    ['a camelCase key', withComponent({ key: 'usageTrend' }), [{ path: 'definition.components[0].key', message: 'must be kebab-case: a lowercase letter, then letters, digits or hyphens (up to 63)' }]],
    ['a zero weight', withComponent({ weight: 0 }), [{ path: 'definition.components[0].weight', message: 'must be a number greater than 0 and at most 1000' }]],
    ['a negative weight', withComponent({ weight: -5 }), [{ path: 'definition.components[0].weight', message: 'must be a number greater than 0 and at most 1000' }]],
    ['an unknown kind', withComponent({ kind: 'vibes' }), [{ path: 'definition.components[0].kind', message: 'must be one of usage-trend, commit-pacing, call-quality, support, adoption, sentiment, relationship, attribute' }]],
    ['an unknown parameter', withComponent({ parameters: { minimumBaseline: 3 } }), [{ path: 'definition.components[0].parameters.minimumBaseline', message: 'unknown field' }]],
    ['a parameter out of range', withComponent({ kind: 'sentiment', parameters: { fadeDays: 0 } }), [{ path: 'definition.components[0].parameters.fadeDays', message: 'must be a whole number from 1 to 3650' }]],
    ['a fractional whole-number parameter', withComponent({ parameters: { minimumRelevantFeatures: 1.5 } }), [{ path: 'definition.components[0].parameters.minimumRelevantFeatures', message: 'must be a whole number from 1 to 10000' }]],
    ['a bad enum parameter', withComponent({ kind: 'call-quality', parameters: { combine: 'max' } }), [{ path: 'definition.components[0].parameters.combine', message: 'must be one of min, mean' }]],
    [
      'thresholds the wrong way round',
      withComponent({ kind: 'call-quality', parameters: { freezeRateGood: 0.1 } }),
      [{ path: 'definition.components[0].parameters.freezeRateGood', message: 'must be less than freezeRateBad (0.08)' }],
    ],
    ['an attribute component without its attribute', withComponent({ kind: 'attribute', parameters: {} }), [{ path: 'definition.components[0].parameters.attribute', message: 'is required' }]],
    ['a bad role list', withComponent({ kind: 'sentiment', parameters: { decisionMakerRoles: [''] } }), [{ path: 'definition.components[0].parameters.decisionMakerRoles', message: 'must be an array of up to 50 non-empty strings' }]],
    ['a map curve on a numeric kind', withComponent({ curve: { type: 'map', scores: { high: 100 } } }), [{ path: 'definition.components[0].curve.type', message: 'must be "linear": a adoption component reads a number' }]],
    ['an unsorted curve', withComponent({ curve: { type: 'linear', points: [{ x: 5, y: 0 }, { x: 1, y: 1 }] } }), [{ path: 'definition.components[0].curve.points[1].x', message: "must be greater than the previous point's x (points sorted by x, no repeats)" }]],
    ['a fractional staleness', withComponent({ staleAfterDays: 2.5 }), [{ path: 'definition.components[0].staleAfterDays', message: 'must be null or a whole number of days from 1 to 3650' }]],
    ['yellow at or above green', model({ bands: { green: 60, yellow: 60 } }), [{ path: 'definition.bands.yellow', message: 'must be below green (60)' }]],
    ['a band above 100', model({ bands: { green: 120, yellow: 50 } }), [{ path: 'definition.bands.green', message: 'must be a number from 0 to 100' }]],
    ['coverage as a percentage', model({ minimumCoverage: 60 }), [{ path: 'definition.minimumCoverage', message: 'must be a number from 0 to 1' }]],
    ['a neutral score above 100', model({ neutralScore: 101 }), [{ path: 'definition.neutralScore', message: 'must be a number from 0 to 100' }]],
    ['a repeated segment', model({ segments: ['growth', 'growth'] }), [{ path: 'definition.segments[1]', message: 'repeats the segment "growth"' }]],
    ['an unknown top-level field', model({ version: 3 }), [{ path: 'definition.version', message: 'unknown field' }]],
  ])('refuses %s', (_case, definition, expected) => {
    expect(healthModelErrors(definition)).toEqual(expected);
  });

  it('lists every problem at once', () => {
    const errors = healthModelErrors(model({ bands: { green: 40, yellow: 50 }, minimumCoverage: -1, segments: 'all' }));
    expect(errors.map((error) => error.path)).toEqual(['definition.bands.yellow', 'definition.minimumCoverage', 'definition.segments']);
  });

  it('throws ValidationFailedError with the errors', () => {
    expect(() => assertValidHealthModel(model({ minimumCoverage: 2 }))).toThrow(ValidationFailedError);
    try {
      assertValidHealthModel(model({ minimumCoverage: 2 }));
    } catch (error) {
      expect((error as ValidationFailedError).errors).toEqual([{ path: 'definition.minimumCoverage', message: 'must be a number from 0 to 1' }]);
    }
  });
});

describe('model defaults', () => {
  it('fills parameters the definition leaves out', () => {
    expect(resolveParameters({ kind: 'sentiment', parameters: { fadeDays: 90 } })).toEqual({ fadeDays: 90, decisionMakerWeight: 2, decisionMakerRoles: ['decision-maker', 'economic-buyer', 'executive'] });
  });

  it('makes the neutral score and staleness explicit', () => {
    const filled = withDefaults(assertValidHealthModel(model()));
    expect(filled.neutralScore).toBe(75);
    expect(filled.components.map((component) => component.staleAfterDays)).toEqual([null, 14]);
    expect(filled.components[1].parameters).toEqual({ minimumRelevantFeatures: 1 });
  });
});

describe('choosing a model for a segment', () => {
  const catchAll = { id: 'default', segments: [] };
  const enterprise = { id: 'enterprise', segments: ['enterprise', 'strategic'] };

  it.each([
    ['a segment with its own model', [catchAll, enterprise], 'strategic', 'enterprise'],
    ['a segment without one falls back to the catch-all', [catchAll, enterprise], 'startup', 'default'],
    ['no catch-all and no match', [enterprise], 'startup', null],
  ])('%s', (_case, models, segment, expected) => {
    expect(selectModelForSegment(models as Array<{ id: string; segments: string[] }>, segment as string)?.id ?? null).toBe(expected);
  });
});

// Keeps the type honest: a typed definition needs no cast to validate.
const typed: HealthModelDefinition = DEFAULT_HEALTH_MODEL;
void typed;
