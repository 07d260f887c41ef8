import { accountReferenceKey, AccountReferenceDto } from '../accounts/account-reference';
import { fingerprint } from '../common/bulk/bulk-ingest';
import type { ProblemFieldError } from '../common/problem';
import type { BatchIdentity } from './batch-identity';

/** JSON arrays take at most this many rows; NDJSON and CSV stream any number. */
export const SIGNAL_BULK_MAX_JSON_ROWS = 10000;

/** Clocks of senders drift; an instant up to this far ahead of ours still counts as past. */
export const FUTURE_TOLERANCE_MS = 5 * 60 * 1000;

/**
 * The batch key of an event row (touchpoint, NPS answer, outcome): its external id when it has
 * one; else its whole content, so only an identical repeat counts as the same row.
 */
export function eventRowKey(row: AccountReferenceDto & { externalId?: string }): string {
  return row.externalId !== undefined ? `${accountReferenceKey(row)}|ext:${row.externalId}` : `content:${fingerprint(row)}`;
}

/** The same after the account is resolved, to catch one record named two ways in a batch. */
export function resolvedEventKey(accountId: string, externalId: string | null, values: string): string {
  return externalId !== null ? `${accountId}|ext:${externalId}` : `${accountId}|content:${values}`;
}

export function isStreamedContentType(contentType: string | undefined): boolean {
  return /^(application\/x-ndjson|text\/csv)/i.test(String(contentType ?? '').trim());
}

/**
 * Admits a resolved event row into the chunk's writes, unless an earlier line of the batch already
 * holds the same record: an identical repeat changes nothing, different values are an error.
 */
export function admitEvent<Write extends { accountId: string; externalId: string | null }>(
  identity: BatchIdentity,
  write: Write,
  line: number,
  writes: Write[],
  errors: ProblemFieldError[],
): 'admitted' | 'repeat' | 'conflict' {
  const values = fingerprint(write);
  const verdict = identity.check(resolvedEventKey(write.accountId, write.externalId, values), line, values);
  if (verdict.kind === 'repeat') return 'repeat';
  if (verdict.kind === 'conflict') {
    errors.push({ line, path: 'externalId', message: `line ${verdict.otherLine} has the same account and externalId with different values` });
    return 'conflict';
  }
  writes.push(write);
  return 'admitted';
}
