import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min, MinLength } from 'class-validator';
import { IsCalendarDate } from '../../accounts/dto/validators';
import { PageQueryDto } from '../../common/pagination';
import { IsInstant, IsStorableText } from '../../engagement/dto/engagement-validators';
import type { ActionItemRecord, ReviewRecord } from '../review.repository';
import {
  ACTION_ITEM_OWNER_SIDES,
  ACTION_ITEM_STATUSES,
  ActionItemOwnerSide,
  ActionItemStatus,
  REVIEW_KINDS,
  REVIEW_STATUSES,
  ReviewKind,
  ReviewStatus,
} from '../review-rules';

export const REVIEW_NOTES_MAX_LENGTH = 10000;
const TRANSITION_TARGETS = REVIEW_STATUSES.filter((status) => status !== 'planned');

export class ListReviewsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Reviews this manager runs' })
  @IsOptional()
  @IsUUID()
  managerId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: "A team lead's id: reviews run by the lead or by any manager whose lead they are" })
  @IsOptional()
  @IsUUID()
  team?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  accountId?: string;

  @ApiPropertyOptional({ enum: REVIEW_KINDS })
  @IsOptional()
  @IsIn(REVIEW_KINDS)
  kind?: ReviewKind;

  @ApiPropertyOptional({ enum: REVIEW_STATUSES })
  @IsOptional()
  @IsIn(REVIEW_STATUSES)
  status?: ReviewStatus;

  @ApiPropertyOptional({ example: '2026-07-01', description: 'Due on or after (YYYY-MM-DD)' })
  @IsOptional()
  @IsCalendarDate()
  dueFrom?: string;

  @ApiPropertyOptional({ example: '2026-09-30', description: 'Due on or before (YYYY-MM-DD)' })
  @IsOptional()
  @IsCalendarDate()
  dueTo?: string;
}

export class TransitionReviewDto {
  @ApiProperty({ enum: TRANSITION_TARGETS, description: 'planned → agenda_ready → scheduled → held → completed, or cancelled before it is held' })
  @IsIn(TRANSITION_TARGETS)
  to: Exclude<ReviewStatus, 'planned'>;

  @ApiPropertyOptional({ format: 'date-time', description: 'Required to schedule (unless already set)' })
  @IsOptional()
  @IsInstant()
  meetingAt?: string;

  @ApiPropertyOptional({ maxLength: REVIEW_NOTES_MAX_LENGTH, description: 'Required to hold (what was discussed); a reason when cancelling' })
  @IsOptional()
  @IsString()
  @IsStorableText()
  @MinLength(1)
  @MaxLength(REVIEW_NOTES_MAX_LENGTH)
  notes?: string;
}

export class UpdateReviewDto {
  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsInstant()
  meetingAt?: string;

  @ApiPropertyOptional({ minimum: 15, maximum: 480, description: 'Meeting length; agenda time budgets add up to it' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(15)
  @Max(480)
  meetingMinutes?: number;

  @ApiPropertyOptional({ maxLength: REVIEW_NOTES_MAX_LENGTH })
  @IsOptional()
  @IsString()
  @IsStorableText()
  @MaxLength(REVIEW_NOTES_MAX_LENGTH)
  notes?: string;
}

export class CreateActionItemDto {
  @ApiProperty({ maxLength: 500 })
  @IsString()
  @IsStorableText()
  @MinLength(1)
  @MaxLength(500)
  title: string;

  @ApiProperty({ maxLength: 200, description: 'Who does it' })
  @IsString()
  @IsStorableText()
  @MinLength(1)
  @MaxLength(200)
  owner: string;

  @ApiPropertyOptional({ enum: ACTION_ITEM_OWNER_SIDES, default: 'vendor', description: "customer items show on the customer agenda; vendor items in the internal brief" })
  @IsOptional()
  @IsIn(ACTION_ITEM_OWNER_SIDES)
  ownerSide?: ActionItemOwnerSide;

  @ApiPropertyOptional({ example: '2026-08-15' })
  @IsOptional()
  @IsCalendarDate()
  dueDate?: string;
}

export class UpdateActionItemDto {
  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @IsString()
  @IsStorableText()
  @MinLength(1)
  @MaxLength(500)
  title?: string;

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @IsString()
  @IsStorableText()
  @MinLength(1)
  @MaxLength(200)
  owner?: string;

  @ApiPropertyOptional({ enum: ACTION_ITEM_OWNER_SIDES })
  @IsOptional()
  @IsIn(ACTION_ITEM_OWNER_SIDES)
  ownerSide?: ActionItemOwnerSide;

  @ApiPropertyOptional({ example: '2026-08-15' })
  @IsOptional()
  @IsCalendarDate()
  dueDate?: string;

  @ApiPropertyOptional({ enum: ACTION_ITEM_STATUSES })
  @IsOptional()
  @IsIn(ACTION_ITEM_STATUSES)
  status?: ActionItemStatus;
}

const iso = (value: Date | null) => (value === null ? null : new Date(value).toISOString());

export class ActionItemResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) accountId: string;
  @ApiProperty({ format: 'uuid', description: 'The review that raised it' }) reviewId: string;
  @ApiProperty() title: string;
  @ApiProperty() owner: string;
  @ApiProperty({ enum: ACTION_ITEM_OWNER_SIDES }) ownerSide: ActionItemOwnerSide;
  @ApiProperty({ type: String, nullable: true }) dueDate: string | null;
  @ApiProperty({ enum: ACTION_ITEM_STATUSES }) status: ActionItemStatus;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) doneAt: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;

  static from(record: ActionItemRecord): ActionItemResponseDto {
    return { ...record, doneAt: iso(record.doneAt), createdAt: iso(record.createdAt)!, updatedAt: iso(record.updatedAt)! };
  }
}

