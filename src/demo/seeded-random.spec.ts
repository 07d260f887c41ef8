import { SeededRandom } from './seeded-random';

describe('SeededRandom', () => {
  it('repeats the same sequence for the same seed and differs for another', () => {
    const draw = (seed: number) => {
      const random = new SeededRandom(seed);
      return Array.from({ length: 5 }, () => random.next());
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
  });

  it('stays within bounds', () => {
    const random = new SeededRandom(7);
    for (let index = 0; index < 10_000; index += 1) {
      const value = random.next();
      expect(value >= 0 && value < 1).toBe(true);
      const integer = random.int(3, 5);
      expect([3, 4, 5]).toContain(integer);
    }
  });

  it('picks by weight, roughly in proportion', () => {
    const random = new SeededRandom(1);
    const counts = { a: 0, b: 0 };
    for (let index = 0; index < 10_000; index += 1) counts[random.weighted([['a', 3], ['b', 1]] as const)] += 1;
    expect(counts.a / 10_000).toBeGreaterThan(0.7);
    expect(counts.a / 10_000).toBeLessThan(0.8);
  });

  it('samples distinct items', () => {
    const sample = new SeededRandom(5).sample([1, 2, 3, 4, 5, 6], 4);
    expect(new Set(sample).size).toBe(4);
  });

  it('draws version-4-shaped UUIDs', () => {
    const random = new SeededRandom(9);
    for (let index = 0; index < 100; index += 1) expect(random.uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('refuses a seed that is not an integer', () => {
    expect(() => new SeededRandom(1.5)).toThrow(/integer/);
  });
});
