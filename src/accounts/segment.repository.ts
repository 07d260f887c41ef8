import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface SegmentRecord {
  key: string;
  name: string;
  rank: number;
  createdAt: Date;
  updatedAt: Date;
}

const COLUMNS = `key, name, rank, created_at AS "createdAt", updated_at AS "updatedAt"`;

@Injectable()
export class SegmentRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  listAll(): Promise<SegmentRecord[]> {
    return this.dataSource.query(`SELECT ${COLUMNS} FROM segments ORDER BY rank, key`);
  }

  /** Undefined when the key is taken. */
  async insert(segment: { key: string; name: string; rank: number }, at: Date): Promise<SegmentRecord | undefined> {
    const rows: SegmentRecord[] = await this.dataSource.query(
      `INSERT INTO segments (key, name, rank, created_at, updated_at) VALUES ($1, $2, $3, $4, $4) ON CONFLICT (key) DO NOTHING RETURNING ${COLUMNS}`,
      [segment.key, segment.name, segment.rank, at],
    );
    return rows[0];
  }

  async update(key: string, changes: { name?: string; rank?: number }, at: Date): Promise<SegmentRecord | undefined> {
    const rows: [SegmentRecord[], number] = await this.dataSource.query(
      `UPDATE segments SET name = COALESCE($2, name), rank = COALESCE($3, rank),
         updated_at = CASE WHEN (name, rank) IS DISTINCT FROM (COALESCE($2, name), COALESCE($3, rank)) THEN $4 ELSE updated_at END
       WHERE key = $1 RETURNING ${COLUMNS}`,
      [key, changes.name ?? null, changes.rank ?? null, at],
    );
    return rows[0][0];
  }
}
