/**
 * When a failed delivery is tried again: exponential backoff with "equal jitter". After the n-th
 * failed attempt the nominal delay is `base × 2^(n−1)`, capped; the actual delay is uniform in
 * [nominal / 2, nominal], so receivers that failed together do not get their retries together,
 * and a retry never comes sooner than half the nominal delay. Pure.
 */
export interface RetryPolicy {
  maxAttempts: number;
  baseSeconds: number;
  maxDelaySeconds: number;
}

export function nominalRetryDelayMs(failedAttempts: number, policy: RetryPolicy): number {
  const exponent = Math.min(Math.max(failedAttempts - 1, 0), 40);
  return Math.min(policy.baseSeconds * 2 ** exponent, policy.maxDelaySeconds) * 1000;
}

/** Bounds of the delay after the n-th failed attempt, for documentation and tests. */
export function retryDelayBoundsMs(failedAttempts: number, policy: RetryPolicy): { min: number; max: number } {
  const nominal = nominalRetryDelayMs(failedAttempts, policy);
  return { min: nominal / 2, max: nominal };
}

/** The delay after the n-th failed attempt, or null when the attempts are used up (dead). */
export function retryDelayMs(failedAttempts: number, policy: RetryPolicy, random: () => number = Math.random): number | null {
  if (failedAttempts >= policy.maxAttempts) return null;
  const { min, max } = retryDelayBoundsMs(failedAttempts, policy);
  return Math.round(min + random() * (max - min));
}
