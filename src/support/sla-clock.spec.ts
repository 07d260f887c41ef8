import { BusinessCalendar, businessIntervals, dueInstant, Interval, mergeIntervals, runningTimeMs, SlaClock } from './sla-clock';
import { localTimeToInstant, dateToDayNumber, zoneOffsetMs } from './zoned-time';

const t = (iso: string) => Date.parse(iso);
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const HOUR = 3_600_000;
const MINUTE = 60_000;

const weekdays = (open: number, close: number) => [1, 2, 3, 4, 5].map((weekday) => ({ weekday, openMinute: open * 60, closeMinute: close * 60 }));
const UTC_OFFICE: BusinessCalendar = { timeZone: 'UTC', weeklyHours: weekdays(9, 17), holidays: [] };
const UTC_OFFICE_HOLIDAY: BusinessCalendar = { timeZone: 'UTC', weeklyHours: weekdays(9, 17), holidays: ['2026-06-08'] };
const NEW_YORK: BusinessCalendar = { timeZone: 'America/New_York', weeklyHours: weekdays(9, 17), holidays: [] };
const BERLIN_LUNCH: BusinessCalendar = {
  timeZone: 'Europe/Berlin',
  weeklyHours: [1, 2, 3, 4, 5].flatMap((weekday) => [
    { weekday, openMinute: 9 * 60, closeMinute: 12 * 60 },
    { weekday, openMinute: 13 * 60, closeMinute: 17 * 60 },
  ]),
  holidays: [],
};
const ROUND_THE_CLOCK_WEEKDAYS: BusinessCalendar = { timeZone: 'UTC', weeklyHours: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, openMinute: 0, closeMinute: 1440 })), holidays: [] };
const NEVER_OPEN: BusinessCalendar = { timeZone: 'UTC', weeklyHours: [], holidays: [] };

describe('zoned time', () => {
  it.each([
    ['Berlin summer', '2026-06-01', 9 * 60, 'Europe/Berlin', '2026-06-01T07:00:00.000Z'],
    ['Berlin winter', '2026-01-05', 9 * 60, 'Europe/Berlin', '2026-01-05T08:00:00.000Z'],
    ['Berlin spring-forward gap moves past the gap', '2026-03-29', 2 * 60 + 30, 'Europe/Berlin', '2026-03-29T01:30:00.000Z'],
    ['Berlin fall-back overlap takes the first', '2026-10-25', 2 * 60 + 30, 'Europe/Berlin', '2026-10-25T00:30:00.000Z'],
    ['midnight at the end of the day', '2026-06-01', 1440, 'Asia/Kolkata', '2026-06-01T18:30:00.000Z'],
    ['a zone east of the date line', '2026-06-01', 0, 'Pacific/Kiritimati', '2026-05-31T10:00:00.000Z'],
  ])('%s', (_name, date, minute, zone, expected) => {
    expect(iso(localTimeToInstant(dateToDayNumber(date), minute, zone))).toBe(expected);
  });

  it('reads offsets', () => {
    expect(zoneOffsetMs(t('2026-06-01T00:00:00Z'), 'America/New_York')).toBe(-4 * HOUR);
    expect(zoneOffsetMs(t('2026-01-01T00:00:00Z'), 'America/New_York')).toBe(-5 * HOUR);
  });
});

describe('business intervals', () => {
  it('skip the weekend and clip the first interval to the start', () => {
    const generator = businessIntervals(UTC_OFFICE, t('2026-06-05T16:00:00Z'));
    const first = [generator.next().value, generator.next().value] as Interval[];
    expect(first.map((interval) => [iso(interval.start), iso(interval.end)])).toEqual([
      ['2026-06-05T16:00:00.000Z', '2026-06-05T17:00:00.000Z'],
      ['2026-06-08T09:00:00.000Z', '2026-06-08T17:00:00.000Z'],
    ]);
  });

  it('skip holidays', () => {
    const generator = businessIntervals(UTC_OFFICE_HOLIDAY, t('2026-06-06T00:00:00Z'));
    expect(iso((generator.next().value as Interval).start)).toBe('2026-06-09T09:00:00.000Z');
  });

  it('merge overlapping pauses', () => {
    expect(mergeIntervals([{ start: 5, end: 8 }, { start: 1, end: 3 }, { start: 2, end: 4 }, { start: 9, end: 9 }])).toEqual([
      { start: 1, end: 4 },
      { start: 5, end: 8 },
    ]);
  });
});

interface DueCase {
  name: string;
  clock: SlaClock;
  calendar: BusinessCalendar;
  openedAt: string;
  targetMinutes: number;
  pauses?: [string, string][];
  due: string | null;
}

