import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AccountScope, accountScopeOf } from '../auth/account-scope';
import type { Principal } from '../auth/principal';
import { Clock } from '../common/clock';
import { BadRequestError, NotFoundError } from '../common/problem';
import { APP_CONFIG, AppConfig, ExportFormat } from '../config/app-config';
import { cursorProblem, decodeCursor, encodeCursor, ExportCursor, feedFingerprint, parseSnapshot, toShortXid } from './export-cursor';
import { DatasetSqlContext, ExportColumnType, ExportDataset, findDataset } from './export-datasets';
import { ChangeWindow, ExportRequestFilter, exportColumns, ExportStatements, exportStatements, sqlLiteral } from './export-sql';
import { ExportPull, ExportsRepository } from './exports.repository';
import { convertCsvToParquet } from './parquet-writer';

export const EXPORT_CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8; header=present',
  ndjson: 'application/x-ndjson; charset=utf-8',
  parquet: 'application/vnd.apache.parquet',
};

export interface ExportRequest {
  format: ExportFormat;
  since?: string;
  until?: string;
  includeTest?: boolean;
}

export interface PreparedExport {
  dataset: string;
  format: ExportFormat;
  contentType: string;
  /** Pass as `since` to get what changed after this answer. */
  cursor: string;
  /** Primed: the first bytes were produced without error, so the answer can start. */
  body: Readable;
}

export interface ExportFileResult {
  dataset: string;
  format: ExportFormat;
  file: string;
  rows: number;
  bytes: number;
  sha256: string;
  columns: { name: string; type: ExportColumnType }[];
  cursor: string;
}

const DAY_MS = 24 * 3600 * 1000;

function scopeKey(scope: AccountScope): string {
  return scope.kind === 'all' ? 'all' : scope.kind === 'manager' ? `manager:${scope.managerId}` : `team:${scope.leadId}`;
}

/** A date bound means "through the end of that day" (UTC); an instant is inclusive as given. */
function untilInstant(until: string | undefined): string | null {
  if (until === undefined) return null;
  const parsed = new Date(until);
  if (Number.isNaN(parsed.getTime())) throw new BadRequestError('until must be an ISO-8601 date or instant.');
  const instant = /^\d{4}-\d{2}-\d{2}$/.test(until) ? `${until}T23:59:59.999999Z` : parsed.toISOString();
  // Postgres has no year 0 and a BI bound before 1900 means a typo.
  if (instant < '1900-01-01' || instant > '9999-12-31') throw new BadRequestError('until must be between 1900-01-01 and 9999-12-31.');
  return instant;
}

/**
 * Starts an async iterable and waits for its first chunk, so an error before the first byte still
 * becomes a problem+json answer; the returned stream replays that chunk and continues.
 */
async function primed(source: AsyncGenerator<Buffer>): Promise<Readable> {
  const first = await source.next();
  async function* replay(): AsyncGenerator<Buffer> {
    try {
      if (first.done) return;
      yield first.value;
      yield* source;
    } finally {
      await source.return(undefined);
    }
  }
  return Readable.from(replay(), { objectMode: false });
}

@Injectable()
export class ExportsService implements OnApplicationBootstrap {
  private readonly logger = new Logger(ExportsService.name);

