import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { KeysetPosition } from '../common/pagination';
import { definedFields, keyOrIdCondition, rethrowDuplicateKey } from './catalog-sql';
import { MetricEntity, MetricKind } from './metric.entity';

export type NewMetric = Pick<MetricEntity, 'key' | 'name' | 'description' | 'unit' | 'aggregation' | 'higherIsBetter' | 'allowNegative' | 'kind'>;
export type MetricChanges = Partial<Omit<NewMetric, 'key'>>;

@Injectable()
export class MetricRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private get repository() {
    return this.dataSource.getRepository(MetricEntity);
  }

  findByKeyOrId(keyOrId: string): Promise<MetricEntity | null> {
    return this.repository.findOneBy(keyOrIdCondition(keyOrId));
  }

  async existsByKey(key: string): Promise<boolean> {
    return this.repository.existsBy({ key });
  }

  /** Ordered by key (unique), keyset-paginated. */
  list(filter: { kind?: MetricKind; after?: KeysetPosition; limit: number }): Promise<MetricEntity[]> {
    const query = this.repository.createQueryBuilder('m').orderBy('m.key', 'ASC').limit(filter.limit + 1);
    if (filter.kind) query.andWhere('m.kind = :kind', { kind: filter.kind });
    if (filter.after) query.andWhere('m.key > :afterKey', { afterKey: String(filter.after.sortValue) });
    return query.getMany();
  }

  async insert(metric: NewMetric): Promise<MetricEntity> {
    try {
      return await this.repository.save(this.repository.create(metric));
    } catch (error) {
      rethrowDuplicateKey(error, 'metric', metric.key);
    }
  }

  async update(id: string, changes: MetricChanges): Promise<MetricEntity | null> {
    const fields = definedFields(changes);
    if (Object.keys(fields).length > 0) await this.repository.update({ id }, fields);
    return this.repository.findOneBy({ id });
  }
}