export class ActionItemListDto {
  @ApiProperty({ type: [ActionItemResponseDto], description: "The review's own items and the open ones carried over from earlier reviews" })
  items: ActionItemResponseDto[];
}

export class ReviewResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) accountId: string;
  @ApiProperty() accountName: string;
  @ApiProperty() segment: string;
  @ApiProperty({ enum: REVIEW_KINDS }) kind: ReviewKind;
  @ApiProperty({ enum: REVIEW_STATUSES }) status: ReviewStatus;
  @ApiProperty({ description: 'The cadence or event line the review fills' }) slot: string;
  @ApiProperty({ example: '2026-09-30' }) dueDate: string;
  @ApiProperty({ type: String, nullable: true, description: 'Due date before a renewal or event pulled the review earlier' }) originalDueDate: string | null;
  @ApiProperty({ type: [String], description: 'Renewals and events this review answers, e.g. renewal:2027-03-31' }) triggers: string[];
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) managerId: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) meetingAt: string | null;
  @ApiProperty() meetingMinutes: number;
  @ApiProperty({ type: String, nullable: true }) notes: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) documentsGeneratedAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) agendaReadyAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Flagged because no meeting was booked in time' }) nudgeFlaggedAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) heldAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) completedAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) cancelledAt: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The touchpoint recorded when it was held' }) touchpointId: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;

  static from(record: ReviewRecord): ReviewResponseDto {
    return {
      id: record.id,
      accountId: record.accountId,
      accountName: record.accountName,
      segment: record.segment,
      kind: record.kind,
      status: record.status,
      slot: record.slot,
      dueDate: record.dueDate,
      originalDueDate: record.originalDueDate,
      triggers: record.triggerKeys,
      managerId: record.managerId,
      meetingAt: iso(record.meetingAt),
      meetingMinutes: record.meetingMinutes,
      notes: record.notes,
      documentsGeneratedAt: iso(record.documentsGeneratedAt),
      agendaReadyAt: iso(record.agendaReadyAt),
      nudgeFlaggedAt: iso(record.nudgeFlaggedAt),
      heldAt: iso(record.heldAt),
      completedAt: iso(record.completedAt),
      cancelledAt: iso(record.cancelledAt),
      touchpointId: record.touchpointId,
      createdAt: iso(record.createdAt)!,
      updatedAt: iso(record.updatedAt)!,
    };
  }
}

export class ReviewPageDto {
  @ApiProperty({ type: [ReviewResponseDto] }) items: ReviewResponseDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class ReviewDocumentsDto {
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The internal brief (see GET reviews/:id/brief)' }) brief: Record<string, unknown>;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The customer agenda (see GET reviews/:id/agenda)' }) agenda: Record<string, unknown>;
  @ApiProperty({ format: 'date-time' }) generatedAt: string;
}

export class ReviewDetailDto extends ReviewResponseDto {
  @ApiProperty({ type: ReviewDocumentsDto, nullable: true, description: 'The stored documents; null until generated' }) documents: ReviewDocumentsDto | null;
  @ApiProperty({ type: [ActionItemResponseDto] }) actionItems: ActionItemResponseDto[];
}
