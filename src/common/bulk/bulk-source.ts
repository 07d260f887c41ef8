import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { isStreamBody } from '../http/fastify-setup';
import { BadRequestError, PayloadTooLargeError, ProblemFieldError, UnsupportedMediaTypeError } from '../problem';

/** How a CSV cell becomes a JSON value before validation; cells are text, DTOs want types. */
export type CsvColumnType = 'string' | 'number' | 'boolean' | 'list' | 'json';

export interface BulkSourceOptions {
  /** Rows past this many answer 413 (nothing is stored). */
  maxRows?: number;
  /** A different limit for JSON arrays (held in memory whole), e.g. when NDJSON and CSV streams take any number of rows. */
  maxArrayRows?: number;
  /** Column types by header name; unnamed columns stay strings. Empty cells are left out. */
  csvColumns?: Record<string, CsvColumnType>;
}

/** One row of a batch: its 1-based position (a CSV header is not counted) and its parsed value, or why it could not be parsed. */
export type SourceRow = { line: number; value: unknown; error?: undefined } | { line: number; value?: undefined; error: ProblemFieldError };

/** Separator of list cells in CSV, e.g. `voice-calling|video-calling`. */
export const CSV_LIST_SEPARATOR = '|';

export function coerceCsvCell(cell: string, type: CsvColumnType): unknown {
  switch (type) {
    case 'string':
      return cell;
    case 'number': {
      const number = Number(cell);
      return /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(cell.trim()) && Number.isFinite(number) ? number : cell;
    }
    case 'boolean': {
      const lower = cell.trim().toLowerCase();
      return lower === 'true' || lower === '1' ? true : lower === 'false' || lower === '0' ? false : cell;
    }
    case 'list':
      return cell
        .split(CSV_LIST_SEPARATOR)
        .map((item) => item.trim())
        .filter((item) => item !== '');
    case 'json':
      try {
        return JSON.parse(cell) as unknown;
      } catch {
        return cell;
      }
  }
}

/** A CSV record as a row object: empty cells omitted, typed columns coerced. */
export function csvRecordToRow(record: Record<string, string>, columns: Record<string, CsvColumnType> = {}): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const [column, cell] of Object.entries(record)) {
    if (cell === '') continue;
    row[column] = coerceCsvCell(cell, columns[column] ?? 'string');
  }
  return row;
}

function mediaType(contentType: string | undefined): string {
  return String(contentType ?? 'application/json').split(';')[0].trim().toLowerCase();
}

function tooMany(maxRows: number, array = false): PayloadTooLargeError {
  return new PayloadTooLargeError(
    array
      ? `A JSON array takes at most ${maxRows} rows; split it into several requests or stream it as application/x-ndjson or text/csv.`
      : `A batch takes at most ${maxRows} rows; split it into several requests.`,
  );
}

/**
 * The rows of a bulk body, one at a time: a JSON array (already parsed), or an NDJSON or CSV
 * stream read in constant memory. Malformed rows come out as errors on their line so a partial
 * batch can keep the rest; a malformed CSV file stops the batch (its later lines cannot be trusted).
 */
export async function* readBulkRows(body: unknown, contentType: string | undefined, options: BulkSourceOptions = {}): AsyncGenerator<SourceRow> {
  const type = mediaType(contentType);
  const maxRows = options.maxRows ?? Number.POSITIVE_INFINITY;
  if (!isStreamBody(body)) {
    if (!Array.isArray(body)) throw new BadRequestError('The body must be a JSON array of rows (or NDJSON / CSV with their content type).');
    const maxArrayRows = options.maxArrayRows ?? maxRows;
    if (body.length > maxArrayRows) throw tooMany(maxArrayRows, options.maxArrayRows !== undefined);
    for (let index = 0; index < body.length; index += 1) yield { line: index + 1, value: body[index] as unknown };
    return;
  }
  if (type === 'application/x-ndjson') {
    yield* readNdjson(body, maxRows);
  } else if (type === 'text/csv') {
    yield* readCsv(body, maxRows, options.csvColumns ?? {});
  } else {
    throw new UnsupportedMediaTypeError(`Unsupported content type ${type}.`);
  }
}

async function* readNdjson(stream: Readable, maxRows: number): AsyncGenerator<SourceRow> {
  const lines = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
  let line = 0;
  try {
    for await (const text of lines) {
      line += 1;
      if (text.trim() === '') continue;
      if (line > maxRows) throw tooMany(maxRows);
      try {
        yield { line, value: JSON.parse(text) as unknown };
      } catch (error) {
        if (!(error instanceof SyntaxError)) throw error;
        yield { line, error: { line, path: '', message: `malformed JSON: ${error.message}` } };
      }
    }
  } finally {
    lines.close();
  }
}

async function* readCsv(stream: Readable, maxRows: number, columns: Record<string, CsvColumnType>): AsyncGenerator<SourceRow> {
  // Records as arrays (faster than csv-parse's objects); the header row names the cells.
  const parser = stream.pipe(parse({ bom: true, trim: true, skip_empty_lines: true }));
  let header: string[] | undefined;
  let line = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      if (!header) {
        header = record;
        continue;
      }
      line += 1;
      if (line > maxRows) throw tooMany(maxRows);
      const row: Record<string, unknown> = {};
      for (let index = 0; index < header.length; index += 1) {
        const cell = record[index];
        if (cell === '' || cell === undefined) continue;
        const name = header[index];
        const value = coerceCsvCell(cell, columns[name] ?? 'string');
        // A `__proto__` column stays a plain (unknown) field instead of replacing the row's prototype.
        if (name === '__proto__') Object.defineProperty(row, name, { value, enumerable: true, writable: true, configurable: true });
        else row[name] = value;
      }
      yield { line, value: row };
    }
  } catch (error) {
    if (error instanceof PayloadTooLargeError) throw error;
    const code = (error as { code?: string }).code;
    if (typeof code === 'string' && code.startsWith('CSV_')) throw new BadRequestError(`Malformed CSV after row ${line}: ${(error as Error).message}`);
    throw error;
  } finally {
    parser.destroy();
  }
}
