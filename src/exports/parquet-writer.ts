import type { ExportColumnType } from './export-datasets';

/** How a CSV text column becomes a typed Parquet column (DuckDB SQL over a VARCHAR column). */
export function parquetCast(name: string, type: ExportColumnType): string {
  const column = `"${name.replace(/"/g, '""')}"`;
  switch (type) {
    case 'uuid':
      return `CAST(${column} AS UUID)`;
    case 'text':
      return column;
    case 'date':
      return `CAST(${column} AS DATE)`;
    case 'timestamptz':
      return `CAST(${column} AS TIMESTAMPTZ)`;
    case 'integer':
      return `CAST(${column} AS INTEGER)`;
    case 'double':
      return `CAST(${column} AS DOUBLE)`;
    case 'boolean':
      return `CAST(${column} AS BOOLEAN)`;
    case 'text[]':
      return `from_json(${column}, '["VARCHAR"]')`;
    case 'json':
      return `CAST(${column} AS JSON)`;
    default: {
      const decimal = /^decimal\((\d+),(\d+)\)$/.exec(type);
      if (!decimal) throw new Error(`no Parquet type for ${type}`);
      return `CAST(${column} AS DECIMAL(${decimal[1]},${decimal[2]}))`;
    }
  }
}

function quoteString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/**
 * Converts a CSV spool (as COPY wrote it: header, unquoted empty = NULL) into Parquet with typed
 * columns, in row groups, inside an in-process DuckDB limited to one thread and MEMORY_LIMIT, so
 * memory stays bounded whatever the file size (DuckDB spills to `tempDirectory`).
 */
export async function convertCsvToParquet(csvPath: string, parquetPath: string, columns: { name: string; type: ExportColumnType }[], tempDirectory: string): Promise<void> {
  // Loaded on first use: the native library adds tens of MB to a process that never writes Parquet.
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:', { threads: '1', memory_limit: '96MB', temp_directory: tempDirectory, preserve_insertion_order: 'true' });
  try {
    const connection = await instance.connect();
    try {
      const csvColumns = columns.map((column) => `${quoteString(column.name)}: 'VARCHAR'`).join(', ');
      const select = columns.map((column) => `${parquetCast(column.name, column.type)} AS "${column.name.replace(/"/g, '""')}"`).join(', ');
      await connection.run(
        `COPY (SELECT ${select} FROM read_csv(${quoteString(csvPath)}, header = true, delim = ',', quote = '"', escape = '"', auto_detect = false, allow_quoted_nulls = false, columns = {${csvColumns}}))
         TO ${quoteString(parquetPath)} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 100000)`,
      );
    } finally {
      connection.closeSync();
    }
  } finally {
    instance.closeSync();
  }
}
