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

describe('runBulkIngest for high-volume handlers', () => {
  /** A handler that records how many chunks run at once and what it was given. */
  function tracingHandler(options: { overlapChunks?: boolean; failOnChunk?: number } = {}) {
    let active = 0;
    const trace = { maxActive: 0, chunks: [] as number[][] };
    const handler: BulkIngestHandler<Row, null> = {
      rowClass: Row,
      validateRow: (value, line) => {
        const row = value as Row;
        return typeof row.value === 'number' ? { row, errors: [] } : { errors: [{ line, path: 'value', message: 'fast check: not a number' }] };
      },
      duplicates: 'handler',
      overlapChunks: options.overlapChunks,
      processChunk: async (_transaction, rows) => {
        active += 1;
        trace.maxActive = Math.max(trace.maxActive, active);
        trace.chunks.push(rows.map((entry) => entry.line));
        await new Promise((resolve) => setTimeout(resolve, 5));
        active -= 1;
        if (trace.chunks.length === options.failOnChunk) throw new Error('chunk failed');
        return { inserted: rows.length, updated: 0, unchanged: 0, errors: [] };
      },
    };
    return { handler, trace };
  }
  const inTransaction = <T>(work: (transaction: null) => Promise<T>) => work(null);
  const batch = (size: number) => Array.from({ length: size }, (_value, index) => ({ key: `k${index % 3}`, value: index }));

  it('uses the handler\'s row check and leaves repeated keys to the handler', async () => {
    const { handler, trace } = tracingHandler();
    const result = await runBulkIngest([...batch(3), { key: 'k0', value: 'x' }], undefined, { partial: true }, handler, inTransaction);
    expect(result).toEqual({ inserted: 3, updated: 0, unchanged: 0, rejected: 1, errors: [{ line: 4, path: 'value', message: 'fast check: not a number' }] });
    expect(trace.chunks).toEqual([[1, 2, 3]]);
  });

  it('runs one chunk at a time by default, in order, while the next is read', async () => {
    const { handler, trace } = tracingHandler();
    expect(await runBulkIngest(batch(10), undefined, { chunkSize: 3 }, handler, inTransaction)).toMatchObject({ inserted: 10 });
    expect(trace.maxActive).toBe(1);
    expect(trace.chunks).toEqual([[1, 2, 3], [4, 5, 6], [7, 8, 9], [10]]);
  });

  it('lets an overlapping handler have two chunks under way, never more', async () => {
    const { handler, trace } = tracingHandler({ overlapChunks: true });
    expect(await runBulkIngest(batch(10), undefined, { chunkSize: 2 }, handler, inTransaction)).toMatchObject({ inserted: 10 });
    expect(trace.maxActive).toBe(2);
    expect(trace.chunks.flat()).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('fills the handler\'s own chunks (e.g. columns) and hands each over full, the last one partly', async () => {
    const capacities: number[] = [];
    const handler: BulkIngestHandler<Row, null, { lines: number[]; values: number[] }> = {
      rowClass: Row,
      duplicates: 'handler',
      startChunk: (capacity) => {
        capacities.push(capacity);
        const chunk = { lines: [] as number[], values: [] as number[] };
        return {
          get length() {
            return chunk.lines.length;
          },
          add: (line, row) => {
            chunk.lines.push(line);
            chunk.values.push(row.value);
          },
          finish: () => chunk,
        };
      },
      processChunk: async (_transaction, chunk) => {
        seen.push(chunk);
        return { inserted: chunk.lines.length, updated: 0, unchanged: 0, errors: [] };
      },
    };
    const seen: { lines: number[]; values: number[] }[] = [];
    expect(await runBulkIngest(batch(5), undefined, { chunkSize: 2 }, handler, inTransaction)).toMatchObject({ inserted: 5, rejected: 0 });
    expect(seen).toEqual([{ lines: [1, 2], values: [0, 1] }, { lines: [3, 4], values: [2, 3] }, { lines: [5], values: [4] }]);
    expect(capacities.every((capacity) => capacity === 2)).toBe(true);
  });

  it('fails the batch when a chunk fails, after the chunks under way settle', async () => {
    const { handler, trace } = tracingHandler({ overlapChunks: true, failOnChunk: 2 });
    await expect(runBulkIngest(batch(10), undefined, { chunkSize: 2 }, handler, inTransaction)).rejects.toThrow('chunk failed');
    expect(trace.chunks.length).toBeLessThanOrEqual(4);
  });

  it('counts rejected lines without remembering them: each line once however many errors it has', async () => {
    const store = memoryStore();
    const rows = [{ key: 5, value: 'x' }, { key: 'a', value: 1 }, { key: 6, value: 'y' }];
    const result = await runBulkIngest(rows, undefined, { partial: true }, store.handler, store.inTransaction);
    expect(result.rejected).toBe(2);
    expect(result.errors.filter((error) => error.line === 1).length).toBe(2);
  });
});
