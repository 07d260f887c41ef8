import { addDays } from './usage-row';
import { aggregateDays, compareWindow, DailyValue, leastSquaresSlope, median, metricTrend, overnightDrop, percentChange, rollUpWindow, runRateOf } from './usage-trends';

const AS_OF = '2026-04-30'; // a Thursday

/** `days` days ending on AS_OF; `valueAt(i)` with i = 0 for the oldest day. Undefined leaves the day out. */
function series(days: number, valueAt: (index: number, day: string) => number | undefined, weightAt?: (index: number) => number): DailyValue[] {
  const points: DailyValue[] = [];
  for (let index = 0; index < days; index += 1) {
    const day = addDays(AS_OF, index - days + 1);
    const value = valueAt(index, day);
    if (value !== undefined) points.push({ day, value, weight: weightAt ? weightAt(index) : null });
  }
  return points;
}

const weekday = (day: string) => new Date(`${day}T00:00:00Z`).getUTCDay(); // 0 Sunday … 6 Saturday

describe('aggregateDays', () => {
  const days: DailyValue[] = [
    { day: '2026-04-01', value: 0.9, weight: 100 },
    { day: '2026-04-03', value: 0.5, weight: 300 },
    { day: '2026-04-02', value: 0.7, weight: 100 },
  ];
  it.each([
    ['sum', 2.1],
    ['avg', 0.7],
    ['max', 0.9],
    ['last', 0.5],
    ['ratio', (0.9 * 100 + 0.5 * 300 + 0.7 * 100) / 500],
  ] as const)('%s', (aggregation, expected) => {
    expect(aggregateDays(days, aggregation)).toBeCloseTo(expected, 12);
  });

  it('answers null without days, and a ratio without weights', () => {
    expect(aggregateDays([], 'sum')).toBeNull();
    expect(aggregateDays([{ day: '2026-04-01', value: 0.5, weight: null }], 'ratio')).toBeNull();
  });

  it('weights a ratio by its denominators, not by days', () => {
    // 990 of 1000 joins one day, 1 of 10 the next: 991 / 1010, not (0.99 + 0.1) / 2.
    expect(aggregateDays([{ day: 'a', value: 0.99, weight: 1000 }, { day: 'b', value: 0.1, weight: 10 }], 'ratio')).toBeCloseTo(991 / 1010, 12);
  });
});

describe('small maths', () => {
  it.each([
    [[{ x: 0, y: 1 }, { x: 1, y: 3 }, { x: 2, y: 5 }], 2],
    [[{ x: 0, y: 5 }, { x: 3, y: 5 }], 0],
    [[{ x: 0, y: 10 }, { x: 1, y: 0 }, { x: 2, y: 10 }, { x: 3, y: 0 }], -2],
    [[{ x: 4, y: 1 }], null],
    [[{ x: 1, y: 1 }, { x: 1, y: 2 }], null],
  ])('slope of %j is %p', (points, slope) => {
    const fitted = leastSquaresSlope(points);
    if (slope === null) expect(fitted).toBeNull();
    else expect(fitted).toBeCloseTo(slope, 12);
  });

  it.each([
    [[], null],
    [[3], 3],
    [[5, 1, 3], 3],
    [[4, 1, 3, 2], 2.5],
  ])('median of %j is %p', (values, expected) => expect(median(values)).toBe(expected));

  it.each([
    [110, 100, 10],
    [50, 200, -75],
    [-50, -100, 50],
    [5, 0, null],
    [null, 5, null],
    [5, null, null],
  ])('change from %p to… %p is %p%', (current, previous, expected) => {
    const change = percentChange(current, previous);
    if (expected === null) expect(change).toBeNull();
    else expect(change).toBeCloseTo(expected, 12);
  });
});

