import { addDays, dayNumberOf, dayOfNumber } from './calendar-day';

describe('addDays', () => {
  it.each([
    ['2027-02-27', 2, '2027-03-01'],
    ['2028-02-28', 1, '2028-02-29'],
    ['2027-01-01', -1, '2026-12-31'],
    ['2027-03-10', 0, '2027-03-10'],
    ['1969-12-31', 1, '1970-01-01'],
    ['1970-01-01', -1, '1969-12-31'],
    ['2026-03-29', 1, '2026-03-30'],
  ])('%s %+d days is %s', (day, days, expected) => {
    expect(addDays(day, days)).toBe(expected);
  });

  it('answers the same after its caches fill and start over', () => {
    const start = dayNumberOf('2000-01-01');
    for (let offset = 0; offset < 45_000; offset += 1) dayOfNumber(start + offset);
    expect(addDays('2000-01-01', 44_999)).toBe(new Date(Date.UTC(2000, 0, 1 + 44_999)).toISOString().slice(0, 10));
    expect(addDays('2123-03-15', -1)).toBe('2123-03-14');
  });

  it('rolls an out-of-range date over as Date.UTC does', () => {
    expect(addDays('2027-02-30', 0)).toBe('2027-03-02');
  });
});
