import { ValidateBy, ValidationOptions } from 'class-validator';

const INSTANT_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** An ISO-8601 date-time with a zone (`Z` or an offset), for a real instant between 1900 and 9999. */
export function isInstant(value: unknown): boolean {
  if (typeof value !== 'string' || !INSTANT_PATTERN.test(value)) return false;
  const time = Date.parse(value);
  if (Number.isNaN(time)) return false;
  // Date.parse rolls 2026-02-30 over to March; a real instant keeps its calendar day in its own offset.
  const [, month, day] = value.slice(0, 10).split('-').map(Number);
  const probe = new Date(Date.UTC(Number(value.slice(0, 4)), month - 1, day));
  return probe.getUTCMonth() === month - 1 && probe.getUTCDate() === day && new Date(time).getUTCFullYear() >= 1900 && new Date(time).getUTCFullYear() <= 9999;
}

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID_PATTERN.test(value);
}

export function isEmailAddress(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 320 && EMAIL_PATTERN.test(value) && !value.includes('\u0000');
}

/** An ISO-8601 instant with its zone, e.g. `2026-05-01T14:30:00Z`. */
export const IsInstant = (options?: ValidationOptions) =>
  ValidateBy({ name: 'isInstant', validator: { validate: isInstant, defaultMessage: () => '$property must be an ISO-8601 date-time with a zone, e.g. 2026-05-01T14:30:00Z' } }, options);

/** A manager named by id or by email. */
export const IsManagerReference = (options?: ValidationOptions) =>
  ValidateBy(
    { name: 'isManagerReference', validator: { validate: (value: unknown) => isUuid(value) || isEmailAddress(value), defaultMessage: () => '$property must be a manager id (UUID) or email' } },
    options,
  );

/** Postgres text cannot hold NUL; refusing it here rejects the row instead of failing the whole batch. */
export function isStorableText(value: unknown): boolean {
  return typeof value === 'string' && !value.includes('\u0000');
}

export const IsStorableText = (options?: ValidationOptions) =>
  ValidateBy({ name: 'isStorableText', validator: { validate: isStorableText, defaultMessage: () => '$property must be text without NUL characters' } }, options);
