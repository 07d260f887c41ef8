import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Allow, IsIn, IsOptional, Matches } from 'class-validator';
import { PageQueryDto } from '../../common/pagination';
import { HEALTH_RUN_KINDS, HEALTH_RUN_STATUSES, HealthRunKind, HealthRunStatus } from '../runs/health-run.entity';
import type { HealthRunRecord } from '../runs/health-run.repository';
import { OVERRIDE_REASON_CODES } from '../scoring';
import type { ChangeComponent, ChangeSummary, SnapshotChange, SnapshotComponents, SnapshotDrivers, StoredComponent } from '../snapshots/snapshot';

const BANDS = ['green', 'yellow', 'red', 'unknown'];
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export class HealthComponentDto {
  @ApiProperty({ example: 'usage-trend', description: 'Component key; for an organisation, the child account id' }) key: string;
  @ApiProperty({ example: 'usage trend' }) label: string;
  @ApiProperty({ example: 'usage-trend', description: 'Component kind, or `child` for an organisation\'s child' }) kind: string;
  @ApiProperty({ enum: ['scored', 'missing', 'stale'] }) status: string;
  @ApiProperty({ type: String, nullable: true, description: 'Why it was not scored' }) reason: string | null;
  @ApiProperty({ nullable: true, oneOf: [{ type: 'number' }, { type: 'string' }, { type: 'boolean' }], description: 'The raw signal value' }) raw: number | string | boolean | null;
  @ApiProperty({ type: Number, nullable: true, description: '0–100' }) score: number | null;
  @ApiProperty({ description: 'Declared weight (an organisation\'s child: its ARR in the reporting currency)' }) weight: number;
  @ApiProperty({ description: 'Renormalised share of the weight, 0–1' }) share: number;
  @ApiProperty({ description: 'Points it adds to the score' }) contribution: number;
  @ApiProperty({ type: [String], example: ['video minutes −38% over 28 days'] }) facts: string[];
  @ApiProperty({ type: 'object', additionalProperties: true }) details: Record<string, unknown>;
  @ApiProperty({ type: String, nullable: true, description: 'When its data was last seen (day or instant)' }) lastSeenAt: string | null;

  static from(component: StoredComponent): HealthComponentDto {
    return { ...component, raw: component.raw as number | string | boolean | null, details: component.details };
  }
}

export class HealthDriverDto {
  @ApiProperty() key: string;
  @ApiProperty() label: string;
  @ApiProperty({ enum: ['up', 'down'] }) direction: string;
  @ApiProperty({ description: 'Points above (+) or below (−) the score were this component neutral' }) pull: number;
  @ApiProperty() score: number;
  @ApiProperty({ type: [String] }) facts: string[];
  @ApiProperty({ example: 'usage trend: video minutes −38% over 28 days' }) sentence: string;
}

export class WorstChildDto {
  @ApiProperty({ format: 'uuid' }) accountId: string;
  @ApiProperty() score: number;
  @ApiProperty({ enum: ['green', 'yellow', 'red'] }) band: string;
}

export class RolledUpChildDto {
  @ApiProperty({ format: 'uuid' }) accountId: string;
  @ApiProperty({ type: Number, nullable: true }) arrReporting: number | null;
  @ApiProperty() share: number;
  @ApiProperty({ type: String, nullable: true, enum: ['unknown-band', 'missing-fx'] }) excludedBecause: string | null;
}

export class RollUpDto {
  @ApiProperty({ enum: ['arr', 'equal'] }) weighting: string;
  @ApiProperty() arrReporting: number;
  @ApiProperty({ example: 'USD' }) reportingCurrency: string;
  @ApiProperty({ type: WorstChildDto, nullable: true }) worstChild: WorstChildDto | null;
  @ApiProperty({ type: [RolledUpChildDto] }) children: RolledUpChildDto[];
}

export class HealthDriversDto {
  @ApiProperty({ type: [HealthDriverDto] }) up: HealthDriverDto[];
  @ApiProperty({ type: [HealthDriverDto] }) down: HealthDriverDto[];
  @ApiPropertyOptional({ type: RollUpDto, description: 'Only for an organisation rolled up from its children' }) rollUp?: RollUpDto;
}

