/**
 * Pure rules of the accounts domain: value formats, commercial terms, custom attributes and the
 * order in which a batch's parent/child rows can be written. No Nest or TypeORM here.
 */
import type { ProblemFieldError } from '../common/problem';

export type AttributeValue = string | number | boolean;

const ISO_CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

/** ISO 4217 codes the runtime knows (Intl's list), e.g. USD, EUR, CNY. */
export function isIsoCurrency(code: unknown): boolean {
  return typeof code === 'string' && /^[A-Z]{3}$/.test(code) && ISO_CURRENCIES.has(code);
}

export function isIanaTimeZone(zone: unknown): boolean {
  if (typeof zone !== 'string' || zone === '' || zone.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** A real calendar day written `YYYY-MM-DD` (2027-02-30 is not one). */
export function isCalendarDate(value: unknown): boolean {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const [year, month, day] = value.split('-').map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day && year >= 1900;
}

const MONEY_PATTERN = /^\d{1,12}(\.\d{1,2})?$/;

/**
 * Money arrives as a JSON number or a decimal string (CSV and precise clients) and is answered as a
 * decimal string with two places, so numeric(14,2) values survive JSON without float rounding.
 */
export function isMoney(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 && value < 1e12 && MONEY_PATTERN.test(String(value));
  return typeof value === 'string' && MONEY_PATTERN.test(value);
}

export function toMoney(value: number | string): string {
  const text = String(value);
  const [whole, fraction = ''] = text.split('.');
  return `${whole.replace(/^0+(?=\d)/, '')}.${fraction.padEnd(2, '0')}`;
}

const ATTRIBUTE_KEY = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;
export const MAX_ATTRIBUTES = 100;

/** Custom fields: a flat object whose values are strings, finite numbers or booleans. */
export function attributeErrors(attributes: unknown, path = 'attributes'): ProblemFieldError[] {
  if (attributes === null || typeof attributes !== 'object' || Array.isArray(attributes)) return [{ path, message: 'must be an object of string, number or boolean values' }];
  const entries = Object.entries(attributes as Record<string, unknown>);
  const errors: ProblemFieldError[] = [];
  if (entries.length > MAX_ATTRIBUTES) errors.push({ path, message: `has more than ${MAX_ATTRIBUTES} fields` });
  for (const [key, value] of entries) {
    if (!ATTRIBUTE_KEY.test(key)) errors.push({ path: `${path}.${key}`, message: 'a field name starts with a letter and has at most 64 letters, digits, _ . or -' });
    const ok = typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value)) || (typeof value === 'string' && value.length <= 1000);
    if (!ok) errors.push({ path: `${path}.${key}`, message: 'must be a string (up to 1,000 characters), a number or a boolean' });
  }
  return errors;
}

export interface CommercialTerms {
  billingModel: 'commit' | 'payg';
  commitAmount: string | null;
  commitPeriod: string | null;
  renewalDate: string | null;
}

/** A pay-as-you-go account has no commit and nothing to renew. */
export function commercialTermErrors(terms: CommercialTerms): ProblemFieldError[] {
  if (terms.billingModel !== 'payg') return [];
  const errors: ProblemFieldError[] = [];
  if (terms.commitAmount !== null) errors.push({ path: 'commitAmount', message: 'a PAYG account has no commit amount' });
  if (terms.commitPeriod !== null) errors.push({ path: 'commitPeriod', message: 'a PAYG account has no commit period' });
  if (terms.renewalDate !== null) errors.push({ path: 'renewalDate', message: 'a PAYG account has no renewal date' });
  return errors;
}

export interface ParentLink {
  key: string;
  parentKey: string | null;
}

/**
 * Orders a batch so a parent is written before the children that name it: level 0 has no parent in
 * the batch, level n has its parent at level n-1. Rows in a cycle inside the batch are returned apart.
 */
export function parentLevels<T extends ParentLink>(rows: T[]): { levels: T[][]; cyclic: T[] } {
  const byKey = new Map(rows.map((row) => [row.key, row]));
  const level = new Map<string, number>();
  const cyclic: T[] = [];
  const levelOf = (row: T, trail: Set<string>): number => {
    const known = level.get(row.key);
    if (known !== undefined) return known;
    const parent = row.parentKey === null ? undefined : byKey.get(row.parentKey);
    if (!parent || parent === row) {
      level.set(row.key, parent === row ? -1 : 0);
      return level.get(row.key)!;
    }
    if (trail.has(row.key)) return -1;
    trail.add(row.key);
    const parentLevel = levelOf(parent, trail);
    const mine = parentLevel < 0 ? -1 : parentLevel + 1;
    level.set(row.key, mine);
    return mine;
  };
  const levels: T[][] = [];
  for (const row of rows) {
    const value = levelOf(row, new Set());
    if (value < 0) cyclic.push(row);
    else (levels[value] ??= []).push(row);
  }
  return { levels: levels.filter((group) => group !== undefined), cyclic };
}

/** Order-insensitive list comparison for arrays stored sorted. */
export function sortedUnique(values: readonly string[]): string[] {
  return [...new Set(values)].sort();
}

/** Adds two non-negative-or-negative decimal strings with two places exactly (via integer cents). */
export function addMoney(left: string, right: string): string {
  const cents = (value: string): bigint => {
    const negative = value.startsWith('-');
    const [whole, fraction = ''] = value.replace('-', '').split('.');
    const amount = BigInt(whole || '0') * 100n + BigInt((fraction + '00').slice(0, 2));
    return negative ? -amount : amount;
  };
  const total = cents(left) + cents(right);
  const negative = total < 0n;
  const absolute = negative ? -total : total;
  return `${negative ? '-' : ''}${absolute / 100n}.${String(absolute % 100n).padStart(2, '0')}`;
}