describe('compareWindow', () => {
  it('compares a flat series: no change, no slope', () => {
    const window = compareWindow(series(180, () => 100), 'sum', AS_OF, 7);
    expect(window).toEqual({
      days: 7,
      currentFrom: '2026-04-24',
      currentTo: AS_OF,
      current: 700,
      currentDays: 7,
      previousFrom: '2026-04-17',
      previousTo: '2026-04-23',
      previous: 700,
      previousDays: 7,
      changePct: 0,
      slopePerDay: 0,
    });
  });

  it('measures a linear growth of one unit a day', () => {
    const linear = series(180, (index) => index); // AS_OF is 179
    const week = compareWindow(linear, 'sum', AS_OF, 7);
    expect([week.current, week.previous]).toEqual([7 * 176, 7 * 169]);
    expect(week.changePct).toBeCloseTo((49 / 1183) * 100, 10);
    expect(week.slopePerDay).toBeCloseTo(1, 12);
    const quarter = compareWindow(linear, 'avg', AS_OF, 90);
    expect([quarter.current, quarter.previous]).toEqual([134.5, 44.5]);
    expect(quarter.changePct).toBeCloseTo((90 / 44.5) * 100, 10);
    expect(quarter.previousFrom).toBe(addDays(AS_OF, -179));
  });

  it('keeps the same weekdays: a weekly pattern shows no change over 7 and 28 days', () => {
    const seasonal = series(180, (_index, day) => ([0, 6].includes(weekday(day)) ? 10 : 100));
    expect(compareWindow(seasonal, 'sum', AS_OF, 7).changePct).toBe(0);
    expect(compareWindow(seasonal, 'sum', AS_OF, 28).changePct).toBe(0);
  });

  it('rolls a ratio window up by weight', () => {
    // Current week: 6 days at 0.99 of 1000 joins and AS_OF at 0.5 of 6000 joins.
    const ratio = series(14, (index) => (index === 13 ? 0.5 : 0.99), (index) => (index === 13 ? 6000 : 1000));
    const week = compareWindow(ratio, 'ratio', AS_OF, 7);
    expect(week.current).toBeCloseTo((6 * 990 + 3000) / 12000, 12);
    expect(week.previous).toBeCloseTo(0.99, 12);
  });

  it('leaves days without rows out rather than counting them as zero', () => {
    const sparse = series(14, (index) => (index % 2 === 0 ? 10 : undefined));
    const week = compareWindow(sparse, 'avg', AS_OF, 7);
    expect([week.current, week.currentDays, week.previous, week.previousDays]).toEqual([10, 3, 10, 4]);
  });
});

describe('overnightDrop', () => {
  const steady = (last: [number | undefined, number | undefined]) => series(70, (index) => (index === 68 ? last[0] : index === 69 ? last[1] : 100));

  it('flags traffic moved away overnight: the last two days below half of their weekday median', () => {
    const result = overnightDrop(steady([30, 2]), AS_OF);
    expect(result).toEqual({
      dropped: true,
      dropDays: [
        { day: '2026-04-29', value: 30, baselineMedian: 100, baselineDays: 8, below: true, holiday: false },
        { day: AS_OF, value: 2, baselineMedian: 100, baselineDays: 8, below: true, holiday: false },
      ],
    });
  });

  it.each<[string, [number | undefined, number | undefined]]>([
    ['only the last day fell', [100, 10]],
    ['only the day before fell', [10, 100]],
    ['exactly half is not below half', [50, 50]],
    ['the last day is not in yet', [10, undefined]],
  ])('does not flag when %s', (_name, last) => {
    expect(overnightDrop(steady(last), AS_OF).dropped).toBe(false);
  });

  it('compares each day with its own weekday, so a quiet weekend is not a drop', () => {
    // AS_OF is a Thursday: end the series on a Sunday instead.
    const sunday = '2026-04-26';
    const seasonal = series(70, (_index, day) => ([0, 6].includes(weekday(day)) ? 10 : 100)).filter((day) => day.day <= sunday);
    expect(overnightDrop(seasonal, sunday).dropped).toBe(false);
    // The same weekend days at 4 are below half of 10: a drop.
    const fallen = seasonal.map((day) => (day.day >= '2026-04-25' ? { ...day, value: 4 } : day));
    expect(overnightDrop(fallen, sunday)).toMatchObject({ dropped: true, dropDays: [{ baselineMedian: 10 }, { baselineMedian: 10 }] });
  });

  it('takes the median of the 8 same weekdays, so one outlier week does not move it', () => {
    const spiky = series(70, (index) => (index === 69 || index === 68 ? 40 : index === 62 || index === 61 ? 10_000 : 100));
    expect(overnightDrop(spiky, AS_OF)).toMatchObject({ dropped: true, dropDays: [{ baselineMedian: 100 }, { baselineMedian: 100 }] });
  });

  it('needs at least 4 of the 8 same weekdays', () => {
    // Only the last 3 weeks and the last two days exist.
    const young = series(23, (index) => (index >= 21 ? 1 : 100));
    expect(overnightDrop(young, AS_OF)).toMatchObject({ dropped: false, dropDays: [{ baselineDays: 3 }, { baselineDays: 3 }] });
    const older = series(30, (index) => (index >= 28 ? 1 : 100));
    expect(overnightDrop(older, AS_OF)).toMatchObject({ dropped: true, dropDays: [{ baselineDays: 4 }, { baselineDays: 4 }] });
  });
});

