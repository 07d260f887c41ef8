import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../common/pagination';
import { METRIC_AGGREGATIONS, METRIC_KINDS, MetricAggregation, MetricEntity, MetricKind } from '../metric.entity';
import { CatalogKey, DisplayName, IsPresentNotNull, OptionalDescription } from './catalog-fields';

export class UpdateMetricDto {
  @DisplayName(true) name?: string;
  @OptionalDescription() description?: string | null;

  @ApiPropertyOptional({ maxLength: 50, example: 'minutes', description: 'e.g. minutes, users, messages, calls, ratio, ms, currency' })
  @IsPresentNotNull()
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  unit?: string;

  @ApiPropertyOptional({ enum: METRIC_AGGREGATIONS, description: 'How days roll up into weeks and months; a ratio is stored as value and weight' })
  @IsPresentNotNull()
  @IsIn(METRIC_AGGREGATIONS)
  aggregation?: MetricAggregation;

  @ApiPropertyOptional({ type: Boolean, default: true })
  @IsPresentNotNull()
  @IsBoolean()
  higherIsBetter?: boolean;

  @ApiPropertyOptional({ type: Boolean, default: false })
  @IsPresentNotNull()
  @IsBoolean()
  allowNegative?: boolean;

  @ApiPropertyOptional({ enum: METRIC_KINDS })
  @IsPresentNotNull()
  @IsIn(METRIC_KINDS)
  kind?: MetricKind;
}

export class CreateMetricDto {
  @CatalogKey({ example: 'video-minutes' }) key: string;
  @DisplayName() name: string;
  @OptionalDescription() description?: string | null;

  @ApiProperty({ maxLength: 50, example: 'minutes', description: 'e.g. minutes, users, messages, calls, ratio, ms, currency' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  unit: string;

  @ApiProperty({ enum: METRIC_AGGREGATIONS, description: 'How days roll up into weeks and months; a ratio is stored as value and weight' })
  @IsIn(METRIC_AGGREGATIONS)
  aggregation: MetricAggregation;

  @ApiPropertyOptional({ type: Boolean, default: true })
  @IsPresentNotNull()
  @IsBoolean()
  higherIsBetter?: boolean;

  @ApiPropertyOptional({ type: Boolean, default: false })
  @IsPresentNotNull()
  @IsBoolean()
  allowNegative?: boolean;

  @ApiProperty({ enum: METRIC_KINDS })
  @IsIn(METRIC_KINDS)
  kind: MetricKind;
}

export class ListMetricsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: METRIC_KINDS })
  @IsOptional()
  @IsIn(METRIC_KINDS)
  kind?: MetricKind;
}

export class MetricResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() key: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty() unit: string;
  @ApiProperty({ enum: METRIC_AGGREGATIONS }) aggregation: MetricAggregation;
  @ApiProperty() higherIsBetter: boolean;
  @ApiProperty() allowNegative: boolean;
  @ApiProperty({ enum: METRIC_KINDS }) kind: MetricKind;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;

  static from(entity: MetricEntity): MetricResponseDto {
    return {
      id: entity.id,
      key: entity.key,
      name: entity.name,
      description: entity.description,
      unit: entity.unit,
      aggregation: entity.aggregation,
      higherIsBetter: entity.higherIsBetter,
      allowNegative: entity.allowNegative,
      kind: entity.kind,
      createdAt: entity.createdAt.toISOString(),
      updatedAt: entity.updatedAt.toISOString(),
    };
  }
}

export class MetricPageDto {
  @ApiProperty({ type: [MetricResponseDto] }) items: MetricResponseDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}
