import { ApiProperty } from '@nestjs/swagger';
import { PageQueryDto } from '../../common/pagination';
import { ProductEntity } from '../product.entity';
import { CatalogKey, DisplayName, OptionalDescription, OptionalKeyReference } from './catalog-fields';

const MAIN_METRIC = 'Key of the metric that carries an account\'s usage trend for this product line';

export class UpdateProductDto {
  @DisplayName(true) name?: string;
  @OptionalDescription() description?: string | null;
  @OptionalKeyReference(MAIN_METRIC, 'video-minutes') mainMetric?: string | null;
}

export class CreateProductDto {
  @CatalogKey({ example: 'video-calling' }) key: string;
  @DisplayName() name: string;
  @OptionalDescription() description?: string | null;
  @OptionalKeyReference(MAIN_METRIC, 'video-minutes') mainMetric?: string | null;
}

export class ListProductsQueryDto extends PageQueryDto {}

export class ProductResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() key: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty({ type: String, nullable: true, description: MAIN_METRIC }) mainMetric: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;

  static from(entity: ProductEntity): ProductResponseDto {
    return {
      id: entity.id,
      key: entity.key,
      name: entity.name,
      description: entity.description,
      mainMetric: entity.mainMetric,
      createdAt: entity.createdAt.toISOString(),
      updatedAt: entity.updatedAt.toISOString(),
    };
  }
}

export class ProductPageDto {
  @ApiProperty({ type: [ProductResponseDto] }) items: ProductResponseDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}
