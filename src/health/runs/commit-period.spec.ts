import { addMonths, commitPeriodOn } from './commit-period';

describe('commitPeriodOn', () => {
  it.each([
    // [day, length, renewal, start, end]
    ['2027-03-10', 'year', '2027-07-01', '2026-07-01', '2027-06-30'],
    ['2027-06-30', 'year', '2027-07-01', '2026-07-01', '2027-06-30'],
    ['2027-07-01', 'year', '2027-07-01', '2027-07-01', '2028-06-30'],
    ['2027-03-10', 'quarter', '2027-07-01', '2027-01-01', '2027-03-31'],
    ['2027-03-10', 'month', '2027-07-15', '2027-02-15', '2027-03-14'],
    ['2027-03-10', 'month', null, '2027-03-01', '2027-03-31'],
    ['2027-05-20', 'quarter', null, '2027-04-01', '2027-06-30'],
    ['2027-05-20', 'year', null, '2027-01-01', '2027-12-31'],
  ] as const)('%s in a %s commit renewing %s runs %s to %s', (day, length, renewal, start, end) => {
    expect(commitPeriodOn(day, length, renewal)).toEqual({ start, end });
  });

  it('clamps month ends', () => {
    expect(addMonths('2027-01-31', 1)).toBe('2027-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
  });
});
