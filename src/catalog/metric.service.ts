import { Injectable } from '@nestjs/common';
import { decodeCursor, DEFAULT_PAGE_SIZE, Page, toPage } from '../common/pagination';
import { ConflictError, NotFoundError } from '../common/problem';
import { MetricEntity, MetricKind } from './metric.entity';
import { MetricChanges, MetricRepository, NewMetric } from './metric.repository';

export type CreateMetricCommand = Omit<NewMetric, 'description' | 'higherIsBetter' | 'allowNegative'> & Partial<Pick<NewMetric, 'description' | 'higherIsBetter' | 'allowNegative'>>;

@Injectable()
export class MetricService {
  constructor(private readonly metrics: MetricRepository) {}

  async list(query: { kind?: MetricKind; limit?: number; cursor?: string }): Promise<Page<MetricEntity>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const rows = await this.metrics.list({ kind: query.kind, after: decodeCursor(query.cursor), limit });
    return toPage(rows, limit, (row) => row, (row) => ({ sortValue: row.key, id: row.id }));
  }

  async get(keyOrId: string): Promise<MetricEntity> {
    const metric = await this.metrics.findByKeyOrId(keyOrId);
    if (!metric) throw new NotFoundError('Metric', keyOrId);
    return metric;
  }

  async create(command: CreateMetricCommand): Promise<MetricEntity> {
    if (await this.metrics.existsByKey(command.key)) throw new ConflictError(`A metric with key "${command.key}" already exists.`);
    return this.metrics.insert({
      ...command,
      description: command.description ?? null,
      higherIsBetter: command.higherIsBetter ?? true,
      allowNegative: command.allowNegative ?? false,
    });
  }

  async update(keyOrId: string, changes: MetricChanges): Promise<MetricEntity> {
    const metric = await this.get(keyOrId);
    const updated = await this.metrics.update(metric.id, changes);
    if (!updated) throw new NotFoundError('Metric', keyOrId);
    return updated;
  }
}
