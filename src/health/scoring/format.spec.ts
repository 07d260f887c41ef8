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

  it('rounds and formats like the exact string round trip and Intl, over many values near and away from .5 boundaries', () => {
    const exactRound = (value: number, decimals: number) => {
      const factor = 10 ** decimals;
      const rounded = (Math.sign(value) * Math.round(Number((Math.abs(value) * factor).toPrecision(12)))) / factor;
      return rounded === 0 ? 0 : rounded;
    };
    const formats = [0, 1, 2].map((decimals) => new Intl.NumberFormat('en-US', { maximumFractionDigits: decimals, minimumFractionDigits: 0 }));
    const intl = (value: number, decimals: number) => formats[decimals].format(exactRound(value, decimals)).replace('-', '\u2212');
    let seed = 7;
    const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const values: number[] = [0, -0, 0.5, 1.5, 2.5, -2.5, 62.275, 1.005, 0.045, 999.95, 999.5, -999.5, 1e-7, 123456.785];
    for (let index = 0; index < 5_000; index += 1) {
      const magnitude = 10 ** Math.floor(random() * 7 - 2);
      values.push((random() - 0.5) * magnitude, Math.round(random() * 100_000) / 1000 + 0.0005 * (random() < 0.5 ? 1 : -1), Math.round(random() * 20_000) / 200);
    }
    const mismatches: unknown[] = [];
    for (const value of values) {
      for (const decimals of [0, 1, 2]) {
        if (!Object.is(roundTo(value, decimals), exactRound(value, decimals))) mismatches.push({ value, decimals, rounded: roundTo(value, decimals) });
        if (formatNumber(value, decimals) !== intl(value, decimals)) mismatches.push({ value, decimals, text: formatNumber(value, decimals) });
      }
    }
    expect(values.length).toBeGreaterThan(15_000);
    expect(mismatches).toEqual([]);
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
