import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { IsCalendarDate, IsTimeZone } from '../../accounts/dto/validators';
import { SLA_CLOCKS, SlaClock } from '../sla-clock';
import { TIME_OF_DAY_PATTERN, Weekday, WEEKDAYS } from '../sla-policy-rules';
import { TICKET_SEVERITIES, TicketSeverity } from '../ticket-sla';

const KEY_PATTERN = /^[a-z][a-z0-9_-]*$/;
const REGION_PATTERN = /^[a-z0-9][a-z0-9_-]*$/;
/** A year of minutes: no promise runs longer. */
const MAX_TARGET_MINUTES = 525_600;

export class SlaPolicyDto {
  @ApiProperty({ example: 'enterprise', description: 'Support plan key (lower case); accounts name it in supportPlan' })
  @IsString()
  @MaxLength(50)
  @Matches(KEY_PATTERN, { message: '$property must be lower case letters, digits, - or _, starting with a letter' })
  supportPlan: string;

  @ApiProperty({ enum: TICKET_SEVERITIES })
  @IsIn(TICKET_SEVERITIES)
  severity: TicketSeverity;

  @ApiProperty({ enum: SLA_CLOCKS, description: '24x7 counts every minute; business_hours only the minutes inside the account region\'s calendar' })
  @IsIn(SLA_CLOCKS)
  clock: SlaClock;

  @ApiProperty({ minimum: 1, maximum: MAX_TARGET_MINUTES, example: 30, description: 'Minutes of the clock (one business day = 480 business minutes)' })
  @IsInt()
  @Min(1)
  @Max(MAX_TARGET_MINUTES)
  firstResponseMinutes: number;

  @ApiProperty({ minimum: 1, maximum: MAX_TARGET_MINUTES, example: 480, description: 'Minutes of the clock, at least firstResponseMinutes' })
  @IsInt()
  @Min(1)
  @Max(MAX_TARGET_MINUTES)
  resolutionMinutes: number;
}

export class SegmentPlanDto {
  @ApiProperty({ example: 'growth', description: 'A segment key' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  segment: string;

  @ApiProperty({ example: 'professional', description: 'The plan accounts of the segment get when their own is unset; it needs policies for P1 to P4' })
  @IsString()
  @MaxLength(50)
  @Matches(KEY_PATTERN, { message: '$property must be lower case letters, digits, - or _, starting with a letter' })
  supportPlan: string;
}

/** Policies and segment defaults to create or replace; the ones not named stay as they are. */
export class PutSlaPoliciesDto {
  @ApiPropertyOptional({ type: [SlaPolicyDto], maxItems: 400, description: 'Each replaces the policy of its (supportPlan, severity)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(400)
  @ValidateNested({ each: true })
  @Type(() => SlaPolicyDto)
  items?: SlaPolicyDto[];

  @ApiPropertyOptional({ type: [SegmentPlanDto], maxItems: 200, description: 'Each replaces the default plan of its segment' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => SegmentPlanDto)
  segmentPlans?: SegmentPlanDto[];
}

export class SlaPolicyResponseDto {
  @ApiProperty() supportPlan: string;
  @ApiProperty({ enum: TICKET_SEVERITIES }) severity: TicketSeverity;
  @ApiProperty({ enum: SLA_CLOCKS }) clock: SlaClock;
  @ApiProperty() firstResponseMinutes: number;
  @ApiProperty() resolutionMinutes: number;
}

export class SegmentPlanResponseDto {
  @ApiProperty() segment: string;
  @ApiProperty() supportPlan: string;
}

export class SlaPoliciesDto {
  @ApiProperty({ type: [SlaPolicyResponseDto], description: 'By plan, then severity' }) items: SlaPolicyResponseDto[];
  @ApiProperty({ nullable: true, type: String, description: 'Always null: the whole configuration fits one answer' }) nextCursor: null;
  @ApiProperty({ type: [SegmentPlanResponseDto], description: 'The plan an account gets from its segment when its own supportPlan is unset or has no policy' })
  segmentPlans: SegmentPlanResponseDto[];
  @ApiProperty({ example: 'standard', description: 'The plan of last resort' }) fallbackPlan: string;
  @ApiProperty({ example: 480, description: 'Business minutes in one business day' }) businessDayMinutes: number;
}

export class WeeklyHoursDto {
  @ApiProperty({ enum: WEEKDAYS })
  @IsIn(WEEKDAYS)
  day: Weekday;

  @ApiProperty({ example: '09:00', description: 'Local HH:MM' })
  @IsString()
  @Matches(TIME_OF_DAY_PATTERN, { message: '$property must be a local time HH:MM' })
  open: string;

  @ApiProperty({ example: '17:00', description: 'Local HH:MM, after open; 24:00 for midnight' })
  @IsString()
  @Matches(TIME_OF_DAY_PATTERN, { message: '$property must be a local time HH:MM (24:00 for midnight)' })
  close: string;
}

export class CalendarDto {
  @ApiProperty({ example: 'europe', description: 'Region key as accounts name it (matched case-insensitively); `default` serves regions without their own' })
  @IsString()
  @MaxLength(100)
  @Matches(REGION_PATTERN, { message: '$property must be lower case letters, digits, - or _' })
  region: string;

  @ApiProperty({ example: 'Europe/Berlin' })
  @IsTimeZone()
  timeZone: string;

  @ApiProperty({ type: [WeeklyHoursDto], maxItems: 70, description: 'Opening intervals; several a day allowed (e.g. a lunch break), none overlapping' })
  @IsArray()
  @ArrayMaxSize(70)
  @ValidateNested({ each: true })
  @Type(() => WeeklyHoursDto)
  weeklyHours: WeeklyHoursDto[];

  @ApiProperty({ type: [String], example: ['2026-12-25'], maxItems: 2000, description: 'Local days closed all day' })
  @IsArray()
  @ArrayMaxSize(2000)
  @ArrayUnique()
  @IsCalendarDate({ each: true })
  holidays: string[];

  @ApiPropertyOptional({
    type: [String],
    example: ['2026-07-20', '2026-07-21'],
    maxItems: 2000,
    description: "Local days the region's schools are closed (term breaks). The usage drop check skips them as it skips holidays; SLA clocks run as usual. Default none",
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(2000)
  @ArrayUnique()
  @IsCalendarDate({ each: true })
  schoolHolidays?: string[];
}

/** Calendars to create or replace; the ones not named stay as they are. */
export class PutCalendarsDto {
  @ApiProperty({ type: [CalendarDto], maxItems: 200 })
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => CalendarDto)
  items: CalendarDto[];
}

export class CalendarResponseDto {
  @ApiProperty() region: string;
  @ApiProperty() timeZone: string;
  @ApiProperty({ type: [WeeklyHoursDto] }) weeklyHours: WeeklyHoursDto[];
  @ApiProperty({ type: [String] }) holidays: string[];
  @ApiProperty({ type: [String] }) schoolHolidays: string[];
}

export class CalendarsDto {
  @ApiProperty({ type: [CalendarResponseDto] }) items: CalendarResponseDto[];
  @ApiProperty({ nullable: true, type: String, description: 'Always null: every calendar fits one answer' }) nextCursor: null;
}
