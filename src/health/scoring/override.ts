/**
 * A CSM's override of an account's health: a band (and optionally a score) with a reason code, a
 * note and an expiry. It shows beside the computed score, never replaces it in the record, and
 * stops applying by itself at `expiresAt` (exclusive) — no job has to remove it.
 */
import type { ProblemFieldError } from '../../common/problem';
import type { BandThresholds } from './health-model';
import { Band, bandOfScore, HealthBand } from './score';
import { daysBetween, Instant, toMillis } from './time';

export const OVERRIDE_REASON_CODES = [
  'data-gap', // signals miss something the CSM knows (usage moved to a new app id not yet mapped)
  'known-incident', // a vendor-side incident already handled, distorting quality or support
  'renewal-risk', // commercial risk the signals cannot see (budget cut, competitor evaluation)
  'executive-relationship', // sponsor left, or strong executive commitment
  'contract-change', // migration, merger, re-papering in progress
  'seasonality', // expected seasonal dip (school holidays for education apps)
  'onboarding', // too new for the signals to mean much
  'other',
] as const;
export type OverrideReasonCode = (typeof OVERRIDE_REASON_CODES)[number];

export interface HealthOverride {
  band: Band;
  /** Optional score shown with the band; must lie inside the band's range. */
  score: number | null;
  reasonCode: OverrideReasonCode;
  note: string;
  setAt: Instant;
  expiresAt: Instant;
}

/** `pending`: set after `asOf` (replaying a past date); `effective`: applies; `expired`: at or past `expiresAt`. */
export type OverrideState = 'pending' | 'effective' | 'expired';

export function overrideState(override: Pick<HealthOverride, 'setAt' | 'expiresAt'>, asOf: Instant): OverrideState {
  const now = toMillis(asOf);
  if (now < toMillis(override.setAt)) return 'pending';
  return now < toMillis(override.expiresAt) ? 'effective' : 'expired';
}

export interface ComputedHealth {
  score: number | null;
  band: HealthBand;
}

export interface EffectiveHealth {
  /** The override's score when it gives one, else the computed score. */
  score: number | null;
  band: HealthBand;
  source: 'computed' | 'override';
  computed: ComputedHealth;
  /** The override with its state as of `asOf` (shown even when expired, so the UI can say so); null when none. */
  override: (HealthOverride & { state: OverrideState }) | null;
}

/** What to show and count as the account's health as of `asOf`: the override while effective, else the computed health. */
export function effectiveHealth(computed: ComputedHealth, override: HealthOverride | null, asOf: Instant): EffectiveHealth {
  if (override === null) return { score: computed.score, band: computed.band, source: 'computed', computed, override: null };
  const state = overrideState(override, asOf);
  const withState = { ...override, state };
  if (state !== 'effective') return { score: computed.score, band: computed.band, source: 'computed', computed, override: withState };
  return { score: override.score ?? computed.score, band: override.band, source: 'override', computed, override: withState };
}

export const MAX_OVERRIDE_DAYS = 365;
export const MAX_OVERRIDE_NOTE_LENGTH = 2000;

/**
 * Every problem with an override request set at `asOf`: a band (not `unknown`: an override is a
 * judgement), a score inside that band, a known reason code, a note, and an expiry after `asOf`
 * and at most `maxDays` ahead (an override nobody revisits should not outlive a renewal cycle).
 */
export function overrideErrors(input: unknown, asOf: Instant, bands: BandThresholds, maxDays = MAX_OVERRIDE_DAYS): ProblemFieldError[] {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return [{ path: '', message: 'must be an object' }];
  const { band, score, reasonCode, note, expiresAt } = input as Record<string, unknown>;
  const errors: ProblemFieldError[] = [];
  const bandValid = band === 'green' || band === 'yellow' || band === 'red';
  if (!bandValid) errors.push({ path: 'band', message: 'must be green, yellow or red' });
  if (score !== undefined && score !== null) {
    if (typeof score !== 'number' || !Number.isFinite(score) || score < 0 || score > 100) errors.push({ path: 'score', message: 'must be a number from 0 to 100' });
    else if (bandValid && bandOfScore(score, bands) !== band) errors.push({ path: 'score', message: `must lie in the ${band} band (${bandRange(band as Band, bands)})` });
  }
  if (typeof reasonCode !== 'string' || !(OVERRIDE_REASON_CODES as readonly string[]).includes(reasonCode)) {
    errors.push({ path: 'reasonCode', message: `must be one of ${OVERRIDE_REASON_CODES.join(', ')}` });
  }
  if (typeof note !== 'string' || note.trim() === '' || note.length > MAX_OVERRIDE_NOTE_LENGTH) {
    errors.push({ path: 'note', message: `must be a non-empty string of up to ${MAX_OVERRIDE_NOTE_LENGTH} characters` });
  }
  const expiry = typeof expiresAt === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(expiresAt) ? Date.parse(expiresAt) : Number.NaN;
  if (Number.isNaN(expiry)) errors.push({ path: 'expiresAt', message: 'must be an ISO-8601 instant' });
  else if (expiry <= toMillis(asOf)) errors.push({ path: 'expiresAt', message: 'must be in the future' });
  else if (daysBetween(asOf, expiresAt as string) > maxDays) errors.push({ path: 'expiresAt', message: `must be at most ${maxDays} days ahead` });
  return errors;
}

function bandRange(band: Band, bands: BandThresholds): string {
  if (band === 'green') return `${bands.green} to 100`;
  if (band === 'yellow') return `${bands.yellow} to below ${bands.green}`;
  return `0 to below ${bands.yellow}`;
}
