import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { AccountReferenceDto } from '../../accounts/account-reference';
import { IsCalendarDate } from '../../accounts/dto/validators';
import { PageQueryDto } from '../../common/pagination';
import { TOUCHPOINT_KINDS, TouchpointKind } from '../touchpoint.entity';
import type { TouchpointRecord } from '../touchpoint.repository';
import { IsInstant, IsManagerReference, IsStorableText } from './engagement-validators';

export const NOTE_MAX_LENGTH = 10000;
export const EXTERNAL_ID_MAX_LENGTH = 200;

/** One touchpoint; re-sending a row with the same externalId updates it instead of adding another. */
export class TouchpointRowDto extends AccountReferenceDto {
  @ApiProperty({ enum: TOUCHPOINT_KINDS, description: 'review_held: a business review that took place' })
  @IsIn(TOUCHPOINT_KINDS)
  kind: TouchpointKind;

  @ApiPropertyOptional({ description: "The vendor's manager who held it, by id or email; a csm or lead key defaults to its own manager", example: 'ana@vendor.example' })
  @IsOptional()
  @IsManagerReference()
  manager?: string;

  @ApiProperty({ description: 'When it happened (ISO-8601 with zone); not in the future', example: '2026-05-01T14:30:00Z' })
  @IsInstant()
  occurredAt: string;

  @ApiPropertyOptional({ maxLength: NOTE_MAX_LENGTH })
  @IsOptional()
  @IsString()
  @IsStorableText()
  @MaxLength(NOTE_MAX_LENGTH)
  note?: string;

  @ApiPropertyOptional({ description: "The sender's id for it; makes re-sending harmless", maxLength: EXTERNAL_ID_MAX_LENGTH })
  @IsOptional()
  @IsString()
  @IsStorableText()
  @IsNotEmpty()
  @MaxLength(EXTERNAL_ID_MAX_LENGTH)
  externalId?: string;
}

/** Calendar-day window in BUSINESS_TIMEZONE, both ends inclusive. */
export class EngagementListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'First day, inclusive (BUSINESS_TIMEZONE)', example: '2026-04-01' })
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  @ApiPropertyOptional({ description: 'Last day, inclusive (BUSINESS_TIMEZONE)', example: '2026-04-30' })
  @IsOptional()
  @IsCalendarDate()
  to?: string;
}

export class ListTouchpointsQueryDto extends EngagementListQueryDto {
  @ApiPropertyOptional({ enum: TOUCHPOINT_KINDS })
  @IsOptional()
  @IsIn(TOUCHPOINT_KINDS)
  kind?: TouchpointKind;

  @ApiPropertyOptional({ format: 'uuid', description: 'Held by this manager' })
  @IsOptional()
  @IsUUID()
  managerId?: string;
}

export class TouchpointResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) accountId: string;
  @ApiProperty({ type: String, nullable: true }) externalId: string | null;
  @ApiProperty({ enum: TOUCHPOINT_KINDS }) kind: TouchpointKind;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) managerId: string | null;
  @ApiProperty({ type: String, nullable: true }) managerName: string | null;
  @ApiProperty({ type: String, nullable: true }) managerEmail: string | null;
  @ApiProperty({ format: 'date-time' }) occurredAt: string;
  @ApiProperty({ type: String, nullable: true }) note: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;

  static from(record: TouchpointRecord): TouchpointResponseDto {
    return {
      id: record.id,
      accountId: record.accountId,
      externalId: record.externalId,
      kind: record.kind,
      managerId: record.managerId,
      managerName: record.managerName,
      managerEmail: record.managerEmail,
      occurredAt: record.occurredAt.toISOString(),
      note: record.note,
      createdAt: record.createdAt.toISOString(),
      updatedAt: record.updatedAt.toISOString(),
    };
  }
}

export class TouchpointPageDto {
  @ApiProperty({ type: [TouchpointResponseDto], description: 'Newest first' }) items: TouchpointResponseDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}
