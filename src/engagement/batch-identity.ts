/**
 * Rows of one batch that name the same stored record in different ways (an account by id in one
 * row and by app id in another) only meet after their references are resolved. One upsert
 * statement may not touch a row twice, and a batch should not quietly keep whichever came last, so
 * each ingest checks resolved keys here across all chunks of the batch. Pure; no database.
 */
export type BatchIdentityVerdict = { kind: 'first' } | { kind: 'repeat' } | { kind: 'conflict'; otherLine: number };

export class BatchIdentity {
  private readonly seen = new Map<string, { line: number; values: string }>();

  /** `values` is a stable text of what the row would store: equal values are a harmless repeat. */
  check(key: string, line: number, values: string): BatchIdentityVerdict {
    const earlier = this.seen.get(key);
    if (!earlier) {
      this.seen.set(key, { line, values });
      return { kind: 'first' };
    }
    return earlier.values === values ? { kind: 'repeat' } : { kind: 'conflict', otherLine: earlier.line };
  }
}
