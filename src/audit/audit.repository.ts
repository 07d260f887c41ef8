import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { KeysetPosition } from '../common/pagination';
import { AuditEntryEntity } from './audit-entry.entity';

export type NewAuditEntry = Omit<AuditEntryEntity, 'id' | 'createdAt' | 'updatedAt'>;

export interface AuditFilter {
  actorKeyId?: string;
  entityType?: string;
  entityId?: string;
  action?: string;
  from?: Date;
  to?: Date;
  after?: KeysetPosition;
  limit: number;
}

@Injectable()
export class AuditRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(entry: NewAuditEntry): Promise<void> {
    const repository = this.dataSource.getRepository(AuditEntryEntity);
    // save() takes the entity's shape; insert()'s deep-partial type rejects a jsonb Record<string, unknown>.
    await repository.save(repository.create(entry));
  }

  /** Newest first, keyset-paginated on (occurred_at, id). */
  list(filter: AuditFilter): Promise<AuditEntryEntity[]> {
    const query = this.dataSource
      .getRepository(AuditEntryEntity)
      .createQueryBuilder('a')
      .orderBy('a.occurred_at', 'DESC')
      .addOrderBy('a.id', 'DESC')
      .limit(filter.limit + 1);
    if (filter.actorKeyId) query.andWhere('a.actor_key_id = :actorKeyId', { actorKeyId: filter.actorKeyId });
    if (filter.entityType) query.andWhere('a.entity_type = :entityType', { entityType: filter.entityType });
    if (filter.entityId) query.andWhere('a.entity_id = :entityId', { entityId: filter.entityId });
    if (filter.action) query.andWhere('a.action = :action', { action: filter.action });
    if (filter.from) query.andWhere('a.occurred_at >= :from', { from: filter.from });
    if (filter.to) query.andWhere('a.occurred_at < :to', { to: filter.to });
    if (filter.after) query.andWhere('(a.occurred_at, a.id) < (:afterAt::timestamptz, :afterId::uuid)', { afterAt: filter.after.sortValue, afterId: filter.after.id });
    return query.getMany();
  }
}
