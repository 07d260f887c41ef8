import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Pool, PoolClient } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import type { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

export type CopyFormat = 'csv' | 'ndjson';

/**
 * One pull: a connection in a REPEATABLE READ, READ ONLY transaction, so every statement of the
 * pull (tombstones, rows, counts) reads the same snapshot — the one its cursor hands on. Instants
 * print in UTC. The owner must call `finish()` once, with whether the pull failed (a failed or
 * abandoned COPY leaves the connection unusable, so it is destroyed rather than pooled).
 */
export class ExportPull {
  private finished = false;
  /** A connection that dies mid-COPY (a database restart) also emits `error` on the client: without a listener that would crash the process. */
  private readonly onConnectionError = (): void => undefined;

  constructor(
    private readonly client: PoolClient,
    /** `pg_current_snapshot()` of the transaction, as text. */
    readonly snapshot: string,
    /** Database time when the snapshot was taken (ISO). */
    readonly takenAt: string,
  ) {
    client.on('error', this.onConnectionError);
  }

  /** `age()` of a 32-bit xid in this transaction: rows whose `age(xmin)` is at most this were written at or after it. */
  async ageOf(shortXid: string): Promise<number> {
    const result = await this.client.query<{ age: number }>(`SELECT age($1::xid) AS age`, [shortXid]);
    return result.rows[0].age;
  }

  async count(select: string): Promise<number> {
    const result = await this.client.query<{ n: string }>(`SELECT count(*) AS n FROM (${select}) q`);
    return Number(result.rows[0].n);
  }

  /**
   * Streams a SELECT out with COPY. CSV: RFC 4180 with an optional header. NDJSON: one
   * `row_to_json` per line, through COPY's CSV format with a quote and delimiter (0x01, 0x02) that
   * JSON text never contains raw, so lines come out verbatim (the text format would double every
   * backslash).
   */
  copyOut(select: string, format: CopyFormat, header: boolean): Readable {
    const sql =
      format === 'csv'
        ? `COPY (${select}) TO STDOUT WITH (FORMAT csv, HEADER ${header ? 'true' : 'false'})`
        : `COPY (SELECT row_to_json(q)::text FROM (${select}) q) TO STDOUT WITH (FORMAT csv, QUOTE E'\\x01', DELIMITER E'\\x02')`;
    const stream = this.client.query(copyTo(sql));
    // Whoever pipes the stream handles its errors; this keeps one that arrives after the pipe has
    // let go (the backend's FATAL once the answer is already cut) from being an unhandled one.
    stream.on('error', this.onConnectionError);
    return stream;
  }

  async finish(failed: boolean): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    if (failed) {
      // The connection may still report its death (a FATAL from a terminated backend) after the
      // release destroys it: the listener stays, so that late error is not an unhandled one.
      this.client.release(new Error('export pull ended abnormally'));
      return;
    }
    try {
      await this.client.query('COMMIT');
      this.client.off('error', this.onConnectionError);
      this.client.release();
    } catch (error) {
      this.client.release(error as Error);
    }
  }
}

@Injectable()
export class ExportsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The driver's pg pool: COPY streams need a raw client, and one that can be destroyed after a failed COPY. */
  private pool(): Pool {
    return (this.dataSource.driver as PostgresDriver).master as Pool;
  }

  async openPull(): Promise<ExportPull> {
    const client = await this.pool().connect();
    try {
      await client.query(
        `BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY;
         SET LOCAL TimeZone = 'UTC'; SET LOCAL DateStyle = 'ISO, YMD'; SET LOCAL standard_conforming_strings = on; SET LOCAL extra_float_digits = 1`,
      );
      const result = await client.query<{ snapshot: string; taken_at: Date }>(`SELECT pg_current_snapshot()::text AS snapshot, now() AS taken_at`);
      return new ExportPull(client, result.rows[0].snapshot, result.rows[0].taken_at.toISOString());
    } catch (error) {
      client.release(error as Error);
      throw error;
    }
  }

  /** Creates the read-only role if missing and grants it the `bi` views in this database (see the Exports migration). */
  async grantBiReader(roleName: string): Promise<void> {
    await this.dataSource.query(`SELECT export_grant_bi_reader($1)`, [roleName]);
  }

  /** Drops tombstones past the retention (database time); cursors older than that are refused, so none is still needed. */
  async deleteTombstonesOlderThan(days: number): Promise<number> {
    const [, count]: [unknown, number] = await this.dataSource.query(`DELETE FROM export_tombstones WHERE deleted_at < now() - make_interval(days => $1)`, [days]);
    return count;
  }
}
