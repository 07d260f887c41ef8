import { evaluateCurve } from './curve';
import { DEFAULT_HEALTH_MODEL } from './default-model';
import { healthModelErrors } from './health-model';

const component = (key: string) => DEFAULT_HEALTH_MODEL.components.find((candidate) => candidate.key === key)!;

describe('the default health model', () => {
  it('is valid', () => {
    expect(healthModelErrors(DEFAULT_HEALTH_MODEL)).toEqual([]);
  });

  it('carries DESIGN.md weights, adding up to 100', () => {
    expect(Object.fromEntries(DEFAULT_HEALTH_MODEL.components.map((entry) => [entry.key, entry.weight]))).toEqual({
      'usage-trend': 25,
      'commit-pacing': 20,
      'call-quality': 15,
      support: 15,
      adoption: 10,
      sentiment: 10,
      relationship: 5,
    });
  });

  it('has DESIGN.md bands and minimum coverage', () => {
    expect(DEFAULT_HEALTH_MODEL.bands).toEqual({ green: 75, yellow: 50 });
    expect(DEFAULT_HEALTH_MODEL.minimumCoverage).toBe(0.6);
  });

  it.each([
    ['usage-trend', 'flat usage is neutral', 0, 75],
    ['usage-trend', '−38% (issue example) is deep in the red', -38, 15],
    ['usage-trend', '+25% or more is full marks', 40, 100],
    ['commit-pacing', 'on pace reads well', 100, 85],
    ['commit-pacing', 'half pace is zero', 40, 0],
    ['support', 'no tickets is full marks', 0, 100],
    ['support', 'one open P1 (25 points)', 25, 60],
    ['adoption', 'half the relevant features', 50, 70],
    ['sentiment', 'all passives', 0, 60],
    ['sentiment', 'all detractors', -100, 0],
  ])('%s: %s', (key, _case, raw, expected) => {
    expect(evaluateCurve(component(key).curve, raw)).toBeCloseTo(expected, 10);
  });
});
