import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { decodeCursor, DEFAULT_PAGE_SIZE, Page, toPage } from '../common/pagination';
import { ConflictError, NotFoundError, ProblemFieldError, ValidationFailedError } from '../common/problem';
import { FeatureEntity } from './feature.entity';
import { FeatureChanges, FeatureRepository, KeyedTable, NewFeature } from './feature.repository';
import { findPrerequisiteCycle, withPrerequisites } from './prerequisite-graph';

export type CreateFeatureCommand = Pick<NewFeature, 'key' | 'product' | 'name'> & Partial<Omit<NewFeature, 'key' | 'product' | 'name'>>;

const plural = (keys: string[], one: string, many: string) => `${keys.length === 1 ? one : many} ${keys.map((key) => `"${key}"`).join(', ')}`;

@Injectable()
export class FeatureService {
  constructor(private readonly features: FeatureRepository) {}

  async list(query: { product?: string; useCase?: string; limit?: number; cursor?: string }): Promise<Page<FeatureEntity>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const rows = await this.features.list({ product: query.product, useCase: query.useCase, after: decodeCursor(query.cursor), limit });
    return toPage(rows, limit, (row) => row, (row) => ({ sortValue: row.key, id: row.id }));
  }

  async get(keyOrId: string): Promise<FeatureEntity> {
    const feature = await this.features.findByKeyOrId(keyOrId);
    if (!feature) throw new NotFoundError('Feature', keyOrId);
    return feature;
  }

  create(command: CreateFeatureCommand): Promise<FeatureEntity> {
    const feature: NewFeature = {
      key: command.key,
      product: command.product,
      name: command.name,
      description: command.description ?? null,
      prerequisites: command.prerequisites ?? [],
      eligibleSegments: command.eligibleSegments ?? [],
      useCases: command.useCases ?? [],
      documentationUrl: command.documentationUrl ?? null,
      guideUrl: command.guideUrl ?? null,
      trainingUrl: command.trainingUrl ?? null,
    };
    return this.features.inLockedTransaction(async (manager) => {
      if (await this.features.findByKeyOrId(feature.key, manager)) throw new ConflictError(`A feature with key "${feature.key}" already exists.`);
      await this.validateReferences(manager, feature.key, feature);
      return this.features.insert(manager, feature);
    });
  }

  update(keyOrId: string, changes: FeatureChanges): Promise<FeatureEntity> {
    return this.features.inLockedTransaction(async (manager) => {
      const feature = await this.features.findByKeyOrId(keyOrId, manager);
      if (!feature) throw new NotFoundError('Feature', keyOrId);
      await this.validateReferences(manager, feature.key, changes);
      const updated = await this.features.update(manager, feature.id, changes);
      if (!updated) throw new NotFoundError('Feature', keyOrId);
      return updated;
    });
  }

  /** Checks the references that were sent: every problem at once, each under its field's path. */
  private async validateReferences(manager: EntityManager, featureKey: string, fields: FeatureChanges): Promise<void> {
    const errors: ProblemFieldError[] = [];
    const unknown = async (path: string, table: KeyedTable, keys: string[] | undefined, noun: [string, string]) => {
      if (!keys || keys.length === 0) return;
      const missing = await this.features.missingKeys(manager, table, keys);
      if (missing.length > 0) errors.push({ path, message: `unknown ${plural(missing, ...noun)}` });
    };
    if (fields.product !== undefined) await unknown('product', 'products', [fields.product], ['product', 'products']);
    if (fields.prerequisites !== undefined) {
      const others = fields.prerequisites.filter((key) => key !== featureKey);
      const before = errors.length;
      await unknown('prerequisites', 'features', others, ['feature', 'features']);
      if (errors.length === before) {
        const graph = withPrerequisites(await this.features.prerequisiteGraph(manager), featureKey, fields.prerequisites);
        const cycle = findPrerequisiteCycle(graph, featureKey);
        if (cycle) errors.push({ path: 'prerequisites', message: `prerequisites would form a cycle: ${cycle.join(' -> ')}` });
      }
    }
    await unknown('useCases', 'use_cases', fields.useCases, ['use case', 'use cases']);
    if (fields.eligibleSegments?.length && (await this.features.segmentsTableExists(manager))) {
      await unknown('eligibleSegments', 'segments', fields.eligibleSegments, ['segment', 'segments']);
    }
    if (errors.length > 0) throw new ValidationFailedError(errors);
  }
}
