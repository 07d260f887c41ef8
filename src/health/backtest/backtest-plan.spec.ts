import { comparedVersions, LEAD_TIME_LOOKBACK_DAYS, leadTimeGrid } from './backtest-plan';

const version = (id: string, key: string, status: string, segments: string[] = []) => ({ id, key, status: status as 'draft' | 'active' | 'shadow' | 'retired', definition: { segments } as never });

describe('comparedVersions', () => {
  const all = [
    version('a1', 'default', 'retired'),
    version('a2', 'default', 'active'),
    version('a3', 'default', 'shadow'),
    version('a4', 'default', 'draft'),
    version('e1', 'enterprise', 'active', ['enterprise']),
    version('e2', 'enterprise', 'shadow', ['enterprise']),
    version('s1', 'startup', 'shadow', ['startup']),
  ];

  it.each([
    ['the active version: its key\'s shadow, and shadows of other keys it overlaps (a catch-all overlaps all)', 'a2', ['a3', 'e2', 's1']],
    ['a draft: its key\'s active and shadow versions, and overlapping shadows', 'a4', ['a2', 'a3', 'e2', 's1']],
    ['a segment model: its key\'s versions and the catch-all shadow, not other segments\' shadows', 'e1', ['a3', 'e2']],
    ['a retired version likewise', 'a1', ['a2', 'a3', 'e2', 's1']],
  ])('%s', (_name, requested, expected) => {
    expect(comparedVersions(all.find((model) => model.id === requested)!, all).map((model) => model.id)).toEqual(expected);
  });
});

describe('leadTimeGrid', () => {
  const dayNumber = (day: string) => Date.parse(`${day}T00:00:00Z`) / 86_400_000;

  it('samples every 7th day of a fixed grid in the 26 weeks before the churn', () => {
    const grid = leadTimeGrid('2027-02-05');
    expect(grid).toHaveLength(26);
    for (const day of grid) {
      expect(dayNumber(day) % 7).toBe(0);
      expect(day < '2027-02-05').toBe(true);
      expect(dayNumber('2027-02-05') - dayNumber(day)).toBeLessThanOrEqual(LEAD_TIME_LOOKBACK_DAYS);
    }
    expect(grid.slice(1).map((day, index) => dayNumber(day) - dayNumber(grid[index]))).toEqual(new Array(25).fill(7));
  });

  it('shares its days between churns on nearby dates, so one recompute per day serves them all', () => {
    const first = new Set(leadTimeGrid('2027-02-05'));
    const overlap = leadTimeGrid('2027-02-09').filter((day) => first.has(day));
    expect(overlap.length).toBeGreaterThanOrEqual(25);
  });
});
