import { decodeCursor, encodeCursor, toPage } from './pagination';
import { BadRequestError } from './problem';

describe('cursor pagination', () => {
  it('round-trips a position', () => {
    const position = { sortValue: '2026-11-22T02:00:00.000Z', id: '6c1f0a3e-8a51-4df4-9ac2-5f1d1f3cbd9e' };
    expect(decodeCursor(encodeCursor(position))).toEqual(position);
  });

  it.each(['not-base64!', Buffer.from('{"a":1}').toString('base64url'), Buffer.from('[1]').toString('base64url')])('refuses a forged cursor %s', (cursor) => {
    expect(() => decodeCursor(cursor)).toThrow(BadRequestError);
  });

  it('gives a next cursor only when a row beyond the limit came back', () => {
    const rows = [1, 2, 3].map((n) => ({ n, id: `id-${n}` }));
    const full = toPage(rows, 2, (row) => row.n, (row) => ({ sortValue: row.n, id: row.id }));
    expect(full.items).toEqual([1, 2]);
    expect(decodeCursor(full.nextCursor!)).toEqual({ sortValue: 2, id: 'id-2' });
    expect(toPage(rows, 3, (row) => row.n, (row) => ({ sortValue: row.n, id: row.id })).nextCursor).toBeNull();
  });
});
