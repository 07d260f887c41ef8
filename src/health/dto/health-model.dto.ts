import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsNotEmpty, IsObject, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { HEALTH_MODEL_STATUSES, HealthModelStatus } from '../models/health-model.entity';
import type { HealthModelRecord } from '../models/health-model.repository';
import type { HealthModelDefinition } from '../scoring';
import { HealthSnapshotDto } from './health.dto';

export const MODEL_KEY_PATTERN = /^[a-z][a-z0-9-]{0,62}$/;
export const PREVIEW_MAX_ACCOUNTS = 100;

export class ListHealthModelsQueryDto {
  @ApiPropertyOptional({ example: 'default' })
  @IsOptional()
  @IsString()
  @MaxLength(63)
  key?: string;

  @ApiPropertyOptional({ enum: HEALTH_MODEL_STATUSES })
  @IsOptional()
  @IsIn(HEALTH_MODEL_STATUSES)
  status?: HealthModelStatus;
}

const DEFINITION_DOC = {
  type: 'object',
  additionalProperties: true,
  description: 'A HealthModelDefinition: { components: [{ key, label, kind, weight, parameters, curve, staleAfterDays? }], bands: { green, yellow }, minimumCoverage, neutralScore?, segments }. See the README.',
} as const;

export class CreateHealthModelDto {
  @ApiProperty({ example: 'enterprise', description: 'The model key: versions of one scorecard share it (kebab-case)' })
  @IsString()
  @Matches(MODEL_KEY_PATTERN, { message: 'key must be kebab-case: a lowercase letter, then letters, digits or hyphens (up to 63)' })
  key: string;

  @ApiProperty({ example: 'Enterprise scorecard' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiProperty(DEFINITION_DOC)
  @IsObject()
  definition: HealthModelDefinition;
}

export class UpdateHealthModelDraftDto {
  @ApiProperty({ example: 'Enterprise scorecard' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiProperty(DEFINITION_DOC)
  @IsObject()
  definition: HealthModelDefinition;
}

export class PreviewHealthModelDto {
  @ApiProperty({ type: [String], format: 'uuid', maxItems: PREVIEW_MAX_ACCOUNTS, description: 'Accounts to score (1 to 100)' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(PREVIEW_MAX_ACCOUNTS)
  @IsUUID('all', { each: true })
  accountIds: string[];
}

export class HealthModelVersionDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'default' }) key: string;
  @ApiProperty({ example: 1 }) version: number;
  @ApiProperty() name: string;
  @ApiProperty({ enum: HEALTH_MODEL_STATUSES, description: 'draft (editable), active (official for its segments), shadow (scored beside, not official), retired' })
  status: HealthModelStatus;
  @ApiProperty(DEFINITION_DOC) definition: HealthModelDefinition;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'When it last became active or shadow' }) activatedAt: string | null;
  @ApiProperty({ description: 'False once the version was ever active or shadow: changing it means a new version' }) editable: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;

  static from(record: HealthModelRecord): HealthModelVersionDto {
    return {
      id: record.id,
      key: record.key,
      version: record.version,
      name: record.name,
      status: record.status,
      definition: record.definition,
      activatedAt: record.activatedAt?.toISOString() ?? null,
      editable: record.status === 'draft' && record.activatedAt === null,
      createdAt: record.createdAt.toISOString(),
      updatedAt: record.updatedAt.toISOString(),
    };
  }
}

export class HealthModelListDto {
  @ApiProperty({ type: [HealthModelVersionDto] }) items: HealthModelVersionDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Always null: every version fits one page' }) nextCursor: null;
}

export class HealthModelDto {
  @ApiProperty({ example: 'default' }) key: string;
  @ApiProperty({ type: Number, nullable: true, description: 'The active version, if any' }) activeVersion: number | null;
  @ApiProperty({ type: [Number], description: 'Versions running in shadow' }) shadowVersions: number[];
  @ApiProperty({ type: [HealthModelVersionDto], description: 'Oldest first' }) versions: HealthModelVersionDto[];
}

export class PreviewCurrentDto {
  @ApiProperty({ type: Number, nullable: true }) score: number | null;
  @ApiProperty({ enum: ['green', 'yellow', 'red', 'unknown'] }) band: string;
  @ApiProperty() modelVersion: number;
  @ApiProperty({ format: 'date-time' }) computedAt: string;
}

export class PreviewItemDto {
  @ApiProperty({ format: 'uuid' }) accountId: string;
  @ApiProperty({ type: HealthSnapshotDto, description: 'The account scored with this version now; not stored' }) preview: HealthSnapshotDto;
  @ApiProperty({ type: PreviewCurrentDto, nullable: true, description: 'The account\'s current official health' }) current: PreviewCurrentDto | null;
  @ApiProperty({ type: Number, nullable: true, description: 'preview.score − current.score' }) difference: number | null;
}

export class PreviewResponseDto {
  @ApiProperty({ type: HealthModelVersionDto }) model: HealthModelVersionDto;
  @ApiProperty({ format: 'date', description: 'The day scored (today in BUSINESS_TIMEZONE)' }) asOf: string;
  @ApiProperty({ type: [PreviewItemDto] }) items: PreviewItemDto[];
}
