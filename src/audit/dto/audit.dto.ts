import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../common/pagination';
import { AuditEntryEntity } from '../audit-entry.entity';

export class AuditQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'The acting API key' })
  @IsOptional()
  @IsUUID()
  actorKeyId?: string;

  @ApiPropertyOptional({ example: 'api_key' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  entityType?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  entityId?: string;

  @ApiPropertyOptional({ example: 'api-key.create' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  action?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Entries at or after this instant' })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Entries before this instant' })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true })
  to?: string;
}

export class AuditEntryResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'date-time' }) occurredAt: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) actorKeyId: string | null;
  @ApiProperty({ nullable: true, type: String }) actorKeyName: string | null;
  @ApiProperty() action: string;
  @ApiProperty() entityType: string;
  @ApiProperty({ nullable: true, type: String }) entityId: string | null;
  @ApiProperty() httpMethod: string;
  @ApiProperty() route: string;
  @ApiProperty() statusCode: number;
  @ApiProperty({ type: 'object', additionalProperties: true }) summary: Record<string, unknown>;
  @ApiProperty({ nullable: true, type: String }) requestId: string | null;

  static from(entry: AuditEntryEntity): AuditEntryResponseDto {
    return {
      id: entry.id,
      occurredAt: entry.occurredAt.toISOString(),
      actorKeyId: entry.actorKeyId,
      actorKeyName: entry.actorKeyName,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      httpMethod: entry.httpMethod,
      route: entry.route,
      statusCode: entry.statusCode,
      summary: entry.summary,
      requestId: entry.requestId,
    };
  }
}

export class AuditPageDto {
  @ApiProperty({ type: [AuditEntryResponseDto] }) items: AuditEntryResponseDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}
