import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { BadRequestError } from './problem';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

export class PageQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Keyset cursor: the sort value and id of the last row, opaque to clients. */
export interface KeysetPosition {
  sortValue: string | number | null;
  id: string;
}

export function encodeCursor(position: KeysetPosition): string {
  return Buffer.from(JSON.stringify([position.sortValue, position.id]), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | undefined): KeysetPosition | undefined {
  if (cursor === undefined) return undefined;
  try {
    const decoded: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(decoded) && decoded.length === 2 && typeof decoded[1] === 'string' && ['string', 'number'].includes(typeof decoded[0])) {
      return { sortValue: decoded[0] as string | number, id: decoded[1] };
    }
  } catch {
    // fall through to the error below
  }
  throw new BadRequestError('cursor is not a cursor this API issued.');
}

/** Turns `limit + 1` fetched rows into a page: the extra row only says there is more. */
export function toPage<Row, Item>(rows: Row[], limit: number, toItem: (row: Row) => Item, position: (row: Row) => KeysetPosition): Page<Item> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items: items.map(toItem), nextCursor: rows.length > limit && last !== undefined ? encodeCursor(position(last)) : null };
}
