import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsCalendarDate } from '../../accounts/dto/validators';
import { METRIC_AGGREGATIONS, METRIC_KINDS } from '../../catalog/metric.entity';
import type { MetricDefinitionRecord, UsageGranularity, UsagePeriodRecord } from '../usage.repository';
import type { DropDay, MetricTrend, TrendWindow } from '../usage-trends';

export const USAGE_GRANULARITIES = ['day', 'week', 'month'] as const;

export class UsageQueryDto {
  @ApiPropertyOptional({ example: 'video-minutes', description: 'One metric key; default every metric with data in the range' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  metric?: string;

  @ApiPropertyOptional({ example: '2026-02-01', description: 'First day (YYYY-MM-DD); default 89 days before `to`' })
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  @ApiPropertyOptional({ example: '2026-04-30', description: 'Last day (YYYY-MM-DD); default today in BUSINESS_TIMEZONE' })
  @IsOptional()
  @IsCalendarDate()
  to?: string;

  @ApiPropertyOptional({ enum: USAGE_GRANULARITIES, default: 'day', description: 'Weeks start on Monday; months are calendar months' })
  @IsOptional()
  @IsIn(USAGE_GRANULARITIES)
  granularity?: UsageGranularity;
}

export class UsageTrendsQueryDto {
  @ApiPropertyOptional({ example: '2026-04-30', description: 'The last day of the windows (YYYY-MM-DD); default yesterday in BUSINESS_TIMEZONE, the last complete day' })
  @IsOptional()
  @IsCalendarDate()
  asOf?: string;

  @ApiPropertyOptional({ example: 'video-minutes', description: 'One metric key; default every metric with data in the 180 days up to asOf' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  metric?: string;
}

class MetricDescriptionDto {
  @ApiProperty({ example: 'video-minutes' }) metric: string;
  @ApiProperty({ example: 'Video minutes' }) name: string;
  @ApiProperty({ example: 'minutes' }) unit: string;
  @ApiProperty({ enum: METRIC_AGGREGATIONS, description: 'How days roll up: ratio is the weight-weighted mean' }) aggregation: string;
  @ApiProperty({ enum: METRIC_KINDS }) kind: string;
  @ApiProperty() higherIsBetter: boolean;
}

function describeMetric(metric: MetricDefinitionRecord): MetricDescriptionDto {
  return { metric: metric.key, name: metric.name, unit: metric.unit, aggregation: metric.aggregation, kind: metric.kind, higherIsBetter: metric.higherIsBetter };
}

export class UsagePointDto {
  @ApiProperty({ example: '2026-04-06', description: 'Start of the period (the day, the Monday of the week, the first of the month)' }) period: string;
  @ApiProperty({ example: '2026-04-06', description: 'First day of the period inside the range' }) from: string;
  @ApiProperty({ example: '2026-04-12', description: 'Last day of the period inside the range' }) to: string;
  @ApiProperty({ type: Number, nullable: true, description: 'The period rolled up by the metric\'s rule' }) value: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Ratio metrics: the summed weights (denominator); null otherwise' }) weight: number | null;
  @ApiProperty({ description: 'Days with data in the period' }) days: number;

  static from(record: UsagePeriodRecord): UsagePointDto {
    return { period: record.period, from: record.from, to: record.to, value: record.value, weight: record.weight, days: record.days };
  }
}

export class UsageSeriesDto extends MetricDescriptionDto {
  @ApiProperty({ type: [UsagePointDto], description: 'Periods with data, oldest first' }) points: UsagePointDto[];

  static from(metric: MetricDefinitionRecord, points: UsagePeriodRecord[]): UsageSeriesDto {
    return { ...describeMetric(metric), points: points.map(UsagePointDto.from) };
  }
}

export class UsageResponseDto {
  @ApiProperty({ format: 'uuid' }) accountId: string;
  @ApiProperty({ example: '2026-02-01' }) from: string;
  @ApiProperty({ example: '2026-04-30' }) to: string;
  @ApiProperty({ enum: USAGE_GRANULARITIES }) granularity: string;
  @ApiProperty({ type: [UsageSeriesDto] }) metrics: UsageSeriesDto[];
}

export class TrendWindowDto {
  @ApiProperty({ example: 28, description: 'Window length in days' }) days: number;
  @ApiProperty({ example: '2026-04-03' }) currentFrom: string;
  @ApiProperty({ example: '2026-04-30' }) currentTo: string;
  @ApiProperty({ type: Number, nullable: true, description: 'The window rolled up by the metric\'s rule' }) current: number | null;
  @ApiProperty({ description: 'Days with data in the current window' }) currentDays: number;
  @ApiProperty({ example: '2026-03-06' }) previousFrom: string;
  @ApiProperty({ example: '2026-04-02' }) previousTo: string;
  @ApiProperty({ type: Number, nullable: true }) previous: number | null;
  @ApiProperty() previousDays: number;
  @ApiProperty({ type: Number, nullable: true, description: '(current − previous) / |previous| × 100; null without both or when previous is 0' }) changePct: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Least-squares slope of the current window\'s daily values, in units per day' }) slopePerDay: number | null;

  static from(window: TrendWindow): TrendWindowDto {
    return { ...window };
  }
}

export class DropDayDto {
  @ApiProperty({ example: '2026-04-30' }) day: string;
  @ApiProperty({ type: Number, nullable: true }) value: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Median of the same weekday over the 8 weeks before' }) baselineMedian: number | null;
  @ApiProperty({ description: 'Same weekdays with data among those 8 (at least 4 needed)' }) baselineDays: number;
  @ApiProperty({ description: 'Value below half of the baseline median (never on a holiday)' }) below: boolean;
  @ApiProperty({ description: "A holiday in the account's region calendar (GET /api/v1/calendars): not judged, and left out of the baselines" }) holiday: boolean;

  static from(day: DropDay): DropDayDto {
    return { ...day };
  }
}

export class MetricTrendDto extends MetricDescriptionDto {
  @ApiProperty({ description: 'The main metric of one of the account\'s product lines' }) isMainMetric: boolean;
  @ApiProperty({ type: TrendWindowDto, description: 'Last 7 days against the 7 before' }) last7: TrendWindowDto;
  @ApiProperty({ type: TrendWindowDto, description: 'Last 28 days against the 28 before' }) last28: TrendWindowDto;
  @ApiProperty({ type: TrendWindowDto, description: 'Last 90 days against the 90 before' }) last90: TrendWindowDto;
  @ApiProperty({ description: 'The last two days both fell below half of the median of their weekday over the past 8 weeks' }) dropped: boolean;
  @ApiProperty({ type: [DropDayDto], description: 'The two days the drop check looked at, older first' }) dropDays: DropDayDto[];

  static from(metric: MetricDefinitionRecord, trend: MetricTrend, isMainMetric: boolean): MetricTrendDto {
    const [last7, last28, last90] = trend.windows.map(TrendWindowDto.from);
    return { ...describeMetric(metric), isMainMetric, last7, last28, last90, dropped: trend.dropped, dropDays: trend.dropDays.map(DropDayDto.from) };
  }
}

export class UsageTrendsResponseDto {
  @ApiProperty({ format: 'uuid' }) accountId: string;
  @ApiProperty({ example: '2026-04-30', description: 'The last day of every window' }) asOf: string;
  @ApiProperty({ type: [MetricTrendDto] }) metrics: MetricTrendDto[];
}
