import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, ValidateBy } from 'class-validator';
import { PageQueryDto } from '../../common/pagination';
import type { FxRateRecord } from '../fx-rate.repository';
import { IsCalendarDate, IsCurrencyCode } from './validators';

const RATE_PATTERN = /^\d{1,10}(\.\d{1,10})?$/;
export function isRate(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value) && value > 0 && value < 1e10;
  return typeof value === 'string' && RATE_PATTERN.test(value) && Number(value) > 0;
}

/** One rate: 1 `currency` = `rate` reporting-currency units on `date`. */
export class FxRateRowDto {
  @ApiProperty({ example: '2026-11-20' })
  @IsCalendarDate()
  date: string;

  @ApiProperty({ example: 'EUR' })
  @IsCurrencyCode()
  currency: string;

  @ApiProperty({ oneOf: [{ type: 'number' }, { type: 'string' }], example: '1.0823', description: 'Reporting-currency units for one unit of currency; > 0, up to 10 decimals' })
  @ValidateBy({ name: 'isRate', validator: { validate: isRate, defaultMessage: () => 'rate must be a positive number (up to 10 decimals)' } })
  rate: number | string;
}

export class ListFxRatesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'EUR' })
  @IsOptional()
  @IsCurrencyCode()
  currency?: string;

  @ApiPropertyOptional({ description: 'First day, inclusive', example: '2026-11-01' })
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  @ApiPropertyOptional({ description: 'Last day, inclusive', example: '2026-11-30' })
  @IsOptional()
  @IsCalendarDate()
  to?: string;
}

export class FxRateResponseDto {
  @ApiProperty({ example: '2026-11-20' }) date: string;
  @ApiProperty({ example: 'EUR' }) currency: string;
  @ApiProperty({ example: '1.0823', description: 'Decimal string' }) rate: string;
  @ApiProperty({ example: 'USD' }) reportingCurrency: string;

  static from(record: FxRateRecord, reportingCurrency: string): FxRateResponseDto {
    return { date: record.date, currency: record.currency, rate: record.rate, reportingCurrency };
  }
}

export class FxRatePageDto {
  @ApiProperty({ type: [FxRateResponseDto] }) items: FxRateResponseDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}
