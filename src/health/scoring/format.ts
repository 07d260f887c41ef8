/**
 * Numbers in the words CSMs read: a real minus sign (−14, as in "−14 since Monday"), thousands
 * separators, and percentages without spurious decimals. en-US formatting so output is stable.
 */

const MINUS = '\u2212';

/**
 * Rounds half away from zero to `decimals` places, so −0.5 and 0.5 round symmetrically. The
 * scaled value is first cut to 12 significant digits so a 62.275 held as 62.27499999… rounds up.
 */
export function roundTo(value: number, decimals = 0): number {
  const factor = 10 ** decimals;
  let scaled = Math.abs(value) * factor;
  // Cutting to 12 digits moves the value by under 1e-11 of itself, so it can change the rounding
  // only next to a .5 boundary: elsewhere skip the (slow) string round trip. Scoring rounds millions of numbers.
  if (Math.abs(scaled - Math.floor(scaled) - 0.5) <= scaled * 1e-10 + 1e-12) scaled = Number(scaled.toPrecision(12));
  const rounded = (Math.sign(value) * Math.round(scaled)) / factor;
  return rounded === 0 ? 0 : rounded;
}

/** "+9", "−14", "0" (integers unless told otherwise). */
export function signed(value: number, decimals = 0): string {
  const rounded = roundTo(value, decimals);
  if (rounded === 0) return '0';
  const text = formatNumber(Math.abs(rounded), decimals);
  return rounded > 0 ? `+${text}` : `${MINUS}${text}`;
}

/** One formatter per number of decimals: building an Intl formatter costs far more than using one. */
const numberFormats = new Map<number, Intl.NumberFormat>();

function numberFormat(decimals: number): Intl.NumberFormat {
  let format = numberFormats.get(decimals);
  if (!format) {
    format = new Intl.NumberFormat('en-US', { maximumFractionDigits: decimals, minimumFractionDigits: 0 });
    numberFormats.set(decimals, format);
  }
  return format;
}

/** "12,400", "0.5" (at most `decimals` places, trailing zeros dropped). */
export function formatNumber(value: number, decimals = 0): string {
  const rounded = roundTo(value, decimals);
  // Below 1,000 there is no separator and a rounded number's shortest form is its en-US text
  // (Intl is the slow part of writing facts for every account of a run).
  if (Math.abs(rounded) < 1000 && decimals <= 6) return rounded < 0 ? `${MINUS}${String(-rounded)}` : String(rounded);
  const text = numberFormat(decimals).format(rounded);
  return text.replace('-', MINUS);
}

/** A share 0..1 as a percentage: 0.061 → "6.1%". */
export function formatShare(share: number, decimals = 1): string {
  return `${formatNumber(share * 100, decimals)}%`;
}

export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatNumber(count)} ${count === 1 ? singular : pluralForm}`;
}