describe('due instants', () => {
  const cases: DueCase[] = [
    { name: '24x7: wall-clock minutes', clock: '24x7', calendar: UTC_OFFICE, openedAt: '2026-06-06T23:58:00Z', targetMinutes: 5, due: '2026-06-07T00:03:00.000Z' },
    { name: '24x7 paused for an hour', clock: '24x7', calendar: UTC_OFFICE, openedAt: '2026-06-01T10:00:00Z', targetMinutes: 30, pauses: [['2026-06-01T10:10:00Z', '2026-06-01T11:10:00Z']], due: '2026-06-01T11:30:00.000Z' },
    { name: 'business hours within a day', clock: 'business_hours', calendar: UTC_OFFICE, openedAt: '2026-06-01T10:00:00Z', targetMinutes: 120, due: '2026-06-01T12:00:00.000Z' },
    { name: 'used up exactly at closing time stays at closing time', clock: 'business_hours', calendar: UTC_OFFICE, openedAt: '2026-06-01T09:00:00Z', targetMinutes: 480, due: '2026-06-01T17:00:00.000Z' },
    { name: 'opened before opening starts at opening', clock: 'business_hours', calendar: UTC_OFFICE, openedAt: '2026-06-01T06:00:00Z', targetMinutes: 60, due: '2026-06-01T10:00:00.000Z' },
    { name: 'across a weekend', clock: 'business_hours', calendar: UTC_OFFICE, openedAt: '2026-06-05T16:30:00Z', targetMinutes: 120, due: '2026-06-08T10:30:00.000Z' },
    { name: 'opened on a Saturday', clock: 'business_hours', calendar: UTC_OFFICE, openedAt: '2026-06-06T12:00:00Z', targetMinutes: 60, due: '2026-06-08T10:00:00.000Z' },
    { name: 'across a weekend and a Monday holiday', clock: 'business_hours', calendar: UTC_OFFICE_HOLIDAY, openedAt: '2026-06-05T16:30:00Z', targetMinutes: 120, due: '2026-06-09T10:30:00.000Z' },
    { name: 'one business day from mid-morning', clock: 'business_hours', calendar: UTC_OFFICE, openedAt: '2026-06-01T11:00:00Z', targetMinutes: 480, due: '2026-06-02T11:00:00.000Z' },
    { name: 'in the calendar time zone', clock: 'business_hours', calendar: NEW_YORK, openedAt: '2026-06-01T12:00:00Z', targetMinutes: 60, due: '2026-06-01T14:00:00.000Z' },
    { name: 'across the spring-forward weekend', clock: 'business_hours', calendar: NEW_YORK, openedAt: '2026-03-06T21:30:00Z', targetMinutes: 60, due: '2026-03-09T13:30:00.000Z' },
    { name: 'lunch breaks do not count', clock: 'business_hours', calendar: BERLIN_LUNCH, openedAt: '2026-06-01T09:30:00Z', targetMinutes: 120, due: '2026-06-01T12:30:00.000Z' },
    {
      name: 'paused in business hours',
      clock: 'business_hours',
      calendar: UTC_OFFICE,
      openedAt: '2026-06-01T16:00:00Z',
      targetMinutes: 120,
      pauses: [['2026-06-02T09:00:00Z', '2026-06-02T12:00:00Z']],
      due: '2026-06-02T13:00:00.000Z',
    },
    {
      name: 'a pause over the weekend changes nothing the calendar had not stopped',
      clock: 'business_hours',
      calendar: UTC_OFFICE,
      openedAt: '2026-06-05T16:30:00Z',
      targetMinutes: 120,
      pauses: [['2026-06-05T17:00:00Z', '2026-06-08T09:00:00Z']],
      due: '2026-06-08T10:30:00.000Z',
    },
    { name: 'whole-day hours join across midnight', clock: 'business_hours', calendar: ROUND_THE_CLOCK_WEEKDAYS, openedAt: '2026-06-01T23:30:00Z', targetMinutes: 60, due: '2026-06-02T00:30:00.000Z' },
    {
      name: 'a pause longer than the horizon still leads to a due time',
      clock: 'business_hours',
      calendar: UTC_OFFICE,
      openedAt: '2026-06-01T16:00:00Z',
      targetMinutes: 120,
      pauses: [['2026-06-01T17:00:00Z', '2033-06-01T00:00:00Z']],
      due: '2033-06-01T10:00:00.000Z',
    },
    { name: 'a calendar that never opens has no due time', clock: 'business_hours', calendar: NEVER_OPEN, openedAt: '2026-06-01T10:00:00Z', targetMinutes: 60, due: null },
  ];

  it.each(cases)('$name', (scenario) => {
    const pauses = (scenario.pauses ?? []).map(([start, end]) => ({ start: t(start), end: t(end) }));
    expect(iso(dueInstant(scenario.clock, scenario.calendar, pauses, t(scenario.openedAt), scenario.targetMinutes * MINUTE))).toBe(scenario.due);
  });
});

describe('running time', () => {
  it.each([
    ['24x7', '24x7' as SlaClock, UTC_OFFICE, '2026-06-05T16:00:00Z', '2026-06-08T10:00:00Z', [], 66 * 60],
    ['business hours over a weekend', 'business_hours' as SlaClock, UTC_OFFICE, '2026-06-05T16:00:00Z', '2026-06-08T10:00:00Z', [], 120],
    ['business hours with a holiday', 'business_hours' as SlaClock, UTC_OFFICE_HOLIDAY, '2026-06-05T16:00:00Z', '2026-06-09T10:00:00Z', [], 120],
    ['a pause straddling closing time', 'business_hours' as SlaClock, UTC_OFFICE, '2026-06-01T15:00:00Z', '2026-06-02T11:00:00Z', [['2026-06-01T16:00:00Z', '2026-06-02T10:00:00Z']], 120],
    ['an end before the start', '24x7' as SlaClock, UTC_OFFICE, '2026-06-02T00:00:00Z', '2026-06-01T00:00:00Z', [], 0],
  ])('%s', (_name, clock, calendar, from, to, pauses, minutes) => {
    const intervals = (pauses as [string, string][]).map(([start, end]) => ({ start: t(start), end: t(end) }));
    expect(runningTimeMs(clock, calendar, intervals, t(from), t(to))).toBe(minutes * MINUTE);
  });
});
