import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class ProblemFieldErrorDto {
  @ApiPropertyOptional({ description: '1-based row position in a bulk batch (a CSV header is not counted)' })
  line?: number;
  @ApiProperty({ example: 'rows[0].value' })
  path: string;
  @ApiProperty()
  message: string;
}

/** RFC 9457 problem details, as every error answer carries them. */
export class ProblemDto {
  @ApiProperty({ example: 'https://account-health.dev/problems/validation-failed' })
  type: string;
  @ApiProperty({ example: 'Validation failed' })
  title: string;
  @ApiProperty({ example: 400 })
  status: number;
  @ApiProperty()
  detail: string;
  @ApiProperty({ description: 'Also sent as the X-Request-Id header; find the logs with it' })
  requestId: string;
  @ApiPropertyOptional({ type: [ProblemFieldErrorDto] })
  errors?: ProblemFieldErrorDto[];
}
