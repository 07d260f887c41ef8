import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { KeysetPosition } from '../common/pagination';
import { definedFields, keyOrIdCondition, rethrowDuplicateKey } from './catalog-sql';
import { UseCaseEntity } from './use-case.entity';

export type NewUseCase = Pick<UseCaseEntity, 'key' | 'name' | 'description'>;
export type UseCaseChanges = Partial<Omit<NewUseCase, 'key'>>;

@Injectable()
export class UseCaseRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private get repository() {
    return this.dataSource.getRepository(UseCaseEntity);
  }

  findByKeyOrId(keyOrId: string): Promise<UseCaseEntity | null> {
    return this.repository.findOneBy(keyOrIdCondition(keyOrId));
  }

  /** Ordered by key (unique), keyset-paginated. */
  list(filter: { after?: KeysetPosition; limit: number }): Promise<UseCaseEntity[]> {
    const query = this.repository.createQueryBuilder('u').orderBy('u.key', 'ASC').limit(filter.limit + 1);
    if (filter.after) query.andWhere('u.key > :afterKey', { afterKey: String(filter.after.sortValue) });
    return query.getMany();
  }

  async insert(useCase: NewUseCase): Promise<UseCaseEntity> {
    try {
      return await this.repository.save(this.repository.create(useCase));
    } catch (error) {
      rethrowDuplicateKey(error, 'use case', useCase.key);
    }
  }

  async update(id: string, changes: UseCaseChanges): Promise<UseCaseEntity | null> {
    const fields = definedFields(changes);
    if (Object.keys(fields).length > 0) await this.repository.update({ id }, fields);
    return this.repository.findOneBy({ id });
  }
}
