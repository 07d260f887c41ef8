import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsISO8601, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../common/pagination';
import { API_KEY_ROLES, ApiKeyEntity, ApiKeyRole } from '../api-key.entity';

export class CreateApiKeyDto {
  @ApiProperty({ maxLength: 200, example: 'BI nightly pull' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiProperty({ enum: API_KEY_ROLES })
  @IsIn(API_KEY_ROLES)
  role: ApiKeyRole;

  @ApiPropertyOptional({ format: 'uuid', description: 'Required for csm and lead keys: the manager whose book the key sees' })
  @IsOptional()
  @IsUUID()
  managerId?: string;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true })
  expiresAt?: string;
}

export class ListApiKeysQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: API_KEY_ROLES })
  @IsOptional()
  @IsIn(API_KEY_ROLES)
  role?: ApiKeyRole;

  @ApiPropertyOptional({ type: Boolean, default: false })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  includeRevoked?: boolean;
}

export class ApiKeyResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ description: 'First characters of the key, to tell keys apart' }) prefix: string;
  @ApiProperty({ enum: API_KEY_ROLES }) role: ApiKeyRole;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) managerId: string | null;
  @ApiProperty({ enum: ['api', 'bootstrap', 'env'] }) origin: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) expiresAt: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) revokedAt: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) lastUsedAt: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;

  static from(entity: ApiKeyEntity): ApiKeyResponseDto {
    return {
      id: entity.id,
      name: entity.name,
      prefix: entity.prefix,
      role: entity.role,
      managerId: entity.managerId,
      origin: entity.origin,
      expiresAt: entity.expiresAt?.toISOString() ?? null,
      revokedAt: entity.revokedAt?.toISOString() ?? null,
      lastUsedAt: entity.lastUsedAt?.toISOString() ?? null,
      createdAt: entity.createdAt.toISOString(),
    };
  }
}

export class CreatedApiKeyResponseDto extends ApiKeyResponseDto {
  @ApiProperty({ description: 'The secret key. Shown once; store it now.' })
  key: string;
}

export class ApiKeyPageDto {
  @ApiProperty({ type: [ApiKeyResponseDto] }) items: ApiKeyResponseDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}
