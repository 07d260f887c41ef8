import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Band, OverrideReasonCode } from '../scoring';

export interface HealthOverrideRecord {
  id: string;
  accountId: string;
  band: Band;
  score: number | null;
  reasonCode: OverrideReasonCode;
  note: string;
  expiresAt: Date;
  setByKeyId: string | null;
  setAt: Date;
}

const COLUMNS = `o.id, o.account_id AS "accountId", o.band, o.score::float8 AS score, o.reason_code AS "reasonCode", o.note, o.expires_at AS "expiresAt",
  o.set_by_key_id AS "setByKeyId", o.created_at AS "setAt"`;

@Injectable()
export class HealthOverrideRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  inTransaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** The account's uncleared override (expired ones included: the reader says so). */
  async open(accountId: string, manager: EntityManager = this.dataSource.manager): Promise<HealthOverrideRecord | undefined> {
    const rows: HealthOverrideRecord[] = await manager.query(`SELECT ${COLUMNS} FROM health_overrides o WHERE o.account_id = $1 AND o.cleared_at IS NULL`, [accountId]);
    return rows[0];
  }

  /** Clears the open override (if any); answers whether there was one. */
  async clear(manager: EntityManager, accountId: string, keyId: string | null, at: Date): Promise<boolean> {
    const [, count]: [unknown, number] = await manager.query(
      `UPDATE health_overrides SET cleared_at = $2, cleared_by_key_id = $3, updated_at = $2 WHERE account_id = $1 AND cleared_at IS NULL`,
      [accountId, at, keyId],
    );
    return count > 0;
  }

  async insert(
    manager: EntityManager,
    override: { accountId: string; band: Band; score: number | null; reasonCode: string; note: string; expiresAt: string; setByKeyId: string | null },
    at: Date,
  ): Promise<HealthOverrideRecord> {
    const rows: HealthOverrideRecord[] = await manager.query(
      `INSERT INTO health_overrides AS o (account_id, band, score, reason_code, note, expires_at, set_by_key_id, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING ${COLUMNS}`,
      [override.accountId, override.band, override.score, override.reasonCode, override.note, override.expiresAt, override.setByKeyId, at],
    );
    return rows[0];
  }
}
