/**
 * Change cursors: what a pull hands back so the next pull returns every change exactly once.
 *
 * A pull runs in one REPEATABLE READ transaction; its cursor is that transaction's snapshot
 * (`pg_current_snapshot()`: xmin, xmax and the transactions in progress). The next pull returns the
 * row versions whose writing transaction that snapshot could not see: committed after it was
 * taken, or still running then — so a transaction that started earlier but committed later (out
 * of order) is not skipped, and one the earlier pull already saw is not sent twice. Pure: no
 * database or framework import.
 */
import { createHash } from 'node:crypto';

export interface ParsedSnapshot {
  xmin: bigint;
  xmax: bigint;
  inProgress: bigint[];
}

export interface ExportCursor {
  /** `pg_snapshot` text, `xmin:xmax:xip,xip`. */
  snapshot: string;
  /** Fingerprint of dataset, scope and filters: a cursor only continues the feed it came from. */
  feed: string;
  /** When the snapshot was taken (database time, ISO); cursors older than the tombstone retention expire. */
  takenAt: string;
  /**
   * The instant the pull judged time-dependent values by (SLA states, app clock, ISO), so the next
   * pull also sends the rows whose state changed by time passing alone. Absent in older cursors.
   */
  judgedAt?: string;
}

const CURSOR_PREFIX = 'c1.';
const SNAPSHOT_PATTERN = /^(\d{1,20}):(\d{1,20}):((?:\d{1,20})(?:,\d{1,20})*)?$/;
/** xid arithmetic on 32-bit xmin is only unambiguous within 2^31 transactions; keep a wide margin. */
export const MAX_CURSOR_TRANSACTION_DISTANCE = 2n ** 31n - 10_000_000n;

export function parseSnapshot(text: string): ParsedSnapshot | null {
  const match = SNAPSHOT_PATTERN.exec(text);
  if (!match) return null;
  const xmin = BigInt(match[1]);
  const xmax = BigInt(match[2]);
  const inProgress = match[3] ? match[3].split(',').map((value) => BigInt(value)) : [];
  if (xmin > xmax || inProgress.some((xid) => xid < xmin || xid >= xmax)) return null;
  return { xmin, xmax, inProgress };
}

export function feedFingerprint(parts: { dataset: string; includeTest: boolean; scope: string; until: string | null }): string {
  return createHash('sha256').update(JSON.stringify([parts.dataset, parts.includeTest, parts.scope, parts.until])).digest('base64url').slice(0, 16);
}

export function encodeCursor(cursor: ExportCursor): string {
  return CURSOR_PREFIX + Buffer.from(JSON.stringify({ s: cursor.snapshot, f: cursor.feed, t: cursor.takenAt, n: cursor.judgedAt }), 'utf8').toString('base64url');
}

/** The cursor, or null when the text is not one this server issued (the caller answers 400). */
export function decodeCursor(text: string): ExportCursor | null {
  if (!text.startsWith(CURSOR_PREFIX) || text.length > 20_000 || !/^[A-Za-z0-9_-]+$/.test(text.slice(CURSOR_PREFIX.length))) return null;
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(text.slice(CURSOR_PREFIX.length), 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (decoded === null || typeof decoded !== 'object') return null;
  const { s, f, t, n } = decoded as Record<string, unknown>;
  if (typeof s !== 'string' || typeof f !== 'string' || typeof t !== 'string') return null;
  if (!parseSnapshot(s) || Number.isNaN(Date.parse(t))) return null;
  if (n !== undefined && (typeof n !== 'string' || Number.isNaN(Date.parse(n)))) return null;
  return n === undefined ? { snapshot: s, feed: f, takenAt: t } : { snapshot: s, feed: f, takenAt: t, judgedAt: n };
}

/** The 32-bit `xid` form of a full transaction id, as `xmin` holds it (0–2 are never assigned; 3 follows a wrap). */
export function toShortXid(fullXid: bigint): string {
  const short = fullXid % 2n ** 32n;
  return String(short < 3n ? 3n : short);
}

export type CursorProblem = 'from-another-server' | 'too-old';

/**
 * Whether a previous snapshot can continue into the current one: it must not come from the future
 * (another server, or a restored database), and must be close enough that 32-bit xmin comparison
 * is unambiguous.
 */
export function cursorProblem(previous: ParsedSnapshot, current: ParsedSnapshot): CursorProblem | null {
  if (previous.xmax > current.xmax) return 'from-another-server';
  if (current.xmax - previous.xmin > MAX_CURSOR_TRANSACTION_DISTANCE) return 'too-old';
  return null;
}