export class HealthSnapshotDto {
  @ApiProperty({ type: Number, nullable: true, description: '0–100, one decimal; null when nothing could be scored' }) score: number | null;
  @ApiProperty({ enum: BANDS }) band: string;
  @ApiProperty({ description: 'Share of the model\'s weight that had fresh data, 0–1' }) coverage: number;
  @ApiProperty({ type: [HealthComponentDto] }) components: HealthComponentDto[];
  @ApiProperty({ type: HealthDriversDto }) drivers: HealthDriversDto;

  static of(snapshot: { score: number | null; band: string; coverage: number; components: SnapshotComponents; drivers: SnapshotDrivers }): HealthSnapshotDto {
    return { score: snapshot.score, band: snapshot.band, coverage: snapshot.coverage, components: snapshot.components.map(HealthComponentDto.from), drivers: snapshot.drivers };
  }
}

export class ChangeComponentDto {
  @ApiProperty() key: string;
  @ApiProperty() label: string;
  @ApiProperty({ enum: ['changed', 'entered', 'left'] }) movement: string;
  @ApiProperty({ type: Number, nullable: true }) previousScore: number | null;
  @ApiProperty({ type: Number, nullable: true }) currentScore: number | null;
  @ApiProperty({ description: 'Points of the total change' }) change: number;
  @ApiProperty({ description: 'Whole points, summing to the rounded total' }) roundedChange: number;
}

export class ComparedWithDto {
  @ApiProperty({ format: 'date' }) day: string;
  @ApiProperty({ format: 'date-time' }) computedAt: string;
  @ApiProperty({ type: Number, nullable: true }) score: number | null;
  @ApiProperty({ enum: BANDS }) band: string;
  @ApiProperty() modelVersion: number;
}

export class ChangeSummaryDto {
  @ApiProperty({ example: 'since Monday' }) since: string;
  @ApiProperty({ type: ComparedWithDto }) comparedWith: ComparedWithDto;
  @ApiProperty({ type: Number, nullable: true }) change: number | null;
  @ApiProperty({ type: Number, nullable: true }) roundedChange: number | null;
  @ApiProperty() bandChanged: boolean;
  @ApiProperty({ type: [ChangeComponentDto] }) components: ChangeComponentDto[];
  @ApiProperty({ description: 'True when the two snapshots weigh components differently (model versions differ)' }) weightsChanged: boolean;
  @ApiProperty({ example: '−14 since Monday: usage trend −9, support −5' }) sentence: string;

  static from(summary: ChangeSummary | null): ChangeSummaryDto | null {
    return summary === null ? null : { ...summary, components: summary.components.map((component: ChangeComponent) => ({ ...component })) };
  }
}

export class HealthChangeDto {
  @ApiProperty({ type: ChangeSummaryDto, nullable: true, description: 'Against the previous snapshot' }) sincePrevious: ChangeSummaryDto | null;
  @ApiProperty({ type: ChangeSummaryDto, nullable: true, description: 'Against the daily record of 7 days before' }) sinceWeekAgo: ChangeSummaryDto | null;

  static from(change: SnapshotChange | null): HealthChangeDto {
    return { sincePrevious: ChangeSummaryDto.from(change?.sincePrevious ?? null), sinceWeekAgo: ChangeSummaryDto.from(change?.sinceWeekAgo ?? null) };
  }
}

export class HealthModelRefDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() key: string;
  @ApiProperty() version: number;
}

export class HealthOverrideDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['green', 'yellow', 'red'] }) band: string;
  @ApiProperty({ type: Number, nullable: true }) score: number | null;
  @ApiProperty({ enum: OVERRIDE_REASON_CODES }) reasonCode: string;
  @ApiProperty() note: string;
  @ApiProperty({ format: 'date-time' }) setAt: string;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid', description: 'The API key that set it' }) setByKeyId: string | null;
  @ApiProperty({ enum: ['pending', 'effective', 'expired'] }) state: string;
}

export class EffectiveHealthDto {
  @ApiProperty({ type: Number, nullable: true }) score: number | null;
  @ApiProperty({ enum: BANDS }) band: string;
  @ApiProperty({ enum: ['computed', 'override'] }) source: string;
}

export class ShadowScoreDto extends HealthSnapshotDto {
  @ApiProperty({ type: HealthModelRefDto }) model: HealthModelRefDto;
  @ApiProperty({ format: 'uuid' }) runId: string;
  @ApiProperty({ format: 'date' }) asOf: string;
  @ApiProperty({ format: 'date-time' }) computedAt: string;
}

