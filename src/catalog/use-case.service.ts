import { Injectable } from '@nestjs/common';
import { decodeCursor, DEFAULT_PAGE_SIZE, Page, toPage } from '../common/pagination';
import { NotFoundError } from '../common/problem';
import { UseCaseEntity } from './use-case.entity';
import { UseCaseChanges, UseCaseRepository } from './use-case.repository';

@Injectable()
export class UseCaseService {
  constructor(private readonly useCases: UseCaseRepository) {}

  async list(query: { limit?: number; cursor?: string }): Promise<Page<UseCaseEntity>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const rows = await this.useCases.list({ after: decodeCursor(query.cursor), limit });
    return toPage(rows, limit, (row) => row, (row) => ({ sortValue: row.key, id: row.id }));
  }

  async get(keyOrId: string): Promise<UseCaseEntity> {
    const useCase = await this.useCases.findByKeyOrId(keyOrId);
    if (!useCase) throw new NotFoundError('Use case', keyOrId);
    return useCase;
  }

  create(command: { key: string; name: string; description?: string | null }): Promise<UseCaseEntity> {
    return this.useCases.insert({ key: command.key, name: command.name, description: command.description ?? null });
  }

  async update(keyOrId: string, changes: UseCaseChanges): Promise<UseCaseEntity> {
    const useCase = await this.get(keyOrId);
    const updated = await this.useCases.update(useCase.id, changes);
    if (!updated) throw new NotFoundError('Use case', keyOrId);
    return updated;
  }
}
