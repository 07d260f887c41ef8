import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsISO8601, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { EXPORT_FORMATS, ExportFormat } from '../../config/app-config';

const booleanQuery = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class ExportQueryDto {
  @ApiPropertyOptional({ enum: EXPORT_FORMATS, default: 'csv', description: 'csv (RFC 4180, header, UTF-8), ndjson (one JSON object a line) or parquet (typed columns)' })
  @IsOptional()
  @IsIn(EXPORT_FORMATS)
  format?: ExportFormat;

  @ApiPropertyOptional({
    description:
      'The Export-Cursor header of a previous answer of the same dataset and filters: answers only what changed since (inserted and updated rows, and tombstones with `_op` = delete). Without it, every live row.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(20000)
  since?: string;

  @ApiPropertyOptional({
    description: "Inclusive bound on the rows' event day or time (usage, adoption and health days, ticket opening, outcome date, review due date…), as an ISO-8601 date (through its end, UTC) or instant. Datasets without an event time ignore it.",
    example: '2026-11-30',
  })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2}))?$/, { message: 'until must be an ISO-8601 date (YYYY-MM-DD) or instant with a time zone' })
  @IsISO8601({ strict: true }, { message: 'until must be a valid calendar date or instant' })
  until?: string;

  @ApiPropertyOptional({ type: Boolean, default: false, description: 'Include test (sandbox) accounts and their rows' })
  @IsOptional()
  @Transform(booleanQuery)
  @IsBoolean()
  includeTest?: boolean;
}
