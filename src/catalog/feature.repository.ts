import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { KeysetPosition } from '../common/pagination';
import { definedFields, keyOrIdCondition, rethrowDuplicateKey } from './catalog-sql';
import { FeatureEntity } from './feature.entity';
import type { PrerequisiteGraph } from './prerequisite-graph';

export type NewFeature = Pick<
  FeatureEntity,
  'key' | 'product' | 'name' | 'description' | 'prerequisites' | 'eligibleSegments' | 'useCases' | 'documentationUrl' | 'guideUrl' | 'trainingUrl'
>;
export type FeatureChanges = Partial<Omit<NewFeature, 'key'>>;

/** Tables whose keys a feature refers to. */
export type KeyedTable = 'products' | 'use_cases' | 'features' | 'segments';
const KEYED_TABLES: readonly KeyedTable[] = ['products', 'use_cases', 'features', 'segments'];

@Injectable()
export class FeatureRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Runs a feature write in a transaction that holds the catalog's feature lock, so two concurrent
   * writes cannot each pass the cycle check and together close a cycle.
   */
  inLockedTransaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('catalog:features'))`);
      return work(manager);
    });
  }

  findByKeyOrId(keyOrId: string, manager: EntityManager = this.dataSource.manager): Promise<FeatureEntity | null> {
    return manager.getRepository(FeatureEntity).findOneBy(keyOrIdCondition(keyOrId));
  }

  /** Ordered by key (unique), keyset-paginated. */
  list(filter: { product?: string; useCase?: string; after?: KeysetPosition; limit: number }): Promise<FeatureEntity[]> {
    const query = this.dataSource.getRepository(FeatureEntity).createQueryBuilder('f').orderBy('f.key', 'ASC').limit(filter.limit + 1);
    if (filter.product) query.andWhere('f.product = :product', { product: filter.product });
    if (filter.useCase) query.andWhere('f.use_cases @> ARRAY[:useCase]::text[]', { useCase: filter.useCase });
    if (filter.after) query.andWhere('f.key > :afterKey', { afterKey: String(filter.after.sortValue) });
    return query.getMany();
  }

  /** Every feature's prerequisites, to check a change for cycles. */
  async prerequisiteGraph(manager: EntityManager): Promise<PrerequisiteGraph> {
    const rows: { key: string; prerequisites: string[] }[] = await manager.query('SELECT key, prerequisites FROM features');
    return new Map(rows.map((row) => [row.key, row.prerequisites]));
  }

  /** The keys, of those given, that `table` does not hold; one statement whatever the number of keys. */
  async missingKeys(manager: EntityManager, table: KeyedTable, keys: readonly string[]): Promise<string[]> {
    if (!KEYED_TABLES.includes(table)) throw new Error(`not a keyed table: ${table}`);
    if (keys.length === 0) return [];
    const rows: { key: string }[] = await manager.query(
      `SELECT wanted.key FROM unnest($1::text[]) WITH ORDINALITY AS wanted(key, position)
       WHERE NOT EXISTS (SELECT 1 FROM ${table} t WHERE t.key = wanted.key) ORDER BY wanted.position`,
      [keys],
    );
    return rows.map((row) => row.key);
  }

  /** Segments belong to the accounts module; until its table exists, segment keys cannot be checked. */
  async segmentsTableExists(manager: EntityManager): Promise<boolean> {
    const rows: { present: boolean }[] = await manager.query(`SELECT to_regclass('public.segments') IS NOT NULL AS present`);
    return rows[0]?.present === true;
  }

  async insert(manager: EntityManager, feature: NewFeature): Promise<FeatureEntity> {
    const repository = manager.getRepository(FeatureEntity);
    try {
      // A savepoint-free insert: a duplicate aborts the transaction, which is what we want anyway.
      return await repository.save(repository.create(feature));
    } catch (error) {
      rethrowDuplicateKey(error, 'feature', feature.key);
    }
  }

  async update(manager: EntityManager, id: string, changes: FeatureChanges): Promise<FeatureEntity | null> {
    const repository = manager.getRepository(FeatureEntity);
    const fields = definedFields(changes);
    if (Object.keys(fields).length > 0) await repository.update({ id }, fields);
    return repository.findOneBy({ id });
  }
}
