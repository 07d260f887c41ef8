import { CategoryMap, curveErrors, evaluateCurve, LinearCurve } from './curve';

// A usage-trend style curve: −50% → 0, −10% → 60, 0% → 75, +20% → 100.
const trend: LinearCurve = {
  type: 'linear',
  points: [
    { x: -50, y: 0 },
    { x: -10, y: 60 },
    { x: 0, y: 75 },
    { x: 20, y: 100 },
  ],
};

const contractType: CategoryMap = { type: 'map', scores: { annual: 90, monthly: 60, true: 80, '3': 30 } };

describe('piecewise-linear curves', () => {
  it.each([
    ['on a point', -10, 60],
    ['on the first point', -50, 0],
    ['on the last point', 20, 100],
    ['between points: −30 is halfway from −50 (0) to −10 (60)', -30, 30],
    ['between points: −5 is halfway from −10 (60) to 0 (75)', -5, 67.5],
    ['between points: +5 is a quarter from 0 (75) to 20 (100)', 5, 81.25],
    ['clamped below the first point', -80, 0],
    ['clamped above the last point', 250, 100],
  ])('scores %s', (_case, x, expected) => {
    expect(evaluateCurve(trend, x)).toBeCloseTo(expected, 10);
  });

  it.each([
    ['a category', 'annual'],
    ['a boolean', true],
    ['NaN', Number.NaN],
    ['infinity', Number.POSITIVE_INFINITY],
  ])('has no score for %s', (_case, raw) => {
    expect(evaluateCurve(trend, raw)).toBeNull();
  });

  it('scores a falling curve (more support pressure, lower score)', () => {
    const falling: LinearCurve = { type: 'linear', points: [{ x: 0, y: 100 }, { x: 100, y: 0 }] };
    expect(evaluateCurve(falling, 40)).toBe(60);
  });
});

describe('category maps', () => {
  it.each([
    ['a listed category', 'annual', 90],
    ['a boolean read as its text', true, 80],
    ['a number read as its text', 3, 30],
    ['an unlisted category without otherwise (no data)', 'weekly', null],
  ])('scores %s', (_case, raw, expected) => {
    expect(evaluateCurve(contractType, raw)).toBe(expected);
  });

  it('scores an unlisted category with otherwise', () => {
    expect(evaluateCurve({ ...contractType, otherwise: 45 }, 'weekly')).toBe(45);
  });

  it('does not read inherited object keys as categories', () => {
    expect(evaluateCurve(contractType, 'toString')).toBeNull();
  });
});

describe('curve validation', () => {
  it.each([
    ['a linear curve', trend],
    ['a category map', contractType],
    ['a map with otherwise', { ...contractType, otherwise: 0 }],
  ])('accepts %s', (_case, curve) => {
    expect(curveErrors(curve, 'curve')).toEqual([]);
  });

  it.each([
    ['not an object', 'linear', [{ path: 'curve', message: 'must be an object with type "linear" or "map"' }]],
    ['an unknown type', { type: 'step' }, [{ path: 'curve.type', message: 'must be "linear" or "map"' }]],
    ['one point', { type: 'linear', points: [{ x: 0, y: 0 }] }, [{ path: 'curve.points', message: 'must be an array of 2 to 50 points' }]],
    [
      'points out of order',
      { type: 'linear', points: [{ x: 0, y: 0 }, { x: 10, y: 50 }, { x: 5, y: 100 }] },
      [{ path: 'curve.points[2].x', message: "must be greater than the previous point's x (points sorted by x, no repeats)" }],
    ],
    [
      'a repeated x',
      { type: 'linear', points: [{ x: 0, y: 0 }, { x: 0, y: 100 }] },
      [{ path: 'curve.points[1].x', message: "must be greater than the previous point's x (points sorted by x, no repeats)" }],
    ],
    ['a score above 100', { type: 'linear', points: [{ x: 0, y: 0 }, { x: 1, y: 101 }] }, [{ path: 'curve.points[1].y', message: 'must be a number from 0 to 100' }]],
    ['a non-numeric x', { type: 'linear', points: [{ x: '0', y: 0 }, { x: 1, y: 1 }] }, [{ path: 'curve.points[0].x', message: 'must be a finite number' }]],
    ['an unknown point field', { type: 'linear', points: [{ x: 0, y: 0, z: 1 }, { x: 1, y: 1 }] }, [{ path: 'curve.points[0].z', message: 'unknown field' }]],
    ['an empty map', { type: 'map', scores: {} }, [{ path: 'curve.scores', message: 'must list 1 to 200 categories' }]],
    ['a negative map score', { type: 'map', scores: { annual: -1 } }, [{ path: 'curve.scores.annual', message: 'must be a number from 0 to 100' }]],
    ['a bad otherwise', { type: 'map', scores: { annual: 1 }, otherwise: 'low' }, [{ path: 'curve.otherwise', message: 'must be a number from 0 to 100' }]],
  ])('refuses %s', (_case, curve, expected) => {
    expect(curveErrors(curve, 'curve')).toEqual(expected);
  });
});
