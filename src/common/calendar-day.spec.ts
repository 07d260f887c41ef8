import { addDays } from './calendar-day';

describe('addDays', () => {
  it.each([
    ['2027-02-27', 2, '2027-03-01'],
    ['2028-02-28', 1, '2028-02-29'],
    ['2027-01-01', -1, '2026-12-31'],
    ['2027-03-10', 0, '2027-03-10'],
  ])('%s %+d days is %s', (day, days, expected) => {
    expect(addDays(day, days)).toBe(expected);
  });
});
