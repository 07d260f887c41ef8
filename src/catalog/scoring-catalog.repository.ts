import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { MetricAggregation, MetricKind } from './metric.entity';

export interface ScoringMetric {
  key: string;
  name: string;
  aggregation: MetricAggregation;
  kind: MetricKind;
}

export interface ScoringFeature {
  id: string;
  key: string;
  product: string;
  useCases: string[];
  eligibleSegments: string[];
}

export interface ScoringCatalog {
  metrics: ScoringMetric[];
  /** Product key → its main metric (null when none is set). */
  mainMetrics: Map<string, string | null>;
  features: ScoringFeature[];
}

/** The reference data a health run needs, read once per run (the catalog is small). */
@Injectable()
export class ScoringCatalogRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async load(): Promise<ScoringCatalog> {
    const [metrics, products, features] = await Promise.all([
      this.dataSource.query(`SELECT key, name, aggregation, kind FROM metrics ORDER BY key`) as Promise<ScoringMetric[]>,
      this.dataSource.query(`SELECT key, main_metric AS "mainMetric" FROM products`) as Promise<{ key: string; mainMetric: string | null }[]>,
      this.dataSource.query(
        `SELECT id, key, product, use_cases AS "useCases", eligible_segments AS "eligibleSegments" FROM features ORDER BY key`,
      ) as Promise<ScoringFeature[]>,
    ]);
    return { metrics, mainMetrics: new Map(products.map((product) => [product.key, product.mainMetric])), features };
  }
}
