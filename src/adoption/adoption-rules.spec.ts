import { addDays, adoptionValues, roundPct } from './adoption-rules';

describe('adoption rules', () => {
  it.each([
    [0, '0.00'],
    [100, '100.00'],
    [33.333333, '33.33'],
    [66.666666, '66.67'],
    [1.005, '1.01'],
    [12.5, '12.50'],
    [99.995, '100.00'],
  ])('roundPct(%p) = %p', (value, expected) => {
    expect(roundPct(value)).toBe(expected);
  });

  it('computes the percentage from user counts', () => {
    expect(adoptionValues({ activeUsers: 1, eligibleUsers: 3 })).toEqual({ values: { activeUsers: 1, eligibleUsers: 3, adoptionPct: '33.33' }, errors: [] });
    expect(adoptionValues({ activeUsers: 0, eligibleUsers: 7 }).values?.adoptionPct).toBe('0.00');
  });

  it('keeps a percentage sent alone', () => {
    expect(adoptionValues({ adoptionPct: 42.5 })).toEqual({ values: { activeUsers: null, eligibleUsers: null, adoptionPct: '42.50' }, errors: [] });
  });

  it('accepts a percentage next to counts when it agrees up to rounding, refuses it otherwise', () => {
    expect(adoptionValues({ activeUsers: 1, eligibleUsers: 3, adoptionPct: 33.33 }).errors).toEqual([]);
    expect(adoptionValues({ activeUsers: 1, eligibleUsers: 3, adoptionPct: 40 }, 4).errors).toEqual([{ line: 4, path: 'adoptionPct', message: expect.stringContaining('33.33') }]);
  });

  it.each([
    [{}, 'adoptionPct'],
    [{ activeUsers: 3 }, 'eligibleUsers'],
    [{ eligibleUsers: 3 }, 'activeUsers'],
    [{ activeUsers: 4, eligibleUsers: 3 }, 'activeUsers'],
  ])('refuses %p at %p', (input, path) => {
    expect(adoptionValues(input, 2).errors).toEqual([expect.objectContaining({ line: 2, path })]);
  });

  it('adds days across months and leap days', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-29', -28)).toBe('2026-03-01');
  });
});
