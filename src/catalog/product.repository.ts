import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { KeysetPosition } from '../common/pagination';
import { definedFields, keyOrIdCondition, rethrowDuplicateKey } from './catalog-sql';
import { ProductEntity } from './product.entity';

export type NewProduct = Pick<ProductEntity, 'key' | 'name' | 'description' | 'mainMetric'>;
export type ProductChanges = Partial<Omit<NewProduct, 'key'>>;

@Injectable()
export class ProductRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private get repository() {
    return this.dataSource.getRepository(ProductEntity);
  }

  findByKeyOrId(keyOrId: string): Promise<ProductEntity | null> {
    return this.repository.findOneBy(keyOrIdCondition(keyOrId));
  }

  /** Ordered by key (unique), keyset-paginated. */
  list(filter: { after?: KeysetPosition; limit: number }): Promise<ProductEntity[]> {
    const query = this.repository.createQueryBuilder('p').orderBy('p.key', 'ASC').limit(filter.limit + 1);
    if (filter.after) query.andWhere('p.key > :afterKey', { afterKey: String(filter.after.sortValue) });
    return query.getMany();
  }

  async insert(product: NewProduct): Promise<ProductEntity> {
    try {
      return await this.repository.save(this.repository.create(product));
    } catch (error) {
      rethrowDuplicateKey(error, 'product', product.key);
    }
  }

  async update(id: string, changes: ProductChanges): Promise<ProductEntity | null> {
    const fields = definedFields(changes);
    if (Object.keys(fields).length > 0) await this.repository.update({ id }, fields);
    return this.repository.findOneBy({ id });
  }
}
