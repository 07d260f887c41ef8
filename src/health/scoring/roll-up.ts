/**
 * A parent organisation's health from its children: the ARR-weighted score (ARR converted into the
 * reporting currency) and the worst child. Children are left out of the weighted score, and said
 * so, when their band is unknown (too little data: they would drag the parent with guesses) or
 * their currency has no FX rate (their weight cannot be known). The parent's coverage is the
 * share of the children's ARR that was scored; below the model's minimum the band is unknown.
 *
 * Grandchildren roll up bottom-up: pass a child organisation's own roll-up as its entry. Pass the
 * band you want counted (computed, or effective after an override) — this function does not choose.
 */
import { roundTo } from './format';
import type { BandThresholds } from './health-model';
import { Band, BAND_ORDER, bandFor, HealthBand } from './score';

export interface RollUpChild {
  accountId: string;
  score: number | null;
  band: HealthBand;
  /** Annual recurring revenue in the child's currency (a numeric(14,2) string or a number). */
  arr: number | string;
  currency: string;
}

export interface RollUpSettings {
  reportingCurrency: string;
  /** Rate turning one unit of a currency into the reporting currency; the reporting currency itself needs none. */
  fxRates: Readonly<Record<string, number | null | undefined>>;
  bands: BandThresholds;
  minimumCoverage: number;
}

export type RollUpExclusion = 'unknown-band' | 'missing-fx';

export interface RolledUpChild {
  accountId: string;
  /** ARR in the reporting currency, null without an FX rate. */
  arrReporting: number | null;
  /** Share of the parent's score this child carries (0 when excluded). */
  share: number;
  excludedBecause: RollUpExclusion | null;
}

export interface RollUp {
  /** ARR-weighted score of the included children, one decimal; null when none is included. */
  score: number | null;
  band: HealthBand;
  /** `arr`: weighted by ARR; `equal`: the included children all have zero ARR, so each counts once. */
  weighting: 'arr' | 'equal';
  /** Share (0–1) of the FX-convertible children's ARR that is included; by head count under `equal` weighting. */
  coverage: number;
  /** Total ARR of the children that could be converted, in the reporting currency. */
  arrReporting: number;
  /** The child in the worst known band, lowest score within it; unknown-band children never count as worst. */
  worstChild: { accountId: string; score: number; band: Band } | null;
  children: RolledUpChild[];
}

function toReporting(child: RollUpChild, settings: RollUpSettings): number | null {
  const arr = typeof child.arr === 'number' ? child.arr : Number(child.arr);
  if (!Number.isFinite(arr)) return null;
  if (child.currency === settings.reportingCurrency) return arr;
  const rate = settings.fxRates[child.currency];
  return typeof rate === 'number' && Number.isFinite(rate) && rate > 0 ? arr * rate : null;
}

/** Rolls a parent up from its children (an empty list gives an unknown band). */
export function rollUp(children: readonly RollUpChild[], settings: RollUpSettings): RollUp {
  const rows = children.map((child) => {
    const arrReporting = toReporting(child, settings);
    const known = child.score !== null && child.band !== 'unknown';
    const excludedBecause: RollUpExclusion | null = !known ? 'unknown-band' : arrReporting === null ? 'missing-fx' : null;
    return { child, arrReporting, excludedBecause };
  });
  const convertible = rows.filter((row) => row.arrReporting !== null);
  const included = rows.filter((row) => row.excludedBecause === null);
  const includedArr = included.reduce((sum, row) => sum + row.arrReporting!, 0);
  const convertibleArr = convertible.reduce((sum, row) => sum + row.arrReporting!, 0);
  const weighting: RollUp['weighting'] = included.length > 0 && includedArr === 0 ? 'equal' : 'arr';
  const shareOf = (row: (typeof rows)[number]) => (row.excludedBecause !== null ? 0 : weighting === 'equal' ? 1 / included.length : row.arrReporting! / includedArr);

  const score = included.length > 0 ? roundTo(included.reduce((sum, row) => sum + shareOf(row) * row.child.score!, 0), 1) : null;
  const coverage = weighting === 'equal' || convertibleArr === 0 ? (convertible.length > 0 ? included.length / convertible.length : 0) : includedArr / convertibleArr;

  const worstChild =
    rows
      .filter(({ child }) => child.score !== null && child.band !== 'unknown')
      .map(({ child }) => ({ accountId: child.accountId, score: child.score!, band: child.band as Band }))
      .sort((left, right) => BAND_ORDER[left.band] - BAND_ORDER[right.band] || left.score - right.score || left.accountId.localeCompare(right.accountId))[0] ?? null;

  return {
    score,
    band: bandFor(score, coverage, settings),
    weighting,
    coverage,
    arrReporting: roundTo(convertibleArr, 2),
    worstChild,
    children: rows.map((row) => ({
      accountId: row.child.accountId,
      arrReporting: row.arrReporting === null ? null : roundTo(row.arrReporting, 2),
      share: shareOf(row),
      excludedBecause: row.excludedBecause,
    })),
  };
}
