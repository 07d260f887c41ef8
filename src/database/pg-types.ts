import { types } from 'pg';

/**
 * Calendar days stay `YYYY-MM-DD` strings end to end: a `Date` would shift them by the process's
 * time zone. Counts (int8) come back as numbers; money (numeric) stays a string to keep its precision.
 */
export function configurePgTypes(): void {
  const DATE_OID = 1082;
  const INT8_OID = 20;
  types.setTypeParser(DATE_OID, (value: string) => value);
  types.setTypeParser(INT8_OID, (value: string) => Number(value));
}

configurePgTypes();
