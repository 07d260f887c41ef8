/** Pure rules of outcomes: signed ARR changes and which sign each kind takes. No Nest or TypeORM. */
import type { OutcomeKind } from './outcome.entity';

const SIGNED_MONEY_PATTERN = /^-?\d{1,12}(\.\d{1,2})?$/;

/** A signed amount with at most two decimals and twelve integer digits, as a number or decimal string. */
export function isSignedMoney(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value) && SIGNED_MONEY_PATTERN.test(String(value));
  return typeof value === 'string' && SIGNED_MONEY_PATTERN.test(value);
}

/** Decimal string with two places, e.g. -1200 → "-1200.00", "0.5" → "0.50". */
export function toSignedMoney(value: number | string): string {
  const text = String(value);
  const negative = text.startsWith('-');
  const [whole, fraction = ''] = (negative ? text.slice(1) : text).split('.');
  const digits = whole.replace(/^0+(?=\d)/, '');
  const amount = `${digits}.${fraction.padEnd(2, '0')}`;
  return negative && /[1-9]/.test(amount) ? `-${amount}` : amount;
}

/**
 * The sign an outcome's ARR change must have: an expansion adds, a contraction and a churn take
 * away (a churn may be recorded at zero when the amount is unknown); a renewal may go either way.
 */
export function arrChangeSignError(kind: OutcomeKind, arrChange: string): string | undefined {
  const sign = Math.sign(Number(arrChange));
  if (kind === 'expanded' && sign <= 0) return 'an expansion has a positive arrChange';
  if (kind === 'contracted' && sign >= 0) return 'a contraction has a negative arrChange';
  if (kind === 'churned' && sign > 0) return 'a churn has a negative (or zero) arrChange';
  return undefined;
}
