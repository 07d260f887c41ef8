import { Module } from '@nestjs/common';
import { FeatureRepository } from './feature.repository';
import { FeatureService } from './feature.service';
import { FeaturesController } from './features.controller';
import { MetricRepository } from './metric.repository';
import { MetricService } from './metric.service';
import { MetricsController } from './metrics.controller';
import { ScoringCatalogRepository } from './scoring-catalog.repository';
import { ProductRepository } from './product.repository';
import { ProductService } from './product.service';
import { ProductsController } from './products.controller';
import { UseCaseRepository } from './use-case.repository';
import { UseCaseService } from './use-case.service';
import { UseCasesController } from './use-cases.controller';

/** Products, use cases, features and metric definitions: the reference data accounts and signals name by key. */
@Module({
  controllers: [ProductsController, UseCasesController, FeaturesController, MetricsController],
  providers: [ProductRepository, ProductService, UseCaseRepository, UseCaseService, FeatureRepository, FeatureService, MetricRepository, MetricService, ScoringCatalogRepository],
  exports: [ProductService, UseCaseService, FeatureService, MetricService, ScoringCatalogRepository],
})
export class CatalogModule {}
