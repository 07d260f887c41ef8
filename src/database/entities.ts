import { ApiKeyEntity } from '../auth/api-key.entity';
import { AuditEntryEntity } from '../audit/audit-entry.entity';
import { JobRunEntity } from '../jobs/job-run.entity';
import { FeatureEntity } from '../catalog/feature.entity';
import { MetricEntity } from '../catalog/metric.entity';
import { ProductEntity } from '../catalog/product.entity';
import { UseCaseEntity } from '../catalog/use-case.entity';

/** Every entity of every module; the migrations must agree with these (a test checks). */
export const ENTITIES = [ApiKeyEntity, AuditEntryEntity, JobRunEntity, MetricEntity, ProductEntity, UseCaseEntity, FeatureEntity];
