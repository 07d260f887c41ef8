import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsNotEmpty,
  IsObject,
  IsNumber,
  IsOptional,
  IsString,
  Min,
  Max,
  IsUUID,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import { PageQueryDto } from '../../common/pagination';
import { ASSIGNMENT_ROLES, AssignmentRole } from '../account-assignment.entity';
import { BILLING_MODELS, BillingModel, COMMIT_PERIODS, CommitPeriod } from '../account.entity';
import type { AttributeValue } from '../account-rules';
import type { AccountHistoryRecord, AccountRecord, AssignmentRecord } from '../account.repository';
import { IsAttributes, IsCalendarDate, IsCurrencyCode, IsMoney, IsTimeZone } from './validators';

const nullable = () => ValidateIf((_object, value) => value !== null);
const booleanQuery = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);
const MONEY_SCHEMA = { oneOf: [{ type: 'string' }, { type: 'number' }], example: '120000.00', description: 'Amount: number or decimal string, at most 2 decimals; answered as a decimal string' };

/** Every field an account write may set; PATCH takes any subset, null clears a nullable field. */
export class AccountFieldsDto {
  @ApiPropertyOptional({ maxLength: 200, example: 'crm-000123' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  externalId?: string;

  @ApiPropertyOptional({ maxLength: 300, example: 'Bright Tutors' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  name?: string;

  @ApiPropertyOptional({ description: 'A segment key', example: 'growth' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  segment?: string;

  @ApiPropertyOptional({ nullable: true, type: String, example: 'online-education' })
  @IsOptional()
  @nullable()
  @IsString()
  @MaxLength(100)
  industry?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, example: 'apac' })
  @IsOptional()
  @nullable()
  @IsString()
  @MaxLength(100)
  region?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, example: 'Asia/Shanghai' })
  @IsOptional()
  @nullable()
  @IsTimeZone()
  timezone?: string | null;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description: 'Parent organisation (no cycles)' })
  @IsOptional()
  @nullable()
  @IsUUID()
  parentId?: string | null;

