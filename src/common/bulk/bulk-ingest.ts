import { plainToInstance, ClassConstructor } from 'class-transformer';
import { validateSync } from 'class-validator';
import { ProblemFieldError, ValidationFailedError } from '../problem';
import { flattenValidationErrors } from '../validation';
import { BulkSourceOptions, readBulkRows } from './bulk-source';

export interface BulkOptions {
  /** Keep the good rows when some are bad (default: all or nothing). */
  partial?: boolean;
  /** Validate and count, store nothing. */
  dryRun?: boolean;
}

export interface BulkCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

export interface BulkResult extends BulkCounts {
  rejected: number;
  errors: ProblemFieldError[];
}

/** A row that passed its DTO's validation, with its position in the batch. */
export interface BulkRow<Row> {
  line: number;
  row: Row;
}

export interface BulkChunkOutcome extends BulkCounts {
  /** Problems found against stored data; each names its row's line. Rows with errors were not written. */
  errors: ProblemFieldError[];
}

/** A row checked on its own: the typed row, or why it is bad (each error names its line). */
export interface RowValidation<Row> {
  row?: Row;
  errors: ProblemFieldError[];
}

/**
 * Collects the rows of one chunk until it is handed to `processChunk`, in whatever form the handler
 * wants them, e.g. column arrays of shared strings and numbers.
 */
export interface BulkChunkBuilder<Row, Chunk> {
  /** Rows added so far. */
  readonly length: number;
  add(line: number, row: Row): void;
  /** The chunk to process; the builder is not used again. */
  finish(): Chunk;
}

/** The default chunk: the validated rows themselves. */
function rowListBuilder<Row>(): BulkChunkBuilder<Row, BulkRow<Row>[]> {
  const rows: BulkRow<Row>[] = [];
  return {
    get length() {
      return rows.length;
    },
    add: (line, row) => void rows.push({ line, row }),
    finish: () => rows,
  };
}

/** What one kind of bulk ingest supplies; the mechanism does the reading, validation, chunking and transaction. */
export interface BulkIngestHandler<Row, Transaction, Chunk = BulkRow<Row>[]> {
  rowClass: ClassConstructor<Row>;
  /**
   * A faster check of one raw row, for high-volume ingests; it must answer what class-validator
   * with `rowClass` would (same paths and messages). Defaults to class-validator with `rowClass`.
   */
  validateRow?(value: unknown, line: number): RowValidation<Row>;
  /**
   * Who finds a natural key given twice in one batch:
   * - `batch` (default): the mechanism, with every key of the batch in memory (key, line and a
   *   fingerprint of the row). Right for batches bounded by a row limit; a stream grows it.
   * - `handler`: the handler, e.g. after resolving references to stored ids and against the rows
   *   the batch's transaction already wrote. The mechanism then holds at most two chunks of rows
   *   (constant memory for streams of any size); the handler counts identical repeats as
   *   `unchanged` and reports conflicting ones as errors.
   */
  duplicates?: 'batch' | 'handler';
  /** The natural key rows upsert on, e.g. the external id; the same key twice with different values is an error. Required unless `duplicates` is `handler`. */
  naturalKey?(row: Row): string;
  /** Where the natural key sits in a row, for error paths (e.g. `externalId`). */
  naturalKeyPath?: string;
  /**
   * Let the next chunk's `processChunk` start before this one's has finished (at most two at once),
   * so the handler's own work on a chunk overlaps the database's work on the one before. Only for
   * handlers whose calls stay correct interleaved: they must send their statements one at a time
   * and in call order themselves (node-pg deprecates queueing on a busy client), and `write` may be
   * stale (an atomic batch that fails is rolled back anyway).
   */
  overlapChunks?: boolean;
  /**
   * Starts a chunk (of at most `capacity` rows) in the handler's own form; required when `Chunk` is
   * not the default list of rows. A streamed row lives from its parse until its chunk's statement
   * answers, long enough for V8 to promote it to old space, where it stays as garbage until a full
   * collection: a compact chunk (columns of shared strings, typed arrays) lets the row objects die
   * young, which keeps the process's memory flat on streams of millions of rows.
   */
  startChunk?(capacity: number): BulkChunkBuilder<Row, Chunk>;
  /**
   * Checks a chunk against stored data and, when `write` is true, writes its good rows with a few
   * set-based statements. Runs inside the batch's transaction; chunks are called in order, one at a
   * time unless `overlapChunks` (the next chunk is read and validated while this one runs).
   */
  processChunk(transaction: Transaction, rows: Chunk, options: { write: boolean }): Promise<BulkChunkOutcome>;
}

export interface BulkIngestOptions extends BulkOptions, BulkSourceOptions {
  /** Rows validated and written together (default 1,000). */
  chunkSize?: number;
}

export type RunInTransaction<Transaction> = <Result>(work: (transaction: Transaction) => Promise<Result>) => Promise<Result>;

/** At most this many errors are answered; `rejected` still counts every bad row. */
export const MAX_REPORTED_ERRORS = 1000;
export const DEFAULT_CHUNK_SIZE = 1000;

class DryRunRollback extends Error {
  constructor(readonly result: BulkResult) {
    super('dry run');
  }
}

