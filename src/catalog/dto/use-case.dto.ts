import { ApiProperty } from '@nestjs/swagger';
import { PageQueryDto } from '../../common/pagination';
import { UseCaseEntity } from '../use-case.entity';
import { CatalogKey, DisplayName, OptionalDescription } from './catalog-fields';

export class UpdateUseCaseDto {
  @DisplayName(true) name?: string;
  @OptionalDescription() description?: string | null;
}

export class CreateUseCaseDto {
  @CatalogKey({ example: 'one-to-one-tutoring' }) key: string;
  @DisplayName() name: string;
  @OptionalDescription() description?: string | null;
}

export class ListUseCasesQueryDto extends PageQueryDto {}

export class UseCaseResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() key: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;

  static from(entity: UseCaseEntity): UseCaseResponseDto {
    return {
      id: entity.id,
      key: entity.key,
      name: entity.name,
      description: entity.description,
      createdAt: entity.createdAt.toISOString(),
      updatedAt: entity.updatedAt.toISOString(),
    };
  }
}

export class UseCasePageDto {
  @ApiProperty({ type: [UseCaseResponseDto] }) items: UseCaseResponseDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}
