import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import type { SegmentRecord } from '../segment.repository';

export const SEGMENT_KEY_PATTERN = /^[a-z][a-z0-9_-]{0,49}$/;

export class CreateSegmentDto {
  @ApiProperty({ example: 'mid-market', pattern: SEGMENT_KEY_PATTERN.source })
  @IsString()
  @Matches(SEGMENT_KEY_PATTERN, { message: 'key must be lower-case letters, digits, _ or - (starting with a letter, at most 50)' })
  key: string;

  @ApiProperty({ example: 'Mid-market', maxLength: 200 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiProperty({ description: 'Order from smallest to largest customers', example: 25 })
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  rank: number;
}

export class UpdateSegmentDto {
  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  rank?: number;
}

export class SegmentResponseDto {
  @ApiProperty() key: string;
  @ApiProperty() name: string;
  @ApiProperty() rank: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;

  static from(record: SegmentRecord): SegmentResponseDto {
    return { key: record.key, name: record.name, rank: record.rank, createdAt: record.createdAt.toISOString(), updatedAt: record.updatedAt.toISOString() };
  }
}

export class SegmentListDto {
  @ApiProperty({ type: [SegmentResponseDto] }) items: SegmentResponseDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Always null: every segment fits one page' }) nextCursor: string | null;
}
