import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength, ValidateBy } from 'class-validator';
import { AccountReferenceDto } from '../../accounts/account-reference';
import { IsStorableText } from '../../engagement/dto/engagement-validators';
import { IsCalendarDate, IsCurrencyCode } from '../../accounts/dto/validators';
import { EngagementListQueryDto, EXTERNAL_ID_MAX_LENGTH, NOTE_MAX_LENGTH } from '../../engagement/dto/touchpoint.dto';
import { isSignedMoney } from '../outcome-rules';
import { OUTCOME_KINDS, OutcomeKind } from '../outcome.entity';
import type { OutcomeRecord } from '../outcome.repository';

/** One commercial outcome; re-sending a row with the same externalId updates it instead of adding another. */
export class OutcomeRowDto extends AccountReferenceDto {
  @ApiProperty({ enum: OUTCOME_KINDS })
  @IsIn(OUTCOME_KINDS)
  kind: OutcomeKind;

  @ApiProperty({ description: 'Day it took effect', example: '2026-03-31' })
  @IsCalendarDate()
  date: string;

  @ApiProperty({
    oneOf: [{ type: 'number' }, { type: 'string' }],
    example: '-12000.00',
    description: 'Signed ARR change (decimal string or number, at most 2 decimals): > 0 for expanded, < 0 for contracted, ≤ 0 for churned, any for renewed',
  })
  @ValidateBy({ name: 'isSignedMoney', validator: { validate: isSignedMoney, defaultMessage: () => 'arrChange must be a signed amount with at most 2 decimals' } })
  arrChange: number | string;

  @ApiPropertyOptional({ description: "ISO 4217 currency of arrChange (default: the account's)", example: 'USD' })
  @IsOptional()
  @IsCurrencyCode()
  currency?: string;

  @ApiPropertyOptional({ maxLength: NOTE_MAX_LENGTH })
  @IsOptional()
  @IsString()
  @IsStorableText()
  @MaxLength(NOTE_MAX_LENGTH)
  note?: string;

  @ApiPropertyOptional({ description: "The sender's id (e.g. the CRM opportunity); makes re-sending harmless", maxLength: EXTERNAL_ID_MAX_LENGTH })
  @IsOptional()
  @IsString()
  @IsStorableText()
  @IsNotEmpty()
  @MaxLength(EXTERNAL_ID_MAX_LENGTH)
  externalId?: string;
}

export class ListOutcomesQueryDto extends EngagementListQueryDto {
  @ApiPropertyOptional({ enum: OUTCOME_KINDS })
  @IsOptional()
  @IsIn(OUTCOME_KINDS)
  kind?: OutcomeKind;
}

export class OutcomeResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) accountId: string;
  @ApiProperty({ type: String, nullable: true }) externalId: string | null;
  @ApiProperty({ enum: OUTCOME_KINDS }) kind: OutcomeKind;
  @ApiProperty({ example: '2026-03-31' }) date: string;
  @ApiProperty({ example: '-12000.00', description: 'Decimal string' }) arrChange: string;
  @ApiProperty({ example: 'USD' }) currency: string;
  @ApiProperty({ type: String, nullable: true }) note: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;

  static from(record: OutcomeRecord): OutcomeResponseDto {
    return {
      id: record.id,
      accountId: record.accountId,
      externalId: record.externalId,
      kind: record.kind,
      date: record.date,
      arrChange: record.arrChange,
      currency: record.currency,
      note: record.note,
      createdAt: record.createdAt.toISOString(),
      updatedAt: record.updatedAt.toISOString(),
    };
  }
}

export class OutcomePageDto {
  @ApiProperty({ type: [OutcomeResponseDto], description: 'Newest first' }) items: OutcomeResponseDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}
