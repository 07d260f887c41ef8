import { Readable } from 'node:stream';
import { coerceCsvCell, csvRecordToRow, readBulkRows, SourceRow } from './bulk-source';

async function collect(body: unknown, contentType: string, maxRows?: number): Promise<SourceRow[]> {
  const rows: SourceRow[] = [];
  for await (const row of readBulkRows(body, contentType, { maxRows, csvColumns: { count: 'number', flag: 'boolean', tags: 'list' } })) rows.push(row);
  return rows;
}

describe('readBulkRows', () => {
  it('numbers JSON array rows from 1', async () => {
    expect(await collect([{ a: 1 }, { a: 2 }], 'application/json')).toEqual([
      { line: 1, value: { a: 1 } },
      { line: 2, value: { a: 2 } },
    ]);
  });

  it('reads NDJSON line by line, skipping blank lines and reporting malformed ones', async () => {
    const rows = await collect(Readable.from(['{"a":1}\n\n{"a":', '2}\n{oops\n']), 'application/x-ndjson');
    expect(rows.map((row) => [row.line, row.value ?? row.error?.path])).toEqual([
      [1, { a: 1 }],
      [3, { a: 2 }],
      [4, ''],
    ]);
  });

  it('reads CSV with the header not counted, typed columns and empty cells left out', async () => {
    const rows = await collect(Readable.from(['name,count,flag,tags\n', 'x,3,true,a|b\ny,,false,\n']), 'text/csv');
    expect(rows).toEqual([
      { line: 1, value: { name: 'x', count: 3, flag: true, tags: ['a', 'b'] } },
      { line: 2, value: { name: 'y', flag: false } },
    ]);
  });

  it('refuses more rows than allowed with 413', async () => {
    await expect(collect([1, 2, 3], 'application/json', 2)).rejects.toMatchObject({ status: 413 });
    await expect(collect(Readable.from(['{}\n{}\n{}\n']), 'application/x-ndjson', 2)).rejects.toMatchObject({ status: 413 });
  });

  it('refuses a body that is not an array, and malformed CSV', async () => {
    await expect(collect({ a: 1 }, 'application/json')).rejects.toMatchObject({ status: 400 });
    await expect(collect(Readable.from(['a,b\n"x,1\n']), 'text/csv')).rejects.toMatchObject({ status: 400 });
  });

  it('leaves cells it cannot coerce as text for validation to report', () => {
    expect(coerceCsvCell('abc', 'number')).toBe('abc');
    expect(coerceCsvCell('yes', 'boolean')).toBe('yes');
    expect(coerceCsvCell('{bad', 'json')).toBe('{bad');
    expect(csvRecordToRow({ a: '', b: '1' })).toEqual({ b: '1' });
  });
});

describe('readBulkRows with a JSON array limit of its own', () => {
  it('refuses a longer array with 413 naming the streamed formats, and streams past it', async () => {
    const read = async (body: unknown, contentType: string) => {
      const rows: SourceRow[] = [];
      for await (const row of readBulkRows(body, contentType, { maxArrayRows: 2 })) rows.push(row);
      return rows;
    };
    await expect(read([{}, {}, {}], 'application/json')).rejects.toMatchObject({ status: 413, message: expect.stringMatching(/ndjson/) });
    expect(await read(Readable.from(['{}\n{}\n{}\n']), 'application/x-ndjson')).toHaveLength(3);
  });
});
