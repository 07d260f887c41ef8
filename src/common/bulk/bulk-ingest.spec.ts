import { IsInt, IsString } from 'class-validator';
import { BulkIngestHandler, BulkRow, fingerprint, runBulkIngest } from './bulk-ingest';

class Row {
  @IsString() key: string;
  @IsInt() value: number;
}

/** An in-memory store standing in for a transaction: commit copies the draft, rollback drops it. */
function memoryStore() {
  const committed = new Map<string, number>();
  const inTransaction = async <T>(work: (draft: Map<string, number>) => Promise<T>): Promise<T> => {
    const draft = new Map(committed);
    const result = await work(draft);
    for (const [key, value] of draft) committed.set(key, value);
    return result;
  };
  const handler: BulkIngestHandler<Row, Map<string, number>> = {
    rowClass: Row,
    naturalKey: (row) => row.key,
    naturalKeyPath: 'key',
    processChunk: async (draft, rows: BulkRow<Row>[], { write }) => {
      const outcome = { inserted: 0, updated: 0, unchanged: 0, errors: [] as { line: number; path: string; message: string }[] };
      for (const { line, row } of rows) {
        if (row.value < 0) {
          outcome.errors.push({ line, path: 'value', message: 'negative' });
          continue;
        }
        if (!write) continue;
        if (!draft.has(row.key)) outcome.inserted += 1;
        else if (draft.get(row.key) !== row.value) outcome.updated += 1;
        else outcome.unchanged += 1;
        draft.set(row.key, row.value);
      }
      return outcome;
    },
  };
  return { committed, inTransaction, handler };
}

describe('runBulkIngest', () => {
  it('upserts and counts', async () => {
    const store = memoryStore();
    const rows = [{ key: 'a', value: 1 }, { key: 'b', value: 2 }];
    expect(await runBulkIngest(rows, undefined, { chunkSize: 1 }, store.handler, store.inTransaction)).toEqual({ inserted: 2, updated: 0, unchanged: 0, rejected: 0, errors: [] });
    expect(await runBulkIngest([{ key: 'a', value: 1 }, { key: 'b', value: 3 }], undefined, {}, store.handler, store.inTransaction)).toMatchObject({ updated: 1, unchanged: 1 });
  });

  it('rejects an atomic batch with every error and stores nothing', async () => {
    const store = memoryStore();
    const batch = [{ key: 'a', value: 1 }, { key: 'b', value: -1 }, { key: 'c', value: 'x' }, { key: 'a', value: 2 }];
    await expect(runBulkIngest(batch, undefined, { chunkSize: 2 }, store.handler, store.inTransaction)).rejects.toMatchObject({
      status: 400,
      errors: [
        { line: 2, path: 'value', message: 'negative' },
        { line: 3, path: 'value', message: expect.any(String) },
        { line: 4, path: 'key', message: expect.stringMatching(/line 1/) },
      ],
    });
    expect(store.committed.size).toBe(0);
  });

  it('keeps good rows when partial, and rolls everything back on a dry run', async () => {
    const store = memoryStore();
    const batch = [{ key: 'a', value: 1 }, { key: 'b', value: -1 }];
    const dry = await runBulkIngest(batch, undefined, { partial: true, dryRun: true }, store.handler, store.inTransaction);
    expect(dry).toMatchObject({ inserted: 1, rejected: 1 });
    expect(store.committed.size).toBe(0);
    const partial = await runBulkIngest(batch, undefined, { partial: true }, store.handler, store.inTransaction);
    expect(partial).toMatchObject({ inserted: 1, rejected: 1 });
    expect([...store.committed.keys()]).toEqual(['a']);
  });

  it('fingerprints objects independently of key order', () => {
    expect(fingerprint({ a: 1, b: [1, { c: 2, d: 3 }] })).toBe(fingerprint({ b: [1, { d: 3, c: 2 }], a: 1 }));
    expect(fingerprint({ a: 1 })).not.toBe(fingerprint({ a: '1' }));
  });
});
