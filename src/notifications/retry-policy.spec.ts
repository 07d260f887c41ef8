import { retryDelayBoundsMs, retryDelayMs } from './retry-policy';

const policy = { maxAttempts: 5, baseSeconds: 10, maxDelaySeconds: 60 };

describe('retry policy', () => {
  it.each([
    [1, 5_000, 10_000],
    [2, 10_000, 20_000],
    [3, 20_000, 40_000],
    [4, 30_000, 60_000], // capped at 60 s
  ])('after failed attempt %i waits between %i and %i ms', (failed, min, max) => {
    expect(retryDelayBoundsMs(failed, policy)).toEqual({ min, max });
    expect(retryDelayMs(failed, policy, () => 0)).toBe(min);
    expect(retryDelayMs(failed, policy, () => 0.999999)).toBeCloseTo(max, -1);
    for (let i = 0; i < 50; i += 1) {
      const delay = retryDelayMs(failed, policy)!;
      expect(delay).toBeGreaterThanOrEqual(min);
      expect(delay).toBeLessThanOrEqual(max);
    }
  });

  it('gives up (dead) once the attempts are used up', () => {
    expect(retryDelayMs(5, policy)).toBeNull();
    expect(retryDelayMs(6, policy)).toBeNull();
  });

  it('with one attempt allowed never retries', () => {
    expect(retryDelayMs(1, { ...policy, maxAttempts: 1 })).toBeNull();
  });
});