export class AccountHealthDto extends HealthSnapshotDto {
  @ApiProperty({ format: 'uuid' }) accountId: string;
  @ApiProperty({ description: 'False until a completed run scored the account (score null, band unknown)' }) scored: boolean;
  @ApiProperty({ type: HealthModelRefDto, nullable: true }) model: HealthModelRefDto | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) runId: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) asOf: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) computedAt: string | null;
  @ApiProperty({ type: HealthChangeDto }) change: HealthChangeDto;
  @ApiProperty({ type: HealthOverrideDto, nullable: true, description: 'The override, shown beside the computed health even when expired' }) override: HealthOverrideDto | null;
  @ApiProperty({ type: EffectiveHealthDto, description: 'What to show and count: the override while effective, else the computed health' }) effective: EffectiveHealthDto;
  @ApiProperty({ type: [ShadowScoreDto], description: 'Latest completed snapshots of the models running in shadow' }) shadow: ShadowScoreDto[];
}

export class HealthHistoryQueryDto {
  @ApiPropertyOptional({ format: 'date', description: 'First day (inclusive); default 89 days before `to`' })
  @IsOptional()
  @Matches(DAY, { message: 'from must be a YYYY-MM-DD day' })
  from?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Last day (inclusive); default today in BUSINESS_TIMEZONE' })
  @IsOptional()
  @Matches(DAY, { message: 'to must be a YYYY-MM-DD day' })
  to?: string;
}

export class HealthHistoryItemDto extends HealthSnapshotDto {
  @ApiProperty({ format: 'date' }) day: string;
  @ApiProperty({ type: HealthModelRefDto }) model: HealthModelRefDto;
  @ApiProperty({ format: 'uuid' }) runId: string;
  @ApiProperty({ format: 'date-time' }) computedAt: string;
}

export class HealthHistoryDto {
  @ApiProperty({ format: 'uuid' }) accountId: string;
  @ApiProperty({ format: 'date' }) from: string;
  @ApiProperty({ format: 'date' }) to: string;
  @ApiProperty({ type: [HealthHistoryItemDto], description: 'One official snapshot per day with a record, oldest first' }) items: HealthHistoryItemDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Always null: a range holds at most 366 days' }) nextCursor: null;
}

/** Checked by `overrideErrors` (the scoring rules), so every field is only allowed through here. */
export class PutOverrideDto {
  @ApiProperty({ enum: ['green', 'yellow', 'red'] }) @Allow() band: unknown;
  @ApiPropertyOptional({ type: Number, nullable: true, description: 'Optional score inside the band' }) @Allow() score?: unknown;
  @ApiProperty({ enum: OVERRIDE_REASON_CODES }) @Allow() reasonCode: unknown;
  @ApiProperty({ maxLength: 2000 }) @Allow() note: unknown;
  @ApiProperty({ format: 'date-time', description: 'When it stops applying (at most 365 days ahead)' }) @Allow() expiresAt: unknown;
}

export class StartHealthRunDto {
  @ApiProperty({ format: 'date', example: '2027-03-01', description: 'The day to score (today or earlier, in BUSINESS_TIMEZONE)' })
  @Matches(DAY, { message: 'asOf must be a YYYY-MM-DD day' })
  asOf: string;
}

export class HealthRunsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: HEALTH_RUN_STATUSES }) @IsOptional() @IsIn(HEALTH_RUN_STATUSES) status?: HealthRunStatus;
  @ApiPropertyOptional({ enum: HEALTH_RUN_KINDS }) @IsOptional() @IsIn(HEALTH_RUN_KINDS) kind?: HealthRunKind;
}

export class HealthRunDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid', description: 'The job run doing it (null when started from this API)' }) jobRunId: string | null;
  @ApiProperty({ enum: HEALTH_RUN_KINDS }) kind: HealthRunKind;
  @ApiProperty({ format: 'date' }) asOf: string;
  @ApiProperty({ enum: HEALTH_RUN_STATUSES }) status: HealthRunStatus;
  @ApiProperty() accountsScored: number;
  @ApiProperty({ type: String, nullable: true }) error: string | null;
  @ApiProperty({ format: 'date-time' }) startedAt: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) completedAt: string | null;

  static from(run: HealthRunRecord): HealthRunDto {
    return { ...run, startedAt: run.startedAt.toISOString(), completedAt: run.completedAt?.toISOString() ?? null };
  }
}

export class HealthRunPageDto {
  @ApiProperty({ type: [HealthRunDto] }) items: HealthRunDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}
