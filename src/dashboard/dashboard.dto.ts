import { ApiProperty } from '@nestjs/swagger';
import { FeatureAdoptionDto } from '../adoption/dto/adoption.dto';
import { AlertResponseDto } from '../health/alerts/dto/alert.dto';
import { AccountHealthDto } from '../health/dto/health.dto';
import { TicketResponseDto } from '../support/dto/ticket.dto';
import { MetricTrendDto } from '../usage/dto/usage.dto';

export class DashboardManagerDto {
  @ApiProperty({ format: 'uuid' }) managerId: string;
  @ApiProperty({ example: 'Dana Lee' }) name: string;
  @ApiProperty({ format: 'date-time', description: 'Start of the open assignment' }) since: string;
}

export class DashboardAccountDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'crm-4711' }) externalId: string;
  @ApiProperty({ example: 'Acme Learning' }) name: string;
  @ApiProperty({ example: 'growth' }) segment: string;
  @ApiProperty({ example: '120000.50', description: 'ARR in the account\'s currency, decimal string' }) arr: string;
  @ApiProperty({ example: 'USD' }) currency: string;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) renewalDate: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) parentId: string | null;
  @ApiProperty({ type: DashboardManagerDto, nullable: true, description: 'The open csm assignment' }) csm: DashboardManagerDto | null;
  @ApiProperty({ type: DashboardManagerDto, nullable: true, description: 'The open tam assignment' }) tam: DashboardManagerDto | null;
}

export class DashboardScorePointDto {
  @ApiProperty({ format: 'date' }) day: string;
  @ApiProperty({ type: Number, nullable: true }) score: number | null;
  @ApiProperty({ enum: ['green', 'yellow', 'red', 'unknown'] }) band: string;
  @ApiProperty({ description: 'Share of the model\'s weight with data, 0–1' }) coverage: number;
}

export class DashboardScoreHistoryDto {
  @ApiProperty({ format: 'date' }) from: string;
  @ApiProperty({ format: 'date' }) to: string;
  @ApiProperty({ type: [DashboardScorePointDto], description: 'The daily record over the last 90 days, oldest first' }) items: DashboardScorePointDto[];
}

export class DashboardAdoptionDto {
  @ApiProperty({ format: 'date' }) asOf: string;
  @ApiProperty({ description: 'Percent from which a feature counts as adopted' }) thresholdPct: number;
  @ApiProperty({ description: 'Features with a report on or before asOf' }) featureCount: number;
  @ApiProperty({ description: 'Of those, adopted as of asOf' }) adoptedCount: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Features relevant to the account (its use cases, segment and products), as the health run counted them; null when not scored' }) relevantFeatures: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Of the relevant features, adopted (as the health run counted them); null when not scored' }) adoptedRelevantFeatures: number | null;
  @ApiProperty({ type: [FeatureAdoptionDto], description: 'Up to 5 features with the highest adoption' }) topFeatures: FeatureAdoptionDto[];
}

export class DashboardTrendsDto {
  @ApiProperty({ format: 'date', description: 'The last day of every window (yesterday, the last complete day)' }) asOf: string;
  @ApiProperty({ type: [MetricTrendDto], description: 'The account\'s main usage metrics' }) usage: MetricTrendDto[];
  @ApiProperty({ type: [MetricTrendDto], description: 'Quality metrics with data' }) quality: MetricTrendDto[];
}

export class DashboardCommitPacingDto {
  @ApiProperty({ enum: ['scored', 'missing', 'stale'] }) status: string;
  @ApiProperty({ type: Number, nullable: true, description: 'Component score 0–100' }) score: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Consumption against the pace the commit (or the peak run rate) expects, percent' }) pacePct: number | null;
  @ApiProperty({ type: [String], example: ['consumed 80% of the expected commit to date'] }) facts: string[];
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The raw facts of the health component (billing model, commit amount, consumed to date …)' }) details: Record<string, unknown>;
}

export class DashboardTicketsDto {
  @ApiProperty({ description: 'Open and waiting-on-customer tickets (at most 100 of each are listed)' }) count: number;
  @ApiProperty({ type: [TicketResponseDto], description: 'Newest first, each with its SLA state now' }) items: TicketResponseDto[];
}

export class DashboardAlertsDto {
  @ApiProperty({ description: 'Open and acknowledged alerts (at most 100 of each are listed)' }) count: number;
  @ApiProperty({ type: [AlertResponseDto], description: 'Newest first' }) items: AlertResponseDto[];
}

export class DashboardNextReviewDto {
  @ApiProperty({ format: 'uuid' }) reviewId: string;
  @ApiProperty({ enum: ['EBR', 'QBR', 'operations', 'renewal', 'post_incident', 'risk'] }) kind: string;
  @ApiProperty({ enum: ['planned', 'agenda_ready', 'scheduled'] }) status: string;
  @ApiProperty({ format: 'date' }) dueDate: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time', description: 'The booked meeting, if any' }) meetingAt: string | null;
  @ApiProperty({ format: 'uuid', description: 'The manager holding the review' }) managerId: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time', description: 'When its brief and agenda were last generated' }) agendaReadyAt: string | null;
}

export class AccountDashboardDto {
  @ApiProperty({ type: DashboardAccountDto }) account: DashboardAccountDto;
  @ApiProperty({ type: AccountHealthDto, description: 'As `GET accounts/:id/health`: score, band, components, drivers, what changed, override' }) health: AccountHealthDto;
  @ApiProperty({ type: DashboardScoreHistoryDto }) scoreHistory: DashboardScoreHistoryDto;
  @ApiProperty({ type: DashboardAdoptionDto }) adoption: DashboardAdoptionDto;
  @ApiProperty({ type: DashboardTrendsDto }) trends: DashboardTrendsDto;
  @ApiProperty({ type: DashboardCommitPacingDto, nullable: true, description: 'The commit-pacing component of the current health; null before the first run' }) commitPacing: DashboardCommitPacingDto | null;
  @ApiProperty({ type: DashboardTicketsDto }) openTickets: DashboardTicketsDto;
  @ApiProperty({ type: DashboardAlertsDto }) openAlerts: DashboardAlertsDto;
  @ApiProperty({ type: DashboardNextReviewDto, nullable: true, description: 'The earliest open (not yet held) review; null when none is planned' }) nextReview: DashboardNextReviewDto | null;
}
