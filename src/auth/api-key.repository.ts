import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { KeysetPosition } from '../common/pagination';
import { ApiKeyEntity, ApiKeyRole } from './api-key.entity';

export interface NewApiKey {
  name: string;
  prefix: string;
  secretSha256: string;
  role: ApiKeyRole;
  managerId: string | null;
  origin: 'api' | 'bootstrap' | 'env';
  expiresAt: Date | null;
  createdByKeyId: string | null;
}

export interface ApiKeyListFilter {
  role?: ApiKeyRole;
  includeRevoked: boolean;
  after?: KeysetPosition;
  limit: number;
}

/** Refreshing last_used_at on every request would turn each read into a write; once a minute is enough. */
export const LAST_USED_REFRESH_MS = 60_000;
const LAST_USED_GRANULARITY = `interval '${LAST_USED_REFRESH_MS / 1000} seconds'`;

@Injectable()
export class ApiKeyRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private get repository() {
    return this.dataSource.getRepository(ApiKeyEntity);
  }

  insert(key: NewApiKey): Promise<ApiKeyEntity> {
    return this.repository.save(this.repository.create(key));
  }

  findById(id: string): Promise<ApiKeyEntity | null> {
    return this.repository.findOneBy({ id });
  }

  findBySecretSha256(secretSha256: string): Promise<ApiKeyEntity | null> {
    return this.repository.findOneBy({ secretSha256 });
  }

  /** Newest first, keyset-paginated on (created_at, id). */
  async list(filter: ApiKeyListFilter): Promise<ApiKeyEntity[]> {
    const query = this.repository.createQueryBuilder('k').orderBy('k.created_at', 'DESC').addOrderBy('k.id', 'DESC').limit(filter.limit + 1);
    if (filter.role) query.andWhere('k.role = :role', { role: filter.role });
    if (!filter.includeRevoked) query.andWhere('k.revoked_at IS NULL');
    if (filter.after) {
      query.andWhere('(k.created_at, k.id) < (:afterCreatedAt::timestamptz, :afterId::uuid)', { afterCreatedAt: filter.after.sortValue, afterId: filter.after.id });
    }
    return query.getMany();
  }

  /** Revokes once; revoking again keeps the first time. */
  async revoke(id: string, at: Date): Promise<ApiKeyEntity | null> {
    await this.repository.createQueryBuilder().update().set({ revokedAt: () => 'COALESCE(revoked_at, :at)' }).setParameter('at', at).where('id = :id', { id }).execute();
    return this.findById(id);
  }

  async touchLastUsed(id: string, at: Date): Promise<void> {
    await this.dataSource.query(`UPDATE api_keys SET last_used_at = $2 WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < $2::timestamptz - ${LAST_USED_GRANULARITY})`, [id, at]);
  }

  /** Creates the first-start admin key unless a usable admin key exists; true when it did. */
  async insertBootstrapAdminKeyUnlessOneExists(prefix: string, secretSha256: string, at: Date): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('api_keys:bootstrap'))`);
      const inserted: unknown[] = await manager.query(
        `INSERT INTO api_keys (name, prefix, secret_sha256, role, origin)
         SELECT 'bootstrap admin', $1, $2, 'admin', 'bootstrap'
         WHERE NOT EXISTS (SELECT 1 FROM api_keys WHERE role = 'admin' AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $3))
         RETURNING id`,
        [prefix, secretSha256, at],
      );
      return inserted.length > 0;
    });
  }

  async managerExists(managerId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query('SELECT 1 FROM managers WHERE id = $1', [managerId]);
    return rows.length > 0;
  }

  /**
   * Makes ADMIN_API_KEY the one `env` key: inserts it when new and revokes an `env` key left from a
   * previous value, in one transaction so two instances starting together agree.
   */
  async replaceEnvironmentAdminKey(prefix: string, secretSha256: string, at: Date): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('api_keys:env'))`);
      await manager.query(`UPDATE api_keys SET revoked_at = $2 WHERE origin = 'env' AND revoked_at IS NULL AND secret_sha256 <> $1`, [secretSha256, at]);
      await manager.query(
        `INSERT INTO api_keys (name, prefix, secret_sha256, role, origin) VALUES ('ADMIN_API_KEY', $1, $2, 'admin', 'env')
         ON CONFLICT (secret_sha256) DO UPDATE SET revoked_at = NULL, role = 'admin', expires_at = NULL`,
        [prefix, secretSha256],
      );
    });
  }

  /** Removes keys that expired or were revoked more than `retentionDays` ago; the audit log keeps their names. */
  async deleteExpiredBefore(cutoff: Date): Promise<number> {
    const result: [unknown[], number] = await this.dataSource.query(
      `DELETE FROM api_keys WHERE (expires_at IS NOT NULL AND expires_at < $1) OR (revoked_at IS NOT NULL AND revoked_at < $1)`,
      [cutoff],
    );
    return result[1];
  }
}
