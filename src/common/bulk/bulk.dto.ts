import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import { ProblemFieldErrorDto } from '../http/problem.dto';

const booleanQuery = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

/** `?partial=true` keeps the good rows of a batch with bad ones; `?dryRun=true` validates and counts, storing nothing. */
export class BulkQueryDto {
  @ApiPropertyOptional({ type: Boolean, default: false, description: 'Store the good rows and report the bad ones (default: the whole batch or nothing)' })
  @IsOptional()
  @Transform(booleanQuery)
  @IsBoolean()
  partial?: boolean;

  @ApiPropertyOptional({ type: Boolean, default: false, description: 'Validate and count what would change; store nothing' })
  @IsOptional()
  @Transform(booleanQuery)
  @IsBoolean()
  dryRun?: boolean;
}

export class BulkResultDto {
  @ApiProperty() inserted: number;
  @ApiProperty() updated: number;
  @ApiProperty() unchanged: number;
  @ApiProperty({ description: 'Rows refused (each has at least one entry in errors)' }) rejected: number;
  @ApiProperty({ type: [ProblemFieldErrorDto], description: 'Every problem with its row line (first 1,000)' }) errors: ProblemFieldErrorDto[];
}
