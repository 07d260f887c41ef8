import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../common/pagination';
import { FeatureEntity } from '../feature.entity';
import { CATALOG_KEY_MAX, CATALOG_KEY_PATTERN, CatalogKey, DisplayName, IsPresentNotNull, KeyList, OptionalDescription, OptionalHttpUrl } from './catalog-fields';

const PREREQUISITES = 'Keys of the features to adopt first; must not form a cycle';
const SEGMENTS = 'Segment keys the feature suits; empty means every segment';
const USE_CASES = 'Use case keys the feature serves';

export class UpdateFeatureDto {
  @ApiPropertyOptional({ pattern: CATALOG_KEY_PATTERN.source, maxLength: CATALOG_KEY_MAX, example: 'video-calling', description: 'Product line key' })
  @IsPresentNotNull()
  @IsString()
  @MaxLength(CATALOG_KEY_MAX)
  @Matches(CATALOG_KEY_PATTERN, { message: '$property must be lowercase letters and digits joined by - or _' })
  product?: string;

  @DisplayName(true) name?: string;
  @OptionalDescription() description?: string | null;
  @KeyList(PREREQUISITES, ['video-basic-call']) prerequisites?: string[];
  @KeyList(SEGMENTS, ['growth', 'enterprise']) eligibleSegments?: string[];
  @KeyList(USE_CASES, ['one-to-one-tutoring']) useCases?: string[];
  @OptionalHttpUrl('Product documentation') documentationUrl?: string | null;
  @OptionalHttpUrl('Best-practice guide') guideUrl?: string | null;
  @OptionalHttpUrl('Training course') trainingUrl?: string | null;
}

export class CreateFeatureDto {
  @CatalogKey({ example: 'video-virtual-background' }) key: string;
  @CatalogKey({ example: 'video-calling', description: 'Product line key' }) product: string;
  @DisplayName() name: string;
  @OptionalDescription() description?: string | null;
  @KeyList(PREREQUISITES, ['video-basic-call']) prerequisites?: string[];
  @KeyList(SEGMENTS, ['growth', 'enterprise']) eligibleSegments?: string[];
  @KeyList(USE_CASES, ['one-to-one-tutoring']) useCases?: string[];
  @OptionalHttpUrl('Product documentation') documentationUrl?: string | null;
  @OptionalHttpUrl('Best-practice guide') guideUrl?: string | null;
  @OptionalHttpUrl('Training course') trainingUrl?: string | null;
}

export class ListFeaturesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Only features of this product line (key)' })
  @IsOptional()
  @IsString()
  @MaxLength(CATALOG_KEY_MAX)
  product?: string;

  @ApiPropertyOptional({ description: 'Only features serving this use case (key)' })
  @IsOptional()
  @IsString()
  @MaxLength(CATALOG_KEY_MAX)
  useCase?: string;
}

export class FeatureResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() key: string;
  @ApiProperty({ description: 'Product line key' }) product: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty({ type: [String], description: PREREQUISITES }) prerequisites: string[];
  @ApiProperty({ type: [String], description: SEGMENTS }) eligibleSegments: string[];
  @ApiProperty({ type: [String], description: USE_CASES }) useCases: string[];
  @ApiProperty({ type: String, nullable: true, format: 'uri' }) documentationUrl: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uri' }) guideUrl: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uri' }) trainingUrl: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;

  static from(entity: FeatureEntity): FeatureResponseDto {
    return {
      id: entity.id,
      key: entity.key,
      product: entity.product,
      name: entity.name,
      description: entity.description,
      prerequisites: entity.prerequisites,
      eligibleSegments: entity.eligibleSegments,
      useCases: entity.useCases,
      documentationUrl: entity.documentationUrl,
      guideUrl: entity.guideUrl,
      trainingUrl: entity.trainingUrl,
      createdAt: entity.createdAt.toISOString(),
      updatedAt: entity.updatedAt.toISOString(),
    };
  }
}

export class FeaturePageDto {
  @ApiProperty({ type: [FeatureResponseDto] }) items: FeatureResponseDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}
