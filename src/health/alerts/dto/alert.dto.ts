import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../../common/pagination';
import { IsInstant, IsStorableText } from '../../../engagement/dto/engagement-validators';
import {
  ALERT_KINDS,
  ALERT_RESOLUTIONS,
  ALERT_SEVERITIES,
  ALERT_STATUSES,
  AlertKind,
  AlertResolution,
  AlertSeverity,
  AlertStatus,
  MAX_SNOOZE_DAYS,
  SNOOZE_REASON_CODES,
  SnoozeReasonCode,
} from '../alert-rules';
import type { AlertRecord } from '../alert.repository';

export const ALERT_NOTE_MAX_LENGTH = 2000;

export class ListAlertsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Alerts on accounts where this manager holds an open assignment' })
  @IsOptional()
  @IsUUID()
  managerId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: "A team lead's id: alerts on the accounts of the lead and of every manager whose lead they are" })
  @IsOptional()
  @IsUUID()
  team?: string;

  @ApiPropertyOptional({ enum: ALERT_KINDS })
  @IsOptional()
  @IsIn(ALERT_KINDS)
  kind?: AlertKind;

  @ApiPropertyOptional({ enum: ALERT_STATUSES, description: 'A snooze that ran out counts as open' })
  @IsOptional()
  @IsIn(ALERT_STATUSES)
  status?: AlertStatus;

  @ApiPropertyOptional({ enum: ALERT_SEVERITIES })
  @IsOptional()
  @IsIn(ALERT_SEVERITIES)
  severity?: AlertSeverity;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  accountId?: string;
}

export class SnoozeAlertDto {
  @ApiProperty({
    enum: SNOOZE_REASON_CODES,
    description:
      'known_cause: expected and explained (holiday, planned migration, seasonality); action_in_progress: a fix or conversation is under way; waiting_on_customer; data_issue: the signal itself is wrong; other: say why in note (required)',
  })
  @IsIn(SNOOZE_REASON_CODES)
  reasonCode: SnoozeReasonCode;

  @ApiProperty({ description: `Until when (ISO-8601 with zone); in the future and at most ${MAX_SNOOZE_DAYS} days ahead`, example: '2026-07-01T09:00:00Z' })
  @IsInstant()
  until: string;

  @ApiPropertyOptional({ maxLength: ALERT_NOTE_MAX_LENGTH })
  @IsOptional()
  @IsString()
  @IsStorableText()
  @MaxLength(ALERT_NOTE_MAX_LENGTH)
  note?: string;
}

export class ResolveAlertDto {
  @ApiPropertyOptional({ maxLength: ALERT_NOTE_MAX_LENGTH, description: 'What was done' })
  @IsOptional()
  @IsString()
  @IsStorableText()
  @MaxLength(ALERT_NOTE_MAX_LENGTH)
  note?: string;
}

export class AlertResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) accountId: string;
  @ApiProperty() accountName: string;
  @ApiProperty() segment: string;
  @ApiProperty({ enum: ALERT_KINDS }) kind: AlertKind;
  @ApiProperty({ enum: ALERT_STATUSES, description: 'A snooze that ran out reads as open' }) status: AlertStatus;
  @ApiProperty({ enum: ALERT_SEVERITIES }) severity: AlertSeverity;
  @ApiProperty() title: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The numbers behind the alert and a `sentence` a CSM can repeat' })
  facts: Record<string, unknown>;
  @ApiProperty({ description: 'The episode: the ticket id for SLA kinds, the first day of the drop otherwise' }) sourceRef: string;
  @ApiProperty({ format: 'date-time' }) openedAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) snoozedUntil: string | null;
  @ApiProperty({ enum: SNOOZE_REASON_CODES, nullable: true }) snoozeReasonCode: SnoozeReasonCode | null;
  @ApiProperty({ type: String, nullable: true }) snoozeNote: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) acknowledgedAt: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The API key that acknowledged it' }) acknowledgedByKeyId: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) resolvedAt: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The API key that resolved it; null when it resolved by itself' }) resolvedByKeyId: string | null;
  @ApiProperty({ enum: ALERT_RESOLUTIONS, nullable: true }) resolution: AlertResolution | null;
  @ApiProperty({ type: String, nullable: true, description: "The person's note, or why it resolved by itself" }) resolutionNote: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;

  static from(record: AlertRecord): AlertResponseDto {
    const iso = (value: Date | null) => (value === null ? null : new Date(value).toISOString());
    return {
      id: record.id,
      accountId: record.accountId,
      accountName: record.accountName,
      segment: record.segment,
      kind: record.kind,
      status: record.status,
      severity: record.severity,
      title: record.title,
      facts: record.facts,
      sourceRef: record.sourceRef,
      openedAt: new Date(record.openedAt).toISOString(),
      snoozedUntil: iso(record.snoozedUntil),
      snoozeReasonCode: record.snoozeReasonCode,
      snoozeNote: record.snoozeNote,
      acknowledgedAt: iso(record.acknowledgedAt),
      acknowledgedByKeyId: record.acknowledgedByKeyId,
      resolvedAt: iso(record.resolvedAt),
      resolvedByKeyId: record.resolvedByKeyId,
      resolution: record.resolution,
      resolutionNote: record.resolutionNote,
      createdAt: new Date(record.createdAt).toISOString(),
      updatedAt: new Date(record.updatedAt).toISOString(),
    };
  }
}

export class AlertPageDto {
  @ApiProperty({ type: [AlertResponseDto] }) items: AlertResponseDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}
