import { DuckDBInstance } from '@duckdb/node-api';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { auth } from '../accounts/fixtures';
import type { TestApp } from '../support/test-app';

export type Format = 'csv' | 'ndjson' | 'parquet';

export interface ExportAnswer {
  status: number;
  cursor: string;
  contentType: string;
  body: Buffer;
}

/** GETs an export as bytes (supertest buffers any content type with this parser). */
export async function pull(t: TestApp, dataset: string, query: Record<string, string>, key = t.adminKey): Promise<ExportAnswer> {
  const response = await request(t.server)
    .get(`/api/v1/exports/${dataset}`)
    .query(query)
    .set(auth(key))
    .buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
  return { status: response.status, cursor: response.headers['export-cursor'], contentType: response.headers['content-type'], body: response.body as Buffer };
}

let sequence = 0;

/**
 * Reads an export with DuckDB, as a BI tool would: saved to a file first (DuckDB does not read
 * over HTTP here), then `read_csv` / `read_json` / `read_parquet`; `sql` selects from `t`.
 */
export async function readWithDuckDb<T = Record<string, unknown>>(body: Buffer, format: Format, sql = 'SELECT * FROM t'): Promise<T[]> {
  sequence += 1;
  const file = path.join(os.tmpdir(), `ah-export-test-${process.pid}-${sequence}.${format}`);
  await fs.writeFile(file, body);
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  try {
    const connection = await instance.connect();
    const source =
      format === 'csv'
        ? `read_csv('${file}', header = true, auto_detect = true, all_varchar = false, allow_quoted_nulls = false, sample_size = -1)`
        : format === 'ndjson'
          ? `read_json('${file}', format = 'newline_delimited', sample_size = -1)`
          : `read_parquet('${file}')`;
    await connection.run(`CREATE VIEW t AS SELECT * FROM ${source}`);
    const result = await connection.runAndReadAll(sql);
    const rows = result.getRowObjectsJson() as T[];
    connection.closeSync();
    return rows;
  } finally {
    instance.closeSync();
    await fs.rm(file, { force: true });
  }
}

/** Column names and types of an export as DuckDB sees them. */
export async function describeWithDuckDb(body: Buffer, format: Format): Promise<Record<string, string>> {
  const rows = await readWithDuckDb<{ column_name: string; column_type: string }>(body, format, 'DESCRIBE SELECT * FROM t');
  return Object.fromEntries(rows.map((row) => [row.column_name, row.column_type]));
}