  constructor(
    private readonly repository: ExportsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** Makes sure the configured BI role exists and may read the `bi` views of this database. */
  async onApplicationBootstrap(): Promise<void> {
    try {
      await this.repository.grantBiReader(this.config.biRoleName);
    } catch (error) {
      // The app's database user may lack CREATEROLE: the migration's default role still works.
      this.logger.warn({ err: error, role: this.config.biRoleName }, 'could not create or grant the BI role; grant it by hand (see README, BI exports)');
    }
  }

  /** `judgedAt`: the instant time-dependent columns are judged by (default now). */
  private sqlContext(judgedAt: string = this.clock.now().toISOString()): DatasetSqlContext {
    return {
      today: `${sqlLiteral(this.clock.today(this.config.businessTimezone))}::date`,
      // The app clock, as the tickets API judges SLA states by it (tests and replays control it).
      now: `${sqlLiteral(judgedAt)}::timestamptz`,
      reportingCurrency: sqlLiteral(this.config.reportingCurrency),
      adoptionThresholdPct: String(this.config.adoptionThresholdPct),
    };
  }

  private dataset(name: string): ExportDataset {
    const dataset = findDataset(name);
    if (!dataset) throw new NotFoundError('Export dataset', name);
    return dataset;
  }

  /** Validates the request, opens the pull and primes its stream; every failure up to here is a 4xx/5xx problem. */
  async open(datasetName: string, request: ExportRequest, principal: Principal): Promise<PreparedExport> {
    const dataset = this.dataset(datasetName);
    const filter: ExportRequestFilter = { includeTest: request.includeTest === true, scope: accountScopeOf(principal), until: untilInstant(request.until) };
    const feed = feedFingerprint({ dataset: dataset.name, includeTest: filter.includeTest, scope: scopeKey(filter.scope), until: filter.until });
    const previous = request.since === undefined ? null : decodeCursor(request.since);
    if (request.since !== undefined) {
      if (!previous) throw new BadRequestError('since is not a cursor this server issued: pass the Export-Cursor header of a previous answer.');
      if (previous.feed !== feed) throw new BadRequestError('since is a cursor of another dataset, key scope or filter: a cursor only continues the feed it came from.');
    }
    const pull = await this.repository.openPull();
    try {
      // Database time on both sides: tombstones are stamped and pruned by the database clock.
      if (previous && Date.parse(previous.takenAt) < Date.parse(pull.takenAt) - this.config.exportTombstoneKeepDays * DAY_MS) {
        throw new BadRequestError(`since is older than ${this.config.exportTombstoneKeepDays} days, the deletions kept for cursors: pull again without since.`);
      }
      const window = previous ? await this.changeWindow(pull, previous) : null;
      const judgedAt = this.clock.now().toISOString();
      const statements = exportStatements(dataset, this.sqlContext(judgedAt), filter, window);
      const cursor = encodeCursor({ snapshot: pull.snapshot, feed, takenAt: pull.takenAt, judgedAt });
      const body =
        request.format === 'parquet'
          ? await this.parquetBody(pull, dataset, statements)
          : statements.tombstones === null
            ? await this.primedCopy(pull, statements.rows, request.format)
            : await primed(this.pullChunks(pull, statements, request.format));
      return { dataset: dataset.name, format: request.format, contentType: EXPORT_CONTENT_TYPES[request.format], cursor, body };
    } catch (error) {
      await pull.finish(true);
      throw error;
    }
  }

  private async changeWindow(pull: ExportPull, cursor: ExportCursor): Promise<ChangeWindow> {
    const previousSnapshot = cursor.snapshot;
    const previous = parseSnapshot(previousSnapshot)!;
    const current = parseSnapshot(pull.snapshot)!;
    const problem = cursorProblem(previous, current);
    if (problem === 'from-another-server') throw new BadRequestError('since comes from another database (its transactions are ahead of this one): pull again without since.');
    if (problem === 'too-old') throw new BadRequestError('since is too many transactions old to compare: pull again without since.');
    return {
      previousSnapshot,
      previousXmaxAge: await pull.ageOf(toShortXid(previous.xmax)),
      previousInProgress: previous.inProgress.map(toShortXid),
      // Cursors from before judgedAt existed: the database time of their snapshot is the closest instant.
      previousJudgedAt: cursor.judgedAt ?? cursor.takenAt,
    };
  }

  /**
   * A single COPY (full pulls) handed to the response as it is, once its first bytes (or its end)
   * arrived: no extra stream in between on the 10M-row path. The pull ends with the stream: cleanly
   * after `end`, by dropping the connection after an error or when the reader went away.
   */
  private async primedCopy(pull: ExportPull, select: string, format: 'csv' | 'ndjson'): Promise<Readable> {
    const stream = pull.copyOut(select, format, true);
    let ended = false;
    stream.once('end', () => {
      ended = true;
      void pull.finish(false);
    });
    stream.once('close', () => {
      if (!ended) void pull.finish(true);
    });
    // The response's pipeline reports errors; this keeps one between priming and piping from being unhandled.
    stream.on('error', () => undefined);
    await new Promise<void>((resolve, reject) => {
      const settle = (error?: Error) => {
        stream.off('readable', onReadable);
        stream.off('error', onError);
        if (error) reject(error);
        else resolve();
      };
      const onReadable = () => settle();
      const onError = (error: Error) => settle(error);
      stream.once('readable', onReadable);
      stream.once('error', onError);
    });
    return stream;
  }

  /** Tombstones, then rows, as one byte stream; the CSV header comes once, with the first statement. */
  private async *copyChunks(pull: ExportPull, statements: ExportStatements, format: 'csv' | 'ndjson'): AsyncGenerator<Buffer> {
    const selects = statements.tombstones === null ? [statements.rows] : [statements.tombstones, statements.rows];
    for (const [index, select] of selects.entries()) {
      yield* pull.copyOut(select, format, index === 0) as AsyncIterable<Buffer>;
    }
  }

  /** The chunks of a pull, which ends the transaction when they end, or drops the connection when the reader stops early or COPY fails. */
  private async *pullChunks(pull: ExportPull, statements: ExportStatements, format: 'csv' | 'ndjson'): AsyncGenerator<Buffer> {
    let failed = true;
    try {
      yield* this.copyChunks(pull, statements, format);
      failed = false;
    } finally {
      await pull.finish(failed);
    }
  }

  /**
   * Parquet needs its row groups typed and its footer last, so the rows are spooled as CSV to a
   * temporary file (constant memory), converted by DuckDB in bounded memory, then streamed; the
   * files are removed when the answer ends. Errors up to the conversion are still problem answers.
   */
  private async parquetBody(pull: ExportPull, dataset: ExportDataset, statements: ExportStatements): Promise<Readable> {
    const directory = await fs.mkdtemp(path.join(os.tmpdir(), 'ah-export-'));
    try {
      const parquetPath = await this.spoolParquet(pull, dataset, statements, directory);
      const file = createReadStream(parquetPath);
      const body = new PassThrough();
      void pipeline(file, body)
        .catch((error: Error) => body.destroy(error))
        .finally(() => fs.rm(directory, { recursive: true, force: true }));
      return body;
    } catch (error) {
      await fs.rm(directory, { recursive: true, force: true });
      throw error;
    }
  }

  private async spoolParquet(pull: ExportPull, dataset: ExportDataset, statements: ExportStatements, directory: string): Promise<string> {
    const csvPath = path.join(directory, 'spool.csv');
    const parquetPath = path.join(directory, `${dataset.name}.parquet`);
    await pipeline(Readable.from(this.copyChunks(pull, statements, 'csv'), { objectMode: false }), createWriteStream(csvPath));
    await pull.finish(false);
    await convertCsvToParquet(csvPath, parquetPath, exportColumns(dataset, this.sqlContext()), directory);
    await fs.rm(csvPath, { force: true });
    return parquetPath;
  }

  /**
   * A full export of a dataset (all real accounts, no scope) to `targetPath`: written to a
   * temporary name beside it and renamed, so a reader never sees half a file. Counts rows in the
   * same snapshot as the file.
   */
  async exportToFile(datasetName: string, format: ExportFormat, targetPath: string): Promise<ExportFileResult> {
    const dataset = this.dataset(datasetName);
    const filter: ExportRequestFilter = { includeTest: false, scope: { kind: 'all' }, until: null };
    const feed = feedFingerprint({ dataset: dataset.name, includeTest: false, scope: 'all', until: null });
    const temporaryPath = `${targetPath}.tmp-${process.pid}`;
    const pull = await this.repository.openPull();
    let failed = true;
    try {
      const judgedAt = this.clock.now().toISOString();
      const statements = exportStatements(dataset, this.sqlContext(judgedAt), filter, null);
      const rows = await pull.count(statements.rows);
      const cursor = encodeCursor({ snapshot: pull.snapshot, feed, takenAt: pull.takenAt, judgedAt });
      if (format === 'parquet') {
        const directory = await fs.mkdtemp(path.join(os.tmpdir(), 'ah-export-'));
        try {
          await fs.rename(await this.spoolParquet(pull, dataset, statements, directory), temporaryPath).catch(async () => {
            // Another file system: copy instead of rename.
            await fs.copyFile(path.join(directory, `${dataset.name}.parquet`), temporaryPath);
          });
        } finally {
          await fs.rm(directory, { recursive: true, force: true });
        }
      } else {
        await pipeline(Readable.from(this.copyChunks(pull, statements, format), { objectMode: false }), createWriteStream(temporaryPath));
      }
      failed = false;
      await pull.finish(false);
      const { bytes, sha256 } = await fileDigest(temporaryPath);
      await fs.rename(temporaryPath, targetPath);
      return { dataset: dataset.name, format, file: path.basename(targetPath), rows, bytes, sha256, columns: exportColumns(dataset, this.sqlContext()), cursor };
    } catch (error) {
      await fs.rm(temporaryPath, { force: true });
      throw error;
    } finally {
      await pull.finish(failed);
    }
  }

  async deleteExpiredTombstones(): Promise<number> {
    return this.repository.deleteTombstonesOlderThan(this.config.exportTombstoneKeepDays);
  }
}

async function fileDigest(filePath: string): Promise<{ bytes: number; sha256: string }> {
  const hash = createHash('sha256');
  let bytes = 0;
  await pipeline(
    createReadStream(filePath),
    new Writable({
      write(chunk: Buffer, _encoding, callback) {
        hash.update(chunk);
        bytes += chunk.length;
        callback();
      },
    }),
  );
  return { bytes, sha256: hash.digest('hex') };
}
