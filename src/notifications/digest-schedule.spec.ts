import { addDays, daysBetween, dueDigestDate, localTimeIn } from './digest-schedule';

describe('digest schedule', () => {
  it.each([
    // Monday 2026-11-23, 01:00 UTC = 09:00 in Shanghai (UTC+8)
    ['2026-11-23T00:59:00Z', 'Asia/Shanghai', null],
    ['2026-11-23T01:00:00Z', 'Asia/Shanghai', '2026-11-23'],
    ['2026-11-23T15:59:00Z', 'Asia/Shanghai', '2026-11-23'], // 23:59 local, still that day
    // Kolkata is UTC+5:30: 09:00 local is 03:30 UTC
    ['2026-11-23T03:29:00Z', 'Asia/Kolkata', null],
    ['2026-11-23T03:30:00Z', 'Asia/Kolkata', '2026-11-23'],
    // Los Angeles in winter is UTC−8: 09:00 local is 17:00 UTC
    ['2026-11-23T16:59:00Z', 'America/Los_Angeles', null],
    ['2026-11-23T17:00:00Z', 'America/Los_Angeles', '2026-11-23'],
    // Saturday and Sunday in the manager's zone: never
    ['2026-11-28T05:00:00Z', 'Asia/Shanghai', null],
    ['2026-11-29T20:00:00Z', 'America/Los_Angeles', null],
    // Monday in Shanghai while it is still Sunday in UTC
    ['2026-11-29T23:30:00Z', 'Asia/Shanghai', null], // 07:30 Monday local
    ['2026-11-30T01:05:00Z', 'Asia/Shanghai', '2026-11-30'],
    // Friday evening in Los Angeles is Saturday in UTC: still Friday's digest
    ['2026-11-28T02:00:00Z', 'America/Los_Angeles', '2026-11-27'],
  ])('at %s in %s the due digest is %s', (instant, zone, expected) => {
    expect(dueDigestDate(new Date(instant), zone, 9)).toBe(expected);
  });

  it('follows daylight saving: 09:00 in Los Angeles is 16:00 UTC in summer and 17:00 in winter', () => {
    // DST ends Sunday 2026-11-01; Friday 2026-10-30 is PDT (UTC−7), Monday 2026-11-02 is PST (UTC−8).
    expect(dueDigestDate(new Date('2026-10-30T15:59:00Z'), 'America/Los_Angeles', 9)).toBeNull();
    expect(dueDigestDate(new Date('2026-10-30T16:00:00Z'), 'America/Los_Angeles', 9)).toBe('2026-10-30');
    expect(dueDigestDate(new Date('2026-11-02T16:30:00Z'), 'America/Los_Angeles', 9)).toBeNull();
    expect(dueDigestDate(new Date('2026-11-02T17:00:00Z'), 'America/Los_Angeles', 9)).toBe('2026-11-02');
    // DST starts Sunday 2026-03-08: Monday 2026-03-09 09:00 PDT is 16:00 UTC.
    expect(dueDigestDate(new Date('2026-03-09T16:00:00Z'), 'America/Los_Angeles', 9)).toBe('2026-03-09');
  });

  it('takes the digest hour from the configuration', () => {
    expect(dueDigestDate(new Date('2026-11-23T00:00:00Z'), 'UTC', 0)).toBe('2026-11-23');
    expect(dueDigestDate(new Date('2026-11-23T13:59:00Z'), 'UTC', 14)).toBeNull();
  });

  it('reads local time with midnight as hour 0', () => {
    expect(localTimeIn(new Date('2026-11-23T16:00:00Z'), 'Asia/Shanghai')).toEqual({ date: '2026-11-24', isoWeekday: 2, hour: 0, minute: 0 });
  });

  it('counts days between calendar dates', () => {
    expect(daysBetween('2026-11-23', '2026-12-07')).toBe(14);
    expect(daysBetween('2026-11-23', '2026-11-20')).toBe(-3);
    expect(addDays('2026-12-30', 3)).toBe('2027-01-02');
  });
});