describe('overnightDrop on holidays', () => {
  // Steady at 100, with the last two days at 5: a drop on ordinary days.
  const fallen = series(70, (index) => (index >= 68 ? 5 : 100));
  const dayBefore = '2026-04-29';

  it.each<[string, string[], boolean, boolean[]]>([
    ['no holidays: the drop', [], true, [false, false]],
    ['the last day a holiday: not judged, no drop', [AS_OF], false, [false, true]],
    ['the day before a holiday: no drop', [dayBefore], false, [true, false]],
    ['both days a holiday (a school break starting)', [dayBefore, AS_OF], false, [true, true]],
    ['a holiday weeks ago changes nothing here', ['2026-03-12'], true, [false, false]],
  ])('%s', (_name, holidays, dropped, holidayFlags) => {
    const result = overnightDrop(fallen, AS_OF, new Set(holidays));
    expect(result.dropped).toBe(dropped);
    expect(result.dropDays.map((day) => day.holiday)).toEqual(holidayFlags);
    expect(result.dropDays.filter((day) => day.holiday).every((day) => !day.below)).toBe(true);
  });

  it('leaves holidays out of the weekday baseline, so a break does not drag the median down', () => {
    // The last two days at 40 of a usual 100: a drop. Five of the 8 Thursdays (and Wednesdays) before were
    // a school break at 10, which puts the median at 10 and hides the drop, unless those days are holidays.
    const breakWeeks = [1, 2, 3, 4, 5];
    const breakDays = new Set(breakWeeks.flatMap((week) => [addDays(AS_OF, -7 * week), addDays(dayBefore, -7 * week)]));
    const values = series(70, (index, day) => (index >= 68 ? 40 : breakDays.has(day) ? 10 : 100));
    expect(overnightDrop(values, AS_OF).dropped).toBe(false);
    const judged = overnightDrop(values, AS_OF, breakDays);
    expect(judged).toMatchObject({ dropped: false, dropDays: [{ baselineDays: 3 }, { baselineDays: 3 }] });
    // With four ordinary weekdays left the median is 100 again and the drop shows.
    const shorter = new Set([...breakDays].filter((day) => day !== addDays(AS_OF, -35) && day !== addDays(dayBefore, -35)));
    expect(overnightDrop(values, AS_OF, shorter)).toMatchObject({ dropped: true, dropDays: [{ baselineMedian: 100, baselineDays: 4 }, { baselineMedian: 100, baselineDays: 4 }] });
  });
});

