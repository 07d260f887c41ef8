import { calendarDayIn, FixedClock } from './clock';

describe('calendarDayIn', () => {
  const cases: Array<[string, string, string]> = [
    ['2026-11-22T02:00:00Z', 'UTC', '2026-11-22'],
    ['2026-11-22T02:00:00Z', 'America/Los_Angeles', '2026-11-21'],
    ['2026-11-22T20:30:00Z', 'Asia/Shanghai', '2026-11-23'],
    ['2026-03-29T00:30:00Z', 'Europe/Berlin', '2026-03-29'],
  ];
  it.each(cases)('%s in %s is %s', (instant, zone, expected) => {
    expect(calendarDayIn(new Date(instant), zone)).toBe(expected);
  });
});

describe('FixedClock', () => {
  it('stands still until advanced', () => {
    const clock = new FixedClock(new Date('2026-01-31T23:00:00Z'));
    expect(clock.now().toISOString()).toBe('2026-01-31T23:00:00.000Z');
    clock.advance(2 * 3600_000);
    expect(clock.today('UTC')).toBe('2026-02-01');
  });
});
