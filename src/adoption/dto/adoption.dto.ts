import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsNotEmpty, IsNumber, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { AccountReferenceDto } from '../../accounts/account-reference';
import { IsStorableText } from '../../engagement/dto/engagement-validators';
import { IsCalendarDate } from '../../accounts/dto/validators';
import type { FeatureAdoptionRecord } from '../adoption.repository';
import type { AccountAdoption } from '../adoption.service';

const MAX_USERS = 2_000_000_000;

/** One day of one feature's adoption in one account: user counts, or a percentage alone. */
export class AdoptionRowDto extends AccountReferenceDto {
  @ApiProperty({ description: 'Feature key (or id)', example: 'screen-sharing' })
  @IsString()
  @IsStorableText()
  @IsNotEmpty()
  @MaxLength(200)
  feature: string;

  @ApiProperty({ description: 'Calendar day as the sender reports it; at most one day after today (BUSINESS_TIMEZONE)', example: '2026-05-01' })
  @IsCalendarDate()
  date: string;

  @ApiPropertyOptional({ description: 'Users of the feature that day; with eligibleUsers', minimum: 0, example: 12 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_USERS)
  activeUsers?: number;

  @ApiPropertyOptional({ description: 'Users who could use it; with activeUsers', minimum: 1, example: 40 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_USERS)
  eligibleUsers?: number;

  @ApiPropertyOptional({ description: 'Percent 0–100 (stored with two decimals); instead of the counts, or agreeing with them', minimum: 0, maximum: 100, example: 30 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100)
  adoptionPct?: number;
}

export class AdoptionQueryDto {
  @ApiPropertyOptional({ description: 'Day to look from (default: today in BUSINESS_TIMEZONE)', example: '2026-05-01' })
  @IsOptional()
  @IsCalendarDate()
  asOf?: string;
}

export class FeatureAdoptionDto {
  @ApiProperty({ format: 'uuid' }) featureId: string;
  @ApiProperty({ example: 'screen-sharing' }) featureKey: string;
  @ApiProperty({ example: 'Screen sharing' }) featureName: string;
  @ApiProperty({ example: 'video-calling' }) product: string;
  @ApiProperty({ description: 'Latest reported percent on or before asOf', example: 30 }) adoptionPct: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Users of that latest report (null when only a percent was sent)' }) activeUsers: number | null;
  @ApiProperty({ type: Number, nullable: true }) eligibleUsers: number | null;
  @ApiProperty({ description: 'Day of the latest report', example: '2026-05-01' }) reportedOn: string;
  @ApiProperty({ description: 'adoptionPct is at least the threshold' }) adopted: boolean;
  @ApiProperty({ type: Number, nullable: true, description: 'Latest percent on or before asOf − 28 days; null without one' }) pct28DaysAgo: number | null;
  @ApiProperty({ type: String, nullable: true, description: 'Day of that earlier report' }) comparedWithDay: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'adoptionPct − pct28DaysAgo, in percentage points' }) change28Days: number | null;
  @ApiProperty({ type: String, nullable: true, description: 'First day on or before asOf with at least the threshold; null if never adopted' }) firstAdoptedOn: string | null;

  static from(record: FeatureAdoptionRecord): FeatureAdoptionDto {
    return {
      featureId: record.featureId,
      featureKey: record.featureKey,
      featureName: record.featureName,
      product: record.product,
      adoptionPct: record.adoptionPct,
      activeUsers: record.activeUsers,
      eligibleUsers: record.eligibleUsers,
      reportedOn: record.reportedOn,
      adopted: record.adopted,
      pct28DaysAgo: record.pct28DaysAgo,
      comparedWithDay: record.comparedWithDay,
      change28Days: record.change28Days,
      firstAdoptedOn: record.firstAdoptedOn,
    };
  }
}

export class AccountAdoptionDto {
  @ApiProperty({ format: 'uuid' }) accountId: string;
  @ApiProperty({ example: '2026-05-01' }) asOf: string;
  @ApiProperty({ description: 'Percent from which a feature counts as adopted (ADOPTION_THRESHOLD_PCT)', example: 20 }) thresholdPct: number;
  @ApiProperty({ description: 'Features with a report on or before asOf' }) featureCount: number;
  @ApiProperty({ description: 'Of those, adopted as of asOf' }) adoptedCount: number;
  @ApiProperty({ type: [FeatureAdoptionDto], description: 'By feature key' }) features: FeatureAdoptionDto[];

  static from(adoption: AccountAdoption): AccountAdoptionDto {
    const features = adoption.features.map(FeatureAdoptionDto.from);
    return {
      accountId: adoption.accountId,
      asOf: adoption.asOf,
      thresholdPct: adoption.thresholdPct,
      featureCount: features.length,
      adoptedCount: features.filter((feature) => feature.adopted).length,
      features,
    };
  }
}