describe('metricTrend', () => {
  it('reports the three windows and the drop for a sharply falling account', () => {
    // 100 a day for 178 days, then 0 for the last two days.
    const trend = metricTrend(series(200, (index) => (index >= 198 ? 0 : 100)), 'sum', AS_OF);
    expect(trend.windows.map((window) => [window.days, window.current, window.previous])).toEqual([
      [7, 500, 700],
      [28, 2600, 2800],
      [90, 8800, 9000],
    ]);
    expect(trend.windows[0].changePct).toBeCloseTo((-200 / 700) * 100, 10);
    expect(trend.windows[0].slopePerDay).toBeLessThan(0);
    expect(trend.dropped).toBe(true);
  });

  it('ignores days after asOf, so a past date answers as it did then', () => {
    const growing = series(200, (index) => index);
    const earlier = addDays(AS_OF, -10);
    const trend = metricTrend(growing, 'sum', earlier);
    expect(trend.windows[0].currentTo).toBe(earlier);
    expect(trend.windows[0].current).toBe(7 * 186);
  });
});

describe('runRateOf', () => {
  /** Offsets from `from` to `to` (inclusive, ≤ 0) with `valueAt(offset)`; undefined leaves the day out. */
  const days = (from: number, to: number, valueAt: (offset: number) => number | undefined) => {
    const offsets: number[] = [];
    const values: number[] = [];
    for (let offset = from; offset <= to; offset += 1) {
      const value = valueAt(offset);
      if (value === undefined) continue;
      offsets.push(offset);
      values.push(value);
    }
    return [offsets, values] as const;
  };

  it.each([
    ['no days', days(0, -1, () => 1), { runRate: 0, peakRunRate: 0 }],
    ['90 flat days', days(-89, 0, () => 1), { runRate: 28, peakRunRate: 28 }],
    // Growing: the latest window is the peak (1 + … + 28 shifted by 62).
    ['growing', days(-89, 0, (offset) => offset + 90), { runRate: 28 * 76.5, peakRunRate: 28 * 76.5 }],
    // Falling: the peak is the oldest window that lies inside the span, days −89 … −62.
    ['falling', days(-89, 0, (offset) => -offset), { runRate: 378, peakRunRate: 28 * 75.5 }],
    // No row on the end day: no run-rate, but the earlier windows still count for the peak.
    ['nothing on the end day', days(-89, -1, () => 2), { runRate: 0, peakRunRate: 56 }],
    // Windows end on reported days only: one big day 40 days back, one small day at the end.
    ['sparse days', [[-40, 0], [100, 1]] as const, { runRate: 1, peakRunRate: 100 }],
    // A window ending before day −62 would reach outside the span: not a peak.
    ['only old days', days(-89, -63, () => 5), { runRate: 0, peakRunRate: 0 }],
    ['gaps inside the window', days(-27, 0, (offset) => (offset % 2 === 0 ? 3 : undefined)), { runRate: 42, peakRunRate: 42 }],
  ])('%s', (_name, [offsets, values], expected) => {
    expect(runRateOf(offsets, values)).toEqual(expected);
  });
});

describe('rollUpWindow', () => {
  const window = { days: 4, sum: 20, max: 9, last: 3, weightedSum: 180, weight: 200, lastDay: '2026-04-30' };
  it.each([
    ['sum', 20],
    ['avg', 5],
    ['max', 9],
    ['last', 3],
    ['ratio', 0.9],
  ] as const)('%s', (aggregation, expected) => {
    expect(rollUpWindow(window, aggregation)).toBe(expected);
  });

  it('answers null without days, and a ratio without weight', () => {
    expect(rollUpWindow({ ...window, days: 0 }, 'sum')).toBeNull();
    expect(rollUpWindow({ ...window, weight: null, weightedSum: null }, 'ratio')).toBeNull();
    expect(rollUpWindow({ ...window, weight: 0 }, 'ratio')).toBeNull();
  });
});
