/**
 * Pure rules of adoption ingest: which fields a row may combine and what percentage it stores.
 * No Nest or TypeORM here.
 */
import type { ProblemFieldError } from '../common/problem';
import { addDays } from '../common/calendar-day';

export { addDays };

export interface AdoptionInput {
  activeUsers?: number;
  eligibleUsers?: number;
  adoptionPct?: number;
}

export interface AdoptionValues {
  activeUsers: number | null;
  eligibleUsers: number | null;
  /** Percent rounded to two decimals, as a decimal string for numeric(5,2). */
  adoptionPct: string;
}

/** A percentage sent next to user counts may differ from theirs by rounding only. */
export const PCT_TOLERANCE = 0.01;

/** Rounds half away from zero to two decimals without binary floating-point surprises (1.005 → 1.01). */
export function roundPct(value: number): string {
  const [whole, fraction = ''] = value.toFixed(10).split('.');
  const cents = BigInt(whole + fraction.slice(0, 2)) + (Number(fraction[2] ?? '0') >= 5 ? 1n : 0n);
  const text = cents.toString().padStart(3, '0');
  return `${text.slice(0, -2)}.${text.slice(-2)}`;
}

/**
 * What a row stores: user counts (percentage computed from them) or a percentage alone. Both may
 * be sent when they agree; counts alone must come as a pair with active ≤ eligible.
 */
export function adoptionValues(input: AdoptionInput, line?: number): { values?: AdoptionValues; errors: ProblemFieldError[] } {
  const hasActive = input.activeUsers !== undefined;
  const hasEligible = input.eligibleUsers !== undefined;
  const hasPct = input.adoptionPct !== undefined;
  if (!hasActive && !hasEligible && !hasPct) {
    return { errors: [{ line, path: 'adoptionPct', message: 'give activeUsers and eligibleUsers, or adoptionPct' }] };
  }
  if (hasActive !== hasEligible) {
    const missing = hasActive ? 'eligibleUsers' : 'activeUsers';
    return { errors: [{ line, path: missing, message: `${missing} is required with ${hasActive ? 'activeUsers' : 'eligibleUsers'}` }] };
  }
  if (!hasActive) return { values: { activeUsers: null, eligibleUsers: null, adoptionPct: roundPct(input.adoptionPct!) }, errors: [] };
  const activeUsers = input.activeUsers!;
  const eligibleUsers = input.eligibleUsers!;
  if (activeUsers > eligibleUsers) return { errors: [{ line, path: 'activeUsers', message: `activeUsers (${activeUsers}) must not exceed eligibleUsers (${eligibleUsers})` }] };
  const computed = (activeUsers * 100) / eligibleUsers;
  if (hasPct && Math.abs(computed - input.adoptionPct!) > PCT_TOLERANCE + 1e-9) {
    return { errors: [{ line, path: 'adoptionPct', message: `adoptionPct ${input.adoptionPct} disagrees with activeUsers/eligibleUsers (${roundPct(computed)})` }] };
  }
  return { values: { activeUsers, eligibleUsers, adoptionPct: roundPct(computed) }, errors: [] };
}

