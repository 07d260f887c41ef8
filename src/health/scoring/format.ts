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
  const scaled = Number((Math.abs(value) * factor).toPrecision(12));
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
  const text = numberFormat(decimals).format(roundTo(value, decimals));
  return text.replace('-', MINUS);
}

/** A share 0..1 as a percentage: 0.061 → "6.1%". */
export function formatShare(share: number, decimals = 1): string {
  return `${formatNumber(share * 100, decimals)}%`;
}

export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatNumber(count)} ${count === 1 ? singular : pluralForm}`;
}
