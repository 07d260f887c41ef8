import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsNumber, IsOptional, IsString, MaxLength } from 'class-validator';
import { AccountReferenceDto } from '../../accounts/account-reference';
import { IsCalendarDate } from '../../accounts/dto/validators';

/**
 * One day of one metric for one account (named by `account`, `accountExternalId` or `appId`).
 * The ingest checks rows with the hand-written `validateUsageRow`, which answers exactly what
 * these decorators would (a unit spec compares them); the class documents the row in OpenAPI.
 */
export class UsageRowDto extends AccountReferenceDto {
  @ApiProperty({ example: 'video-minutes', description: 'A metric key from the catalog (GET /api/v1/metrics)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  metric: string;

  @ApiProperty({ example: '2026-05-01', description: 'The day (YYYY-MM-DD) as the sender reports it; at most one day after today in BUSINESS_TIMEZONE' })
  @IsCalendarDate()
  date: string;

  @ApiProperty({ example: 1520.5, description: "The day's figure; for a ratio metric the day's ratio from 0 to 1. Negative only where the metric allows it." })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  value: number;

  @ApiPropertyOptional({ example: 1200, description: "Ratio metrics only, and required there: the ratio's denominator (e.g. join attempts), > 0, so weeks and months are weighted means" })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  weight?: number;
}