  @ApiPropertyOptional({ type: [String], description: 'The vendor app / project ids that roll up here; unique across accounts', example: ['app-8f2c'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @ArrayUnique()
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(200, { each: true })
  appIds?: string[];

  @ApiPropertyOptional({ description: 'Sandbox account: left out of scoring, reviews and exports by default' })
  @IsOptional()
  @IsBoolean()
  isTest?: boolean;

  @ApiPropertyOptional({ enum: BILLING_MODELS, default: 'commit' })
  @IsOptional()
  @IsIn(BILLING_MODELS)
  billingModel?: BillingModel;

  @ApiPropertyOptional({ ...MONEY_SCHEMA, nullable: true, description: 'Committed spend per commit period; none for PAYG' })
  @IsOptional()
  @nullable()
  @IsMoney()
  commitAmount?: number | string | null;

  @ApiPropertyOptional({ enum: COMMIT_PERIODS, nullable: true, description: 'None for PAYG' })
  @IsOptional()
  @nullable()
  @IsIn(COMMIT_PERIODS)
  commitPeriod?: CommitPeriod | null;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  autoRenew?: boolean;

  @ApiPropertyOptional({ nullable: true, type: String, example: '2027-03-31', description: 'YYYY-MM-DD; none for PAYG' })
  @IsOptional()
  @nullable()
  @IsCalendarDate()
  renewalDate?: string | null;

  @ApiPropertyOptional({ ...MONEY_SCHEMA, default: '0.00' })
  @IsOptional()
  @IsMoney()
  arr?: number | string;

  @ApiPropertyOptional({ example: 'EUR', description: 'ISO 4217; default REPORTING_CURRENCY' })
  @IsOptional()
  @IsCurrencyCode()
  currency?: string;

  @ApiPropertyOptional({ nullable: true, type: String, example: 'premium' })
  @IsOptional()
  @nullable()
  @IsString()
  @MaxLength(100)
  supportPlan?: string | null;

  @ApiPropertyOptional({ type: [String], description: 'Licensed product lines (catalog product keys)', example: ['video-calling'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsString({ each: true })
  products?: string[];

  @ApiPropertyOptional({ type: [String], description: 'Catalog use-case keys', example: ['one-to-one-tutoring'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsString({ each: true })
  useCases?: string[];

  @ApiPropertyOptional({ nullable: true, type: String, example: 'adoption' })
  @IsOptional()
  @nullable()
  @IsString()
  @MaxLength(100)
  lifecycleStage?: string | null;

  @ApiPropertyOptional({ type: 'object', additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }] }, example: { tier: 'gold', seats: 40 } })
  @IsOptional()
  @IsObject()
  @IsAttributes()
  attributes?: Record<string, AttributeValue>;
}

export class CreateAccountDto extends OmitType(AccountFieldsDto, ['externalId', 'name', 'segment'] as const) {
  @ApiProperty({ maxLength: 200, example: 'crm-000123' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  externalId: string;

  @ApiProperty({ maxLength: 300, example: 'Bright Tutors' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  name: string;

  @ApiProperty({ description: 'A segment key', example: 'growth' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  segment: string;
}

export class UpdateAccountDto extends AccountFieldsDto {}

/** A bulk row: an account upserted by externalId; on update, fields left out keep their values. */
export class AccountBulkRowDto extends OmitType(AccountFieldsDto, ['externalId'] as const) {
  @ApiProperty({ maxLength: 200 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  externalId: string;

  @ApiPropertyOptional({ nullable: true, type: String, description: 'Parent named by its externalId (stored, or earlier in the batch)' })
  @IsOptional()
  @nullable()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  parentExternalId?: string | null;
}

export class GetAccountQueryDto {
  @ApiPropertyOptional({ example: '2026-06-30', description: 'Answer with the tracked fields as they were at the end of this day (BUSINESS_TIMEZONE)' })
  @IsOptional()
  @IsCalendarDate()
  asOf?: string;
}

export const ACCOUNT_SORTS = ['name', 'externalId', 'renewalDate', 'arr', 'createdAt', 'updatedAt', 'score', 'change'] as const;
export type AccountSortField = (typeof ACCOUNT_SORTS)[number];
const SORT_VALUES = ACCOUNT_SORTS.flatMap((field) => [field, `-${field}`]);

export class ListAccountsQueryDto extends PageQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(50) segment?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) industry?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) region?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Accounts where this manager holds an open assignment' })
  @IsOptional()
  @IsUUID()
  managerId?: string;

  @ApiPropertyOptional({ enum: ASSIGNMENT_ROLES, description: 'With managerId: the role they hold; alone: accounts with an open assignment of this role' })
  @IsOptional()
  @IsIn(ASSIGNMENT_ROLES)
  role?: AssignmentRole;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) lifecycleStage?: string;

  @ApiPropertyOptional({ description: 'Renewal on or after this day' })
  @IsOptional()
  @IsCalendarDate()
  renewalFrom?: string;

  @ApiPropertyOptional({ description: 'Renewal on or before this day' })
  @IsOptional()
  @IsCalendarDate()
  renewalTo?: string;

  @ApiPropertyOptional({ enum: BILLING_MODELS })
  @IsOptional()
  @IsIn(BILLING_MODELS)
  billingModel?: BillingModel;

  @ApiPropertyOptional({ type: Boolean })
  @IsOptional()
  @Transform(booleanQuery)
  @IsBoolean()
  isTest?: boolean;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  parentId?: string;

  @ApiPropertyOptional({ description: 'Text in the name, externalId or an app id (case-insensitive)' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ type: Boolean, default: false })
  @IsOptional()
  @Transform(booleanQuery)
  @IsBoolean()
  includeArchived?: boolean;

  @ApiPropertyOptional({ enum: ['green', 'yellow', 'red', 'unknown'], description: 'Current health band (accounts never scored have none)' })
  @IsOptional()
  @IsIn(['green', 'yellow', 'red', 'unknown'])
  band?: string;

  @ApiPropertyOptional({ description: 'Current health score at least this' })
  @IsOptional()
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100)
  scoreMin?: number;

  @ApiPropertyOptional({ description: 'Current health score at most this' })
  @IsOptional()
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100)
  scoreMax?: number;

  @ApiPropertyOptional({ description: 'Score change over 7 days at most this (e.g. -10: fell by 10 or more)' })
  @IsOptional()
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-100)
  @Max(100)
  changeMax?: number;

  @ApiPropertyOptional({ enum: SORT_VALUES, default: 'name', description: 'A field, `-` first for descending; `score` (accounts never scored count as −1) and `change` (score change over 7 days, 0 when unknown) come from the current health' })
  @IsOptional()
  @IsIn(SORT_VALUES)
  sort?: string;
}

export class AccountResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() externalId: string;
  @ApiProperty() name: string;
  @ApiProperty() segment: string;
  @ApiProperty({ nullable: true, type: String }) industry: string | null;
  @ApiProperty({ nullable: true, type: String }) region: string | null;
  @ApiProperty({ nullable: true, type: String }) timezone: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) parentId: string | null;
  @ApiProperty({ type: [String] }) appIds: string[];
  @ApiProperty() isTest: boolean;
  @ApiProperty({ enum: BILLING_MODELS }) billingModel: BillingModel;
  @ApiProperty({ nullable: true, type: String, description: 'Decimal string' }) commitAmount: string | null;
  @ApiProperty({ enum: COMMIT_PERIODS, nullable: true }) commitPeriod: CommitPeriod | null;
  @ApiProperty() autoRenew: boolean;
  @ApiProperty({ nullable: true, type: String, example: '2027-03-31' }) renewalDate: string | null;
  @ApiProperty({ description: 'Decimal string with 2 places', example: '120000.00' }) arr: string;
  @ApiProperty({ example: 'EUR' }) currency: string;
  @ApiProperty({ nullable: true, type: String }) supportPlan: string | null;
  @ApiProperty({ type: [String] }) products: string[];
  @ApiProperty({ type: [String] }) useCases: string[];
  @ApiProperty({ nullable: true, type: String }) lifecycleStage: string | null;
  @ApiProperty({ type: 'object', additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }] } }) attributes: Record<string, AttributeValue>;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) archivedAt: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiPropertyOptional({ description: 'Present when answered as of a past date' }) asOf?: string;

  static from(record: AccountRecord, asOf?: string): AccountResponseDto {
    return {
      id: record.id,
      externalId: record.externalId,
      name: record.name,
      segment: record.segment,
      industry: record.industry,
      region: record.region,
      timezone: record.timezone,
      parentId: record.parentId,
      appIds: record.appIds,
      isTest: record.isTest,
      billingModel: record.billingModel,
      commitAmount: record.commitAmount,
      commitPeriod: record.commitPeriod,
      autoRenew: record.autoRenew,
      renewalDate: record.renewalDate,
      arr: record.arr,
      currency: record.currency,
      supportPlan: record.supportPlan,
      products: record.products,
      useCases: record.useCases,
      lifecycleStage: record.lifecycleStage,
      attributes: record.attributes,
      archivedAt: record.archivedAt?.toISOString() ?? null,
      createdAt: record.createdAt.toISOString(),
      updatedAt: record.updatedAt.toISOString(),
      ...(asOf ? { asOf } : {}),
    };
  }
}

export class AccountPageDto {
  @ApiProperty({ type: [AccountResponseDto] }) items: AccountResponseDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class AccountHistoryEntryDto {
  @ApiProperty({ format: 'date-time' }) validFrom: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'Null for the current version' }) validTo: string | null;
  @ApiProperty() segment: string;
  @ApiProperty() arr: string;
  @ApiProperty() currency: string;
  @ApiProperty({ enum: BILLING_MODELS }) billingModel: BillingModel;
  @ApiProperty({ nullable: true, type: String }) commitAmount: string | null;
  @ApiProperty({ nullable: true, type: String }) commitPeriod: string | null;
  @ApiProperty() autoRenew: boolean;
  @ApiProperty({ nullable: true, type: String }) renewalDate: string | null;
  @ApiProperty({ nullable: true, type: String }) supportPlan: string | null;
  @ApiProperty({ type: [String] }) products: string[];
  @ApiProperty({ type: [String] }) useCases: string[];
  @ApiProperty({ type: 'object', additionalProperties: true }) attributes: Record<string, AttributeValue>;

