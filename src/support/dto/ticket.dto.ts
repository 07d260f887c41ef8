import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { AccountReferenceDto } from '../../accounts/account-reference';
import { PageQueryDto } from '../../common/pagination';
import { SLA_CLOCKS, SlaClock } from '../sla-clock';
import type { PolicySource } from '../sla-policy-rules';
import {
  SLA_STATES,
  SlaState,
  TICKET_ESCALATIONS,
  TICKET_SEVERITIES,
  TICKET_STATUSES,
  TicketEscalation,
  TicketSeverity,
  TicketStatus,
} from '../ticket-sla';
import { IsInstant, IsInstantOrDay } from './validators';

export const MAX_STATUS_CHANGES = 500;

export class StatusChangeDto {
  @ApiProperty({ enum: TICKET_STATUSES })
  @IsIn(TICKET_STATUSES)
  status: TicketStatus;

  @ApiProperty({ format: 'date-time', example: '2026-06-01T09:30:00Z' })
  @IsInstant()
  at: string;
}

/** One ticket of an ingest batch; upserted by (account, externalId). Every field is replaced, so a field left out is cleared. */
export class TicketRowDto extends AccountReferenceDto {
  @ApiProperty({ maxLength: 200, example: 'ZD-48213', description: 'The help desk\'s ticket id' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  externalId: string;

  @ApiProperty({ enum: TICKET_SEVERITIES })
  @IsIn(TICKET_SEVERITIES)
  severity: TicketSeverity;

  @ApiProperty({ enum: TICKET_STATUSES, description: 'The current status: the last one of statusHistory' })
  @IsIn(TICKET_STATUSES)
  status: TicketStatus;

  @ApiPropertyOptional({
    type: [StatusChangeDto],
    maxItems: MAX_STATUS_CHANGES,
    description:
      'Every status change in time order. The SLA clocks run only while the ticket is open. Optional unless the ticket waits on the customer: without it the ticket was open from openedAt (and resolved or closed at resolvedAt). CSV: a JSON cell.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_STATUS_CHANGES)
  @ValidateNested({ each: true })
  @Type(() => StatusChangeDto)
  statusHistory?: StatusChangeDto[] | null;

  @ApiProperty({ format: 'date-time' })
  @IsInstant()
  openedAt: string;

  @ApiPropertyOptional({ format: 'date-time', nullable: true, type: String, description: 'The first human response' })
  @IsOptional()
  @IsInstant()
  firstResponseAt?: string | null;

  @ApiPropertyOptional({ format: 'date-time', nullable: true, type: String, description: 'Required when resolved or closed; absent otherwise' })
  @IsOptional()
  @IsInstant()
  resolvedAt?: string | null;

  @ApiPropertyOptional({ enum: TICKET_ESCALATIONS, nullable: true })
  @IsOptional()
  @IsIn(TICKET_ESCALATIONS)
  escalation?: TicketEscalation | null;

  @ApiPropertyOptional({ maxLength: 500, nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  subject?: string | null;
}

export class AccountTicketsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: TICKET_STATUSES })
  @IsOptional()
  @IsIn(TICKET_STATUSES)
  status?: TicketStatus;

  @ApiPropertyOptional({ enum: TICKET_SEVERITIES })
  @IsOptional()
  @IsIn(TICKET_SEVERITIES)
  severity?: TicketSeverity;

  @ApiPropertyOptional({ description: 'Opened at or after: an instant, or a day (its start in BUSINESS_TIMEZONE)', example: '2026-05-01' })
  @IsOptional()
  @IsInstantOrDay()
  from?: string;

  @ApiPropertyOptional({ description: 'Opened before (exclusive): an instant, or a day (its start in BUSINESS_TIMEZONE)', example: '2026-06-01' })
  @IsOptional()
  @IsInstantOrDay()
  to?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Compute SLA states as of this instant (default now); tickets opened later are left out' })
  @IsOptional()
  @IsInstant()
  asOf?: string;
}

export class AccountSlaQueryDto {
  @ApiPropertyOptional({ description: 'Window start (tickets opened at or after): an instant or a day; default 90 days before `to`', example: '2026-03-01' })
  @IsOptional()
  @IsInstantOrDay()
  from?: string;

  @ApiPropertyOptional({ description: 'Window end (exclusive): an instant or a day; default asOf', example: '2026-06-01' })
  @IsOptional()
  @IsInstantOrDay()
  to?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Judge the tickets as of this instant (default now)' })
  @IsOptional()
  @IsInstant()
  asOf?: string;
}

export class StatusChangeResponseDto {
  @ApiProperty({ enum: TICKET_STATUSES }) status: TicketStatus;
  @ApiProperty({ format: 'date-time' }) at: string;
}

export class SlaTargetDto {
  @ApiProperty({ description: 'Minutes of the policy clock' }) targetMinutes: number;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'When the target is used up; while paused, assuming the clock resumes at asOf' })
  dueAt: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'First response (or resolution) by asOf' }) completedAt: string | null;
  @ApiProperty({ enum: SLA_STATES, description: 'met: done by the due time (exactly at it counts); breached: done late, or still open past it; pending otherwise' })
  state: SlaState;
  @ApiProperty({ description: 'Clock minutes run until completion or asOf (pauses and closed hours excluded)' }) elapsedMinutes: number;
  @ApiProperty({ description: 'elapsedMinutes as a percentage of the target (over 100 when breached)' }) targetUsedPct: number;
}

