import { isISO8601, ValidateBy, ValidationOptions } from 'class-validator';

const INSTANT_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;
const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** An ISO-8601 instant with its offset (`Z` or `±hh:mm`): a time without one would be read in the server's zone. */
export function isInstant(value: unknown): boolean {
  return typeof value === 'string' && INSTANT_PATTERN.test(value) && isISO8601(value, { strict: true, strictSeparator: true }) && inRange(Date.parse(value));
}

/** Years 1900 to 9999, so every instant also fits Postgres and the clock maths. */
function inRange(instantMs: number): boolean {
  return Number.isFinite(instantMs) && instantMs >= Date.UTC(1900, 0, 1) && instantMs < Date.UTC(10000, 0, 1) - 86_400_000;
}

/** An instant, or a calendar day `YYYY-MM-DD` (its start in BUSINESS_TIMEZONE). */
export function isInstantOrDay(value: unknown): boolean {
  return isInstant(value) || (typeof value === 'string' && DAY_PATTERN.test(value) && isISO8601(value, { strict: true }) && inRange(Date.parse(`${value}T00:00:00Z`)));
}

export const IsInstant = (options?: ValidationOptions) =>
  ValidateBy({ name: 'isInstant', validator: { validate: isInstant, defaultMessage: () => '$property must be an ISO-8601 instant with an offset, e.g. 2026-06-01T09:30:00Z' } }, options);

export const IsInstantOrDay = (options?: ValidationOptions) =>
  ValidateBy(
    { name: 'isInstantOrDay', validator: { validate: isInstantOrDay, defaultMessage: () => '$property must be an ISO-8601 instant with an offset or a day YYYY-MM-DD' } },
    options,
  );
