import {
  BUILT_IN_DEFAULT_CALENDAR,
  DEFAULT_SEGMENT_PLANS,
  DEFAULT_SLA_POLICIES,
  holidayLookup,
  policyBook,
  RegionCalendar,
  resolveCalendar,
  resolvePolicy,
  toOpeningHours,
  toWeeklyHoursEntries,
  weeklyHoursErrors,
} from './sla-policy-rules';

const book = policyBook(DEFAULT_SLA_POLICIES, DEFAULT_SEGMENT_PLANS);

describe('SLA policy resolution', () => {
  it.each<[string, string | null, string | null, string, string, number]>([
    ['the account plan', 'enterprise', 'startup', 'account', 'enterprise', 5],
    ['the account plan, written loosely', ' Professional ', 'startup', 'account', 'professional', 30],
    ['the segment plan when the account has none', null, 'growth', 'segment', 'professional', 30],
    ['the segment plan when the account plan has no policy', 'premium', 'strategic', 'segment', 'enterprise', 5],
    ['the fallback plan for a segment without a default', null, 'nonprofit', 'fallback', 'standard', 60],
  ])('takes %s', (_name, plan, segment, source, expectedPlan, firstResponseMinutes) => {
    expect(resolvePolicy(book, plan, segment, 'P1')).toMatchObject({ source, supportPlan: expectedPlan, policy: { firstResponseMinutes } });
  });

  it('has nothing when even the fallback plan has no policy', () => {
    expect(resolvePolicy(policyBook([], []), 'enterprise', 'growth', 'P1')).toBeNull();
  });

  it('seeds the promised first-response targets, P1/P2 round the clock and P3/P4 in business hours', () => {
    const table = Object.fromEntries(DEFAULT_SLA_POLICIES.map((policy) => [`${policy.supportPlan} ${policy.severity}`, `${policy.firstResponseMinutes} ${policy.clock}`]));
    expect(table).toEqual({
      'enterprise P1': '5 24x7',
      'enterprise P2': '30 24x7',
      'enterprise P3': '120 business_hours',
      'enterprise P4': '480 business_hours',
      'professional P1': '30 24x7',
      'professional P2': '120 24x7',
      'professional P3': '240 business_hours',
      'professional P4': '480 business_hours',
      'standard P1': '60 24x7',
      'standard P2': '240 24x7',
      'standard P3': '480 business_hours',
      'standard P4': '960 business_hours',
    });
    for (const policy of DEFAULT_SLA_POLICIES) expect(policy.resolutionMinutes).toBeGreaterThan(policy.firstResponseMinutes);
  });
});

describe('calendars', () => {
  const apac: RegionCalendar = { region: 'apac', timeZone: 'Asia/Singapore', weeklyHours: [], holidays: [], schoolHolidays: [] };
  const fallback: RegionCalendar = { ...BUILT_IN_DEFAULT_CALENDAR, timeZone: 'Europe/London' };

  it.each<[string, Map<string, RegionCalendar>, string | null, string]>([
    ['the region calendar, case-insensitively', new Map([['apac', apac], ['default', fallback]]), 'APAC', 'Asia/Singapore'],
    ['the default calendar for other regions', new Map([['apac', apac], ['default', fallback]]), 'latam', 'Europe/London'],
    ['the default calendar without a region', new Map([['default', fallback]]), null, 'Europe/London'],
    ['the built-in calendar when even the default is gone', new Map(), 'apac', 'UTC'],
  ])('takes %s', (_name, calendars, region, timeZone) => {
    expect(resolveCalendar(calendars, region).timeZone).toBe(timeZone);
  });

  it("answers each region's holidays and school holidays as its calendar resolves, one set per calendar", () => {
    const holidaysOf = holidayLookup(new Map([['apac', { ...apac, holidays: ['2026-01-29'], schoolHolidays: ['2026-07-20', '2026-07-21'] }], ['default', { ...fallback, holidays: ['2026-12-25'] }]]));
    expect([...holidaysOf('APAC')]).toEqual(['2026-01-29', '2026-07-20', '2026-07-21']);
    expect([...holidaysOf('latam')]).toEqual(['2026-12-25']);
    expect(holidaysOf(null)).toBe(holidaysOf('latam'));
    expect(holidayLookup(new Map())('apac').size).toBe(0);
  });

  it('converts weekly hours both ways, Monday first', () => {
    const entries = [
      { day: 'sunday' as const, open: '10:00', close: '24:00' },
      { day: 'monday' as const, open: '13:30', close: '17:00' },
      { day: 'monday' as const, open: '08:00', close: '12:00' },
    ];
    expect(toOpeningHours(entries[0])).toEqual({ weekday: 0, openMinute: 600, closeMinute: 1440 });
    expect(toWeeklyHoursEntries(entries.map(toOpeningHours))).toEqual([entries[2], entries[1], entries[0]]);
  });

  it.each<[string, { day: 'monday' | 'tuesday'; open: string; close: string }[], string[]]>([
    ['no hours at all', [], ['null.null']],
    ['close before open', [{ day: 'monday', open: '10:00', close: '09:00' }], ['0.close']],
    ['overlapping intervals on one day', [{ day: 'monday', open: '09:00', close: '12:00' }, { day: 'monday', open: '11:59', close: '13:00' }], ['1.open']],
    ['touching intervals and other days are fine', [{ day: 'monday', open: '09:00', close: '12:00' }, { day: 'monday', open: '12:00', close: '13:00' }, { day: 'tuesday', open: '09:00', close: '12:00' }], []],
  ])('finds %s', (_name, entries, expected) => {
    expect(weeklyHoursErrors(entries).map((error) => `${error.index}.${error.field}`)).toEqual(expected);
  });
});
