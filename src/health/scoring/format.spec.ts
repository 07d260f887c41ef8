import { formatNumber, formatShare, plural, roundTo, signed } from './format';

describe('number formatting for CSM sentences', () => {
  it.each([
    [62.275, 1, 62.3],
    [-62.275, 1, -62.3],
    [0.5, 0, 1],
    [-0.5, 0, -1],
    [-0.04, 1, 0],
    [1.005, 2, 1.01],
  ])('rounds %p to %p places as %p', (value, decimals, expected) => {
    expect(roundTo(value, decimals)).toBe(expected);
  });

  it.each([
    [-14, '−14'],
    [9, '+9'],
    [0.4, '0'],
    [-0.4, '0'],
    [-1234.6, '−1,235'],
  ])('signs %p as %p', (value, expected) => {
    expect(signed(value)).toBe(expected);
  });

  it.each([
    [() => formatNumber(12400), '12,400'],
    [() => formatNumber(0.25, 1), '0.3'],
    [() => formatShare(0.061), '6.1%'],
    [() => formatShare(0.06), '6%'],
    [() => plural(1, 'day'), '1 day'],
    [() => plural(3, 'escalation'), '3 escalations'],
  ])('formats %#', (format, expected) => {
    expect(format()).toBe(expected);
  });
});
