import { arrChangeSignError, isSignedMoney, toSignedMoney } from './outcome-rules';

describe('outcome rules', () => {
  it.each([
    [1200, true],
    [-1200.5, true],
    ['-0.01', true],
    ['12.345', false],
    ['1e5', false],
    [Number.NaN, false],
    ['', false],
    [null, false],
  ])('isSignedMoney(%p) is %p', (value, expected) => {
    expect(isSignedMoney(value)).toBe(expected);
  });

  it.each([
    [-1200, '-1200.00'],
    ['0.5', '0.50'],
    ['-0', '0.00'],
    ['007.10', '7.10'],
  ])('toSignedMoney(%p) = %p', (value, expected) => {
    expect(toSignedMoney(value)).toBe(expected);
  });

  it.each([
    ['expanded', '100.00', undefined],
    ['expanded', '0.00', 'positive'],
    ['contracted', '-1.00', undefined],
    ['contracted', '5.00', 'negative'],
    ['churned', '0.00', undefined],
    ['churned', '-100.00', undefined],
    ['churned', '1.00', 'negative'],
    ['renewed', '-50.00', undefined],
    ['renewed', '50.00', undefined],
  ] as const)('%s with %s', (kind, change, problem) => {
    const error = arrChangeSignError(kind, change);
    if (problem === undefined) expect(error).toBeUndefined();
    else expect(error).toContain(problem);
  });
});
