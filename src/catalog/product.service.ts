import { Injectable } from '@nestjs/common';
import { decodeCursor, DEFAULT_PAGE_SIZE, Page, toPage } from '../common/pagination';
import { NotFoundError, ValidationFailedError } from '../common/problem';
import { MetricRepository } from './metric.repository';
import { ProductEntity } from './product.entity';
import { ProductChanges, ProductRepository } from './product.repository';

@Injectable()
export class ProductService {
  constructor(
    private readonly products: ProductRepository,
    private readonly metrics: MetricRepository,
  ) {}

  async list(query: { limit?: number; cursor?: string }): Promise<Page<ProductEntity>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const rows = await this.products.list({ after: decodeCursor(query.cursor), limit });
    return toPage(rows, limit, (row) => row, (row) => ({ sortValue: row.key, id: row.id }));
  }

  async get(keyOrId: string): Promise<ProductEntity> {
    const product = await this.products.findByKeyOrId(keyOrId);
    if (!product) throw new NotFoundError('Product', keyOrId);
    return product;
  }

  async create(command: { key: string; name: string; description?: string | null; mainMetric?: string | null }): Promise<ProductEntity> {
    await this.assertMetricExists(command.mainMetric);
    return this.products.insert({ key: command.key, name: command.name, description: command.description ?? null, mainMetric: command.mainMetric ?? null });
  }

  async update(keyOrId: string, changes: ProductChanges): Promise<ProductEntity> {
    const product = await this.get(keyOrId);
    await this.assertMetricExists(changes.mainMetric);
    const updated = await this.products.update(product.id, changes);
    if (!updated) throw new NotFoundError('Product', keyOrId);
    return updated;
  }

  /** The foreign key would refuse it too, but as a 409; an unknown reference is the client's input error. */
  private async assertMetricExists(metricKey: string | null | undefined): Promise<void> {
    if (metricKey && !(await this.metrics.existsByKey(metricKey))) {
      throw new ValidationFailedError([{ path: 'mainMetric', message: `unknown metric "${metricKey}"` }]);
    }
  }
}
