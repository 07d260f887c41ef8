import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { HealthModelDefinition } from '../scoring';
import type { HealthModelStatus } from './health-model.entity';

export interface HealthModelRecord {
  id: string;
  key: string;
  version: number;
  name: string;
  status: HealthModelStatus;
  definition: HealthModelDefinition;
  activatedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

const COLUMNS = `m.id, m.key, m.version, m.name, m.status, m.definition, m.activated_at AS "activatedAt", m.created_at AS "createdAt", m.updated_at AS "updatedAt"`;

@Injectable()
export class HealthModelRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Model changes take turns (one advisory lock for all keys): activation checks segments across models. */
  inTransaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('health_models'))`);
      return work(manager);
    });
  }

  list(filter: { key?: string; status?: HealthModelStatus }): Promise<HealthModelRecord[]> {
    return this.dataSource.query(
      `SELECT ${COLUMNS} FROM health_models m WHERE ($1::text IS NULL OR m.key = $1) AND ($2::text IS NULL OR m.status = $2) ORDER BY m.key, m.version`,
      [filter.key ?? null, filter.status ?? null],
    );
  }

  async findVersion(key: string, version: number, manager: EntityManager = this.dataSource.manager): Promise<HealthModelRecord | undefined> {
    const rows: HealthModelRecord[] = await manager.query(`SELECT ${COLUMNS} FROM health_models m WHERE m.key = $1 AND m.version = $2`, [key, version]);
    return rows[0];
  }

  async findByIds(ids: string[]): Promise<HealthModelRecord[]> {
    if (ids.length === 0) return [];
    return this.dataSource.query(`SELECT ${COLUMNS} FROM health_models m WHERE m.id = ANY($1::uuid[])`, [ids]);
  }

  /** The versions every run scores: active (official) and shadow. */
  scoringModels(manager: EntityManager = this.dataSource.manager): Promise<HealthModelRecord[]> {
    return manager.query(`SELECT ${COLUMNS} FROM health_models m WHERE m.status IN ('active', 'shadow') ORDER BY m.status, m.key, m.version`);
  }

  /** When the set of scored versions last changed (a version became active or shadow). */
  async lastActivationAt(): Promise<Date | null> {
    const rows: { at: Date | null }[] = await this.dataSource.query(`SELECT max(activated_at) AS at FROM health_models`);
    return rows[0]?.at ?? null;
  }

  async insertVersion(manager: EntityManager, model: { key: string; name: string; definition: HealthModelDefinition }, at: Date): Promise<HealthModelRecord> {
    const rows: HealthModelRecord[] = await manager.query(
      `INSERT INTO health_models AS m (key, version, name, status, definition, created_at, updated_at)
       SELECT $1, coalesce((SELECT max(version) FROM health_models WHERE key = $1), 0) + 1, $2, 'draft', $3::jsonb, $4, $4
       RETURNING ${COLUMNS}`,
      [model.key, model.name, JSON.stringify(model.definition), at],
    );
    return rows[0];
  }

  async updateDraft(manager: EntityManager, id: string, changes: { name: string; definition: HealthModelDefinition }, at: Date): Promise<HealthModelRecord> {
    const [rows]: [HealthModelRecord[], number] = await manager.query(
      `UPDATE health_models m SET name = $2, definition = $3::jsonb, updated_at = $4 WHERE m.id = $1 AND m.status = 'draft' RETURNING ${COLUMNS}`,
      [id, changes.name, JSON.stringify(changes.definition), at],
    );
    return rows[0];
  }

  /** Makes the version active (retiring the key's previous active version) or shadow; `activated_at` records when it started being scored. */
  async setStatus(manager: EntityManager, id: string, status: 'active' | 'shadow' | 'retired', at: Date): Promise<HealthModelRecord> {
    if (status === 'active') {
      await manager.query(
        `UPDATE health_models SET status = 'retired', updated_at = $2 WHERE key = (SELECT key FROM health_models WHERE id = $1) AND status = 'active' AND id <> $1`,
        [id, at],
      );
    }
    const [rows]: [HealthModelRecord[], number] = await manager.query(
      `UPDATE health_models m SET status = $2, activated_at = CASE WHEN $2 IN ('active', 'shadow') THEN $3 ELSE m.activated_at END, updated_at = $3
       WHERE m.id = $1 RETURNING ${COLUMNS}`,
      [id, status, at],
    );
    return rows[0];
  }
}
