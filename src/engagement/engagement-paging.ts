import { decodeCursor } from '../common/pagination';
import { BadRequestError } from '../common/problem';
import { isInstant, isUuid } from './dto/engagement-validators';

/** The (instant, id) position a newest-first page ended on; refuses cursors this API did not issue. */
export function decodeInstantCursor(cursor: string | undefined): { at: string; id: string } | undefined {
  const position = decodeCursor(cursor);
  if (!position) return undefined;
  if (!isInstant(position.sortValue) || !isUuid(position.id)) throw new BadRequestError('cursor is not a cursor this API issued.');
  return { at: String(position.sortValue), id: position.id };
}

/** A window whose first day is after its last is a mistake worth telling, not an empty page. */
export function checkDayWindow(from: string | undefined, to: string | undefined): void {
  if (from !== undefined && to !== undefined && from > to) throw new BadRequestError(`from (${from}) is after to (${to}).`);
}

/** Instants are stored with millisecond precision, as JavaScript reads them back, so keyset cursors compare exactly. */
export function normaliseInstant(value: string): string {
  return new Date(value).toISOString();
}