  static from(record: AccountHistoryRecord): AccountHistoryEntryDto {
    return { ...record, validFrom: record.validFrom.toISOString(), validTo: record.validTo?.toISOString() ?? null };
  }
}

export class AccountHistoryPageDto {
  @ApiProperty({ type: [AccountHistoryEntryDto], description: 'Newest first' }) items: AccountHistoryEntryDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class PutAssignmentDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  managerId: string;

  @ApiProperty({ enum: ASSIGNMENT_ROLES })
  @IsIn(ASSIGNMENT_ROLES)
  role: AssignmentRole;
}

export class AssignmentResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) accountId: string;
  @ApiProperty({ format: 'uuid' }) managerId: string;
  @ApiProperty() managerName: string;
  @ApiProperty({ enum: ASSIGNMENT_ROLES }) role: AssignmentRole;
  @ApiProperty({ format: 'date-time' }) startedAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) endedAt: string | null;

  static from(record: AssignmentRecord): AssignmentResponseDto {
    return { ...record, startedAt: record.startedAt.toISOString(), endedAt: record.endedAt?.toISOString() ?? null };
  }
}

export class AssignmentListDto {
  @ApiProperty({ type: [AssignmentResponseDto], description: 'Open assignments first, then ended ones, newest first' }) items: AssignmentResponseDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class ListAssignmentsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ type: Boolean, description: 'Only open assignments' })
  @IsOptional()
  @Transform(booleanQuery)
  @IsBoolean()
  open?: boolean;
}