/** Validates one raw row with the handler's DTO, as the global ValidationPipe would validate a body. */
export function validateBulkRow<Row>(rowClass: ClassConstructor<Row>, value: unknown, line: number): RowValidation<Row> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { errors: [{ line, path: '', message: 'a row must be a JSON object' }] };
  const row = plainToInstance(rowClass, value, { enableImplicitConversion: false }) as Row;
  const failures = validateSync(row as object, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true, validationError: { target: false, value: false } });
  if (failures.length > 0) return { errors: flattenValidationErrors(failures).map((error) => ({ line, ...error })) };
  return { row, errors: [] };
}

/** Stable text of a value (object keys sorted), to tell an identical repeat from a conflicting one. */
export function fingerprint(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'undefined';
  if (Array.isArray(value)) return `[${value.map(fingerprint).join(',')}]`;
  return `{${Object.keys(value)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${fingerprint((value as Record<string, unknown>)[key])}`)
    .join(',')}}`;
}

/**
 * Runs a bulk upsert: reads the body's rows (JSON array, NDJSON or CSV), validates each, refuses a
 * natural key repeated with different values, and hands chunks to the handler inside one
 * transaction. Atomic by default (any bad row: 400 with every error, nothing stored); `partial`
 * keeps the good rows; `dryRun` does all the work and rolls it back, so its counts are exact.
 */
export async function runBulkIngest<Row, Transaction, Chunk = BulkRow<Row>[]>(
  body: unknown,
  contentType: string | undefined,
  options: BulkIngestOptions,
  handler: BulkIngestHandler<Row, Transaction, Chunk>,
  inTransaction: RunInTransaction<Transaction>,
): Promise<BulkResult> {
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  const partial = options.partial ?? false;
  const trackKeys = (handler.duplicates ?? 'batch') === 'batch';
  if (trackKeys && (!handler.naturalKey || handler.naturalKeyPath === undefined)) throw new Error('a bulk handler that leaves duplicates to the mechanism must name its natural key');
  const validate = handler.validateRow ? handler.validateRow.bind(handler) : (value: unknown, line: number) => validateBulkRow(handler.rowClass, value, line);
  const startChunk = handler.startChunk
    ? (handler.startChunk.bind(handler) as (capacity: number) => BulkChunkBuilder<Row, Chunk>)
    : () => rowListBuilder<Row>() as unknown as BulkChunkBuilder<Row, Chunk>;
  try {
    return await inTransaction(async (transaction) => {
      const result: BulkResult = { inserted: 0, updated: 0, unchanged: 0, rejected: 0, errors: [] };
      const seenKeys = new Map<string, { line: number; fingerprint: string }>();
      // Every error of a line comes in one report (validation, duplicate or its chunk), so counting
      // distinct lines per report is exact without remembering every rejected line of a stream.
      const report = (errors: ProblemFieldError[]) => {
        const lines = new Set<number>();
        for (const error of errors) {
          if (error.line !== undefined && !lines.has(error.line)) {
            lines.add(error.line);
            result.rejected += 1;
          }
          if (result.errors.length < MAX_REPORTED_ERRORS) result.errors.push(error);
        }
      };
      // Chunks are processed while the next ones are read and validated: parsing overlaps the database.
      const maxRunning = handler.overlapChunks ? 2 : 1;
      const running: Promise<void>[] = [];
      let chunk = startChunk(chunkSize);
      const flush = async () => {
        if (chunk.length === 0) return;
        const rows = chunk.finish();
        chunk = startChunk(chunkSize);
        while (running.length >= maxRunning) await running.shift();
        // In an atomic batch that already failed, later chunks are still checked (to report every error) but not written.
        const write = partial || result.rejected === 0;
        const processing = handler.processChunk(transaction, rows, { write }).then((outcome) => {
          result.inserted += outcome.inserted;
          result.updated += outcome.updated;
          result.unchanged += outcome.unchanged;
          report(outcome.errors);
        });
        // A failing chunk must not surface as an unhandled rejection while the next one is read.
        processing.catch(() => undefined);
        running.push(processing);
      };

      try {
        for await (const source of readBulkRows(body, contentType, options)) {
          if (source.error) {
            report([source.error]);
            continue;
          }
          const { row, errors } = validate(source.value, source.line);
          if (!row) {
            report(errors);
            continue;
          }
          if (trackKeys) {
            const key = handler.naturalKey!(row);
            const print = fingerprint(source.value);
            const earlier = seenKeys.get(key);
            if (earlier) {
              if (earlier.fingerprint === print) {
                result.unchanged += 1; // an identical repeat changes nothing
              } else {
                report([{ line: source.line, path: handler.naturalKeyPath!, message: `${JSON.stringify(key)} is also on line ${earlier.line} with different values` }]);
              }
              continue;
            }
            seenKeys.set(key, { line: source.line, fingerprint: print });
          }
          chunk.add(source.line, row);
          if (chunk.length >= chunkSize) await flush();
        }
        await flush();
        while (running.length > 0) await running.shift();
      } finally {
        // Never leave a chunk running on the transaction once the batch stops (e.g. a 413 mid-stream).
        await Promise.allSettled(running);
      }

      result.errors.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
      if (!partial && result.rejected > 0) {
        throw new ValidationFailedError(result.errors, `${result.rejected} row(s) were rejected; nothing was stored.`);
      }
      if (options.dryRun) throw new DryRunRollback(result);
      return result;
    });
  } catch (error) {
    if (error instanceof DryRunRollback) return error.result;
    throw error;
  }
}
