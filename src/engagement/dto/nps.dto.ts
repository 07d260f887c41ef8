import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { AccountReferenceDto } from '../../accounts/account-reference';
import { RESPONDENT_ROLES, RespondentRole } from '../nps-response.entity';
import { NpsCategory, npsCategory } from '../nps-rules';
import type { NpsResponseRecord } from '../nps.repository';
import { IsInstant, IsStorableText } from './engagement-validators';
import { EngagementListQueryDto, EXTERNAL_ID_MAX_LENGTH, NOTE_MAX_LENGTH } from './touchpoint.dto';

/** One survey answer; re-sending a row with the same externalId updates it instead of adding another. */
export class NpsRowDto extends AccountReferenceDto {
  @ApiProperty({ minimum: 0, maximum: 10, example: 9 })
  @IsInt()
  @Min(0)
  @Max(10)
  score: number;

  @ApiPropertyOptional({ example: 'Li Wei', maxLength: 200 })
  @IsOptional()
  @IsString()
  @IsStorableText()
  @IsNotEmpty()
  @MaxLength(200)
  respondentName?: string;

  @ApiPropertyOptional({ example: 'li.wei@customer.example' })
  @IsOptional()
  @IsEmail()
  @MaxLength(320)
  respondentEmail?: string;

  @ApiPropertyOptional({ enum: RESPONDENT_ROLES, description: 'Their weight in the account: sentiment weights decision makers up; left out when unknown' })
  @IsOptional()
  @IsIn(RESPONDENT_ROLES)
  respondentRole?: RespondentRole;

  @ApiPropertyOptional({ maxLength: NOTE_MAX_LENGTH })
  @IsOptional()
  @IsString()
  @IsStorableText()
  @MaxLength(NOTE_MAX_LENGTH)
  comment?: string;

  @ApiProperty({ description: 'When they answered (ISO-8601 with zone); not in the future', example: '2026-05-01T09:12:00Z' })
  @IsInstant()
  respondedAt: string;

  @ApiPropertyOptional({ description: "The survey tool's id for the answer; makes re-sending harmless", maxLength: EXTERNAL_ID_MAX_LENGTH })
  @IsOptional()
  @IsString()
  @IsStorableText()
  @IsNotEmpty()
  @MaxLength(EXTERNAL_ID_MAX_LENGTH)
  externalId?: string;
}

export class ListNpsQueryDto extends EngagementListQueryDto {
  @ApiPropertyOptional({ enum: RESPONDENT_ROLES })
  @IsOptional()
  @IsIn(RESPONDENT_ROLES)
  respondentRole?: RespondentRole;
}

export class NpsResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) accountId: string;
  @ApiProperty({ type: String, nullable: true }) externalId: string | null;
  @ApiProperty({ minimum: 0, maximum: 10 }) score: number;
  @ApiProperty({ enum: ['promoter', 'passive', 'detractor'], description: '9–10 promoter, 7–8 passive, 0–6 detractor' }) category: NpsCategory;
  @ApiProperty({ type: String, nullable: true }) respondentName: string | null;
  @ApiProperty({ type: String, nullable: true }) respondentEmail: string | null;
  @ApiProperty({ enum: RESPONDENT_ROLES, nullable: true }) respondentRole: RespondentRole | null;
  @ApiProperty({ type: String, nullable: true }) comment: string | null;
  @ApiProperty({ format: 'date-time' }) respondedAt: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;

  static from(record: NpsResponseRecord): NpsResponseDto {
    return {
      id: record.id,
      accountId: record.accountId,
      externalId: record.externalId,
      score: record.score,
      category: npsCategory(record.score),
      respondentName: record.respondentName,
      respondentEmail: record.respondentEmail,
      respondentRole: record.respondentRole,
      comment: record.comment,
      respondedAt: record.respondedAt.toISOString(),
      createdAt: record.createdAt.toISOString(),
      updatedAt: record.updatedAt.toISOString(),
    };
  }
}

export class NpsPageDto {
  @ApiProperty({ type: [NpsResponseDto], description: 'Newest first' }) items: NpsResponseDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}
