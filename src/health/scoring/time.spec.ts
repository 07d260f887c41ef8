import { calendarDayOf, calendarDaysBetween, daysBetween, toMillis } from './time';

describe('instants and days without a clock', () => {
  it.each([
    ['an ISO instant', '2027-06-30T06:00:00Z', Date.UTC(2027, 5, 30, 6)],
    ['an instant with an offset', '2027-06-30T08:00:00+02:00', Date.UTC(2027, 5, 30, 6)],
    ['a bare day, from its UTC midnight', '2027-06-30', Date.UTC(2027, 5, 30)],
    ['a Date', new Date(Date.UTC(2027, 5, 30, 6)), Date.UTC(2027, 5, 30, 6)],
  ])('reads %s', (_case, instant, expected) => {
    expect(toMillis(instant)).toBe(expected);
  });

  it('refuses what is not an instant', () => {
    expect(() => toMillis('last Tuesday')).toThrow(RangeError);
  });

  it.each([
    ['2027-06-29T06:00:00Z', '2027-06-30T18:00:00Z', 1.5],
    ['2027-07-01T00:00:00Z', '2027-06-30T00:00:00Z', -1],
  ])('counts fractional days from %s to %s', (from, to, expected) => {
    expect(daysBetween(from, to)).toBe(expected);
  });

  it.each([
    ['2027-03-01', '2027-03-31', 30],
    ['2027-02-28', '2027-03-01', 1],
    ['2028-02-28', '2028-03-01', 2],
    ['2027-03-10', '2027-03-01', -9],
  ])('counts calendar days from %s to %s', (from, to, expected) => {
    expect(calendarDaysBetween(from, to)).toBe(expected);
  });

  it.each([
    ['2027-06-29T23:30:00Z', 'UTC', '2027-06-29'],
    ['2027-06-29T23:30:00Z', 'Asia/Shanghai', '2027-06-30'],
    ['2027-06-30T03:00:00Z', 'America/Los_Angeles', '2027-06-29'],
  ])('gives the day of %s in %s', (instant, timeZone, expected) => {
    expect(calendarDayOf(instant, timeZone)).toBe(expected);
  });
});
