import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { CADENCE_MANAGER_ROLES, CadenceManagerRole, PERIODIC_REVIEW_KINDS, PeriodicReviewKind } from '../review-rules';

export class PeriodicReviewCadenceDto {
  @ApiProperty({ enum: PERIODIC_REVIEW_KINDS })
  @IsIn(PERIODIC_REVIEW_KINDS)
  kind: PeriodicReviewKind;

  @ApiProperty({ minimum: 1, maximum: 24, description: 'A review every this many months' })
  @IsInt()
  @Min(1)
  @Max(24)
  everyMonths: number;

  @ApiPropertyOptional({ enum: CADENCE_MANAGER_ROLES, description: "Whose review: the account's CSM, or its TAM (falls back to the CSM). Default: tam for operations, csm otherwise" })
  @IsOptional()
  @IsIn(CADENCE_MANAGER_ROLES)
  managerRole?: CadenceManagerRole;
}

export class SegmentCadenceDto {
  @ApiProperty({ example: 'enterprise', description: 'A segment key' })
  @IsString()
  @MaxLength(64)
  @Matches(/^[a-z][a-z0-9_-]*$/)
  segment: string;

  @ApiProperty({ type: [PeriodicReviewCadenceDto], description: 'Periodic reviews; empty for none (events still plan reviews)' })
  @IsArray()
  @ArrayMaxSize(3)
  @ValidateNested({ each: true })
  @Type(() => PeriodicReviewCadenceDto)
  reviews: PeriodicReviewCadenceDto[];

  @ApiProperty({ type: Number, nullable: true, minimum: 1, maximum: 730, description: 'The renewal review is due this many days before the renewal date; null for none' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(730)
  renewalLeadDays: number | null;
}

export class PutReviewCadencesDto {
  @ApiProperty({ type: [SegmentCadenceDto], description: 'Each listed segment gets exactly these cadences; segments not listed keep theirs' })
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => SegmentCadenceDto)
  items: SegmentCadenceDto[];
}

export class SegmentCadenceResponseDto {
  @ApiProperty() segment: string;
  @ApiProperty() segmentName: string;
  @ApiProperty({ type: [PeriodicReviewCadenceDto] }) reviews: { kind: PeriodicReviewKind; everyMonths: number; managerRole: CadenceManagerRole }[];
  @ApiProperty({ type: Number, nullable: true }) renewalLeadDays: number | null;
}

export class ReviewCadencesResponseDto {
  @ApiProperty({ type: [SegmentCadenceResponseDto] }) items: SegmentCadenceResponseDto[];
}