export class TicketSlaDto {
  @ApiProperty({ example: 'enterprise', description: 'The plan whose policy applies' }) supportPlan: string;
  @ApiProperty({ enum: ['account', 'segment', 'fallback'], description: 'The account\'s plan when it was opened, its segment\'s default plan, or the fallback plan (standard)' })
  policySource: PolicySource;
  @ApiProperty({ enum: SLA_CLOCKS }) clock: SlaClock;
  @ApiProperty({ example: 'default', description: 'The calendar whose business hours a business_hours clock follows' }) calendarRegion: string;
  @ApiProperty({ format: 'date-time' }) asOf: string;
  @ApiProperty({ description: 'Waiting on the customer at asOf: the clocks stand still' }) paused: boolean;
  @ApiProperty({ type: SlaTargetDto }) firstResponse: SlaTargetDto;
  @ApiProperty({ type: SlaTargetDto }) resolution: SlaTargetDto;
}

export class TicketResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) accountId: string;
  @ApiProperty() externalId: string;
  @ApiProperty({ enum: TICKET_SEVERITIES }) severity: TicketSeverity;
  @ApiProperty({ enum: TICKET_STATUSES }) status: TicketStatus;
  @ApiProperty({ type: [StatusChangeResponseDto] }) statusHistory: StatusChangeResponseDto[];
  @ApiProperty({ nullable: true, type: String }) subject: string | null;
  @ApiProperty({ format: 'date-time' }) openedAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) firstResponseAt: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) resolvedAt: string | null;
  @ApiProperty({ enum: TICKET_ESCALATIONS, nullable: true }) escalation: TicketEscalation | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty({ type: TicketSlaDto, nullable: true, description: 'Null only when no SLA policy applies at all' }) sla: TicketSlaDto | null;
}

export class TicketPageDto {
  @ApiProperty({ type: [TicketResponseDto] }) items: TicketResponseDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class SlaStateCountsDto {
  @ApiProperty() met: number;
  @ApiProperty() breached: number;
  @ApiProperty() pending: number;
  @ApiProperty({ nullable: true, type: Number, description: 'met / (met + breached) × 100, one decimal; null before anything was decided' }) attainmentPct: number | null;
}

export class SlaAttainmentTotalDto {
  @ApiProperty() tickets: number;
  @ApiProperty({ type: SlaStateCountsDto }) firstResponse: SlaStateCountsDto;
  @ApiProperty({ type: SlaStateCountsDto }) resolution: SlaStateCountsDto;
}

export class SeverityAttainmentDto extends SlaAttainmentTotalDto {
  @ApiProperty({ enum: TICKET_SEVERITIES }) severity: TicketSeverity;
}

export class AccountSlaDto {
  @ApiProperty({ format: 'uuid' }) accountId: string;
  @ApiProperty({ format: 'date-time', description: 'Tickets opened at or after' }) from: string;
  @ApiProperty({ format: 'date-time', description: 'Tickets opened before' }) to: string;
  @ApiProperty({ format: 'date-time' }) asOf: string;
  @ApiProperty({ type: [SeverityAttainmentDto], description: 'P1 to P4, each listed even without tickets' }) bySeverity: SeverityAttainmentDto[];
  @ApiProperty({ type: SlaAttainmentTotalDto }) total: SlaAttainmentTotalDto;
}
