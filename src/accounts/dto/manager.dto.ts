import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsEmail, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, IsUUID, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { PageQueryDto } from '../../common/pagination';
import { ASSIGNMENT_ROLES, AssignmentRole } from '../account-assignment.entity';
import { MANAGER_ROLES, ManagerRole } from '../manager.entity';
import type { BookEntry, ManagerRecord, Portfolio } from '../manager.repository';
import { IsCalendarDate, IsTimeZone } from './validators';

const booleanQuery = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class CreateManagerDto {
  @ApiProperty({ maxLength: 200, example: 'Mei Chen' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiProperty({ example: 'mei.chen@vendor.example', description: 'Unique, case-insensitive' })
  @IsEmail()
  @MaxLength(320)
  email: string;

  @ApiProperty({ enum: MANAGER_ROLES })
  @IsIn(MANAGER_ROLES)
  role: ManagerRole;

  @ApiPropertyOptional({ example: 'Asia/Singapore', default: 'UTC' })
  @IsOptional()
  @IsTimeZone()
  timezone?: string;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description: 'Team lead' })
  @IsOptional()
  @ValidateIf((_object, value) => value !== null)
  @IsUUID()
  leadId?: string | null;

  @ApiPropertyOptional({ nullable: true, type: Number, description: 'Accounts the manager can hold' })
  @IsOptional()
  @ValidateIf((_object, value) => value !== null)
  @IsInt()
  @Min(0)
  @Max(100_000)
  capacity?: number | null;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class UpdateManagerDto {
  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsEmail()
  @MaxLength(320)
  email?: string;

  @ApiPropertyOptional({ enum: MANAGER_ROLES })
  @IsOptional()
  @IsIn(MANAGER_ROLES)
  role?: ManagerRole;

  @ApiPropertyOptional()
  @IsOptional()
  @IsTimeZone()
  timezone?: string;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String })
  @IsOptional()
  @ValidateIf((_object, value) => value !== null)
  @IsUUID()
  leadId?: string | null;

  @ApiPropertyOptional({ nullable: true, type: Number })
  @IsOptional()
  @ValidateIf((_object, value) => value !== null)
  @IsInt()
  @Min(0)
  @Max(100_000)
  capacity?: number | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class ListManagersQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: MANAGER_ROLES })
  @IsOptional()
  @IsIn(MANAGER_ROLES)
  role?: ManagerRole;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  leadId?: string;

  @ApiPropertyOptional({ type: Boolean })
  @IsOptional()
  @Transform(booleanQuery)
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ description: 'Text in name or email' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;
}

export class ManagerResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() email: string;
  @ApiProperty({ enum: MANAGER_ROLES }) role: ManagerRole;
  @ApiProperty() timezone: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) leadId: string | null;
  @ApiProperty({ nullable: true, type: Number }) capacity: number | null;
  @ApiProperty() active: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;

  static from(record: ManagerRecord): ManagerResponseDto {
    return {
      id: record.id,
      name: record.name,
      email: record.email,
      role: record.role,
      timezone: record.timezone,
      leadId: record.leadId,
      capacity: record.capacity,
      active: record.active,
      createdAt: record.createdAt.toISOString(),
      updatedAt: record.updatedAt.toISOString(),
    };
  }
}

export class ManagerPageDto {
  @ApiProperty({ type: [ManagerResponseDto] }) items: ManagerResponseDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class BookQueryDto {
  @ApiPropertyOptional({ enum: ASSIGNMENT_ROLES })
  @IsOptional()
  @IsIn(ASSIGNMENT_ROLES)
  role?: AssignmentRole;
}

export class BookEntryDto {
  @ApiProperty({ enum: ASSIGNMENT_ROLES }) role: AssignmentRole;
  @ApiProperty({ format: 'date-time' }) since: string;
  @ApiProperty({ format: 'uuid' }) accountId: string;
  @ApiProperty() externalId: string;
  @ApiProperty() name: string;
  @ApiProperty() segment: string;
  @ApiProperty({ description: 'Decimal string' }) arr: string;
  @ApiProperty() currency: string;
  @ApiProperty({ nullable: true, type: String }) renewalDate: string | null;

  static from(entry: BookEntry): BookEntryDto {
    return { ...entry, since: entry.since.toISOString() };
  }
}

export class BookDto {
  @ApiProperty({ format: 'uuid' }) managerId: string;
  @ApiProperty({ type: [BookEntryDto], description: 'Open assignments on live accounts, by role then account name' }) items: BookEntryDto[];
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, description: 'Accounts per role' }) countsByRole: Record<string, number>;
}

export class PortfolioQueryDto {
  @ApiPropertyOptional({ description: 'Convert with the rates of this day (default: today in BUSINESS_TIMEZONE)' })
  @IsOptional()
  @IsCalendarDate()
  asOf?: string;

  @ApiPropertyOptional({ type: Boolean, description: 'Include the accounts of the managers this one leads' })
  @IsOptional()
  @Transform(booleanQuery)
  @IsBoolean()
  includeTeam?: boolean;
}

export class MissingRateDto {
  @ApiProperty() currency: string;
  @ApiProperty() date: string;
}

export class CurrencyTotalDto {
  @ApiProperty() currency: string;
  @ApiProperty() accounts: number;
  @ApiProperty({ description: 'ARR in this currency, decimal string' }) arr: string;
  @ApiProperty({ nullable: true, type: String, description: 'Rate of the day; null when missing' }) rate: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'ARR in the reporting currency; null when the rate is missing' }) converted: string | null;
}

export class ArrTotalDto {
  @ApiProperty({ example: 'USD' }) reportingCurrency: string;
  @ApiProperty({ example: '2026-11-22' }) date: string;
  @ApiProperty({ nullable: true, type: String, description: 'Total in the reporting currency; null when a rate is missing (never guessed)' }) total: string | null;
  @ApiProperty({ description: 'Converted part only, so a partial figure is still visible' }) convertedTotal: string;
  @ApiProperty() complete: boolean;
  @ApiProperty({ type: [MissingRateDto] }) missingRates: MissingRateDto[];
  @ApiProperty({ type: [CurrencyTotalDto] }) byCurrency: CurrencyTotalDto[];
}

export class PortfolioBandCountsDto {
  @ApiProperty() green: number;
  @ApiProperty() yellow: number;
  @ApiProperty() red: number;
  @ApiProperty({ description: 'Not yet scored, or below the coverage the band needs' }) unknown: number;
}

export class ArrAtRiskDto {
  @ApiProperty({ example: 'USD' }) reportingCurrency: string;
  @ApiProperty({ example: '2026-11-22', description: 'The day whose rates convert' }) date: string;
  @ApiProperty({ enum: ['accounts-without-children'], description: 'Parents are not counted twice: only accounts without live child accounts count (an organisation\'s ARR is its children\'s)' }) basis: string;
  @ApiProperty({ nullable: true, type: String, description: 'Yellow and red ARR in the reporting currency; null when a rate is missing (never guessed)' }) total: string | null;
  @ApiProperty({ description: 'Converted part only' }) convertedTotal: string;
  @ApiProperty({ description: 'Of it, yellow accounts (converted part)' }) yellow: string;
  @ApiProperty({ description: 'Of it, red accounts (converted part)' }) red: string;
  @ApiProperty() complete: boolean;
  @ApiProperty({ description: 'Yellow and red accounts counted' }) accounts: number;
  @ApiProperty({ type: [MissingRateDto] }) missingRates: MissingRateDto[];
}

export class PortfolioHealthAccountDto {
  @ApiProperty({ format: 'uuid' }) accountId: string;
  @ApiProperty() externalId: string;
  @ApiProperty() name: string;
  @ApiProperty() segment: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) parentId: string | null;
  @ApiProperty({ description: 'Has live child accounts (left out of ARR at risk)' }) hasChildren: boolean;
  @ApiProperty({ type: Number, nullable: true, description: 'Effective health score: a live override\'s score when it sets one, else the current computed score (the latest run); null when unscored' }) score: number | null;
  @ApiProperty({ enum: ['green', 'yellow', 'red', 'unknown'], description: 'Effective band: a live override\'s band, else the computed one' }) band: string;
  @ApiProperty({ description: 'A live (set, not cleared, not expired) override decides score and band' }) overridden: boolean;
  @ApiProperty({ type: Number, nullable: true, description: 'The computed score, whatever the override' }) computedScore: number | null;
  @ApiProperty({ enum: ['green', 'yellow', 'red', 'unknown'], description: 'The computed band, whatever the override' }) computedBand: string;
  @ApiProperty({ type: Number, nullable: true, description: 'Score change against the daily record of 7 days before; null without one' }) change7Days: number | null;
  @ApiProperty({ description: 'ARR in the account\'s currency' }) arr: string;
  @ApiProperty() currency: string;
  @ApiProperty({ type: String, nullable: true, description: 'ARR in the reporting currency with the rate of the date; null when missing' }) arrReporting: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) renewalDate: string | null;
}

export class PortfolioHealthDto {
  @ApiProperty({ type: PortfolioBandCountsDto }) countsByBand: PortfolioBandCountsDto;
  @ApiProperty({ type: ArrAtRiskDto }) arrAtRisk: ArrAtRiskDto;
  @ApiProperty({ description: 'Accounts renewing within 90 days of the date' }) renewalsNext90Days: number;
  @ApiProperty({ description: 'Accounts renewing within 180 days of the date' }) renewalsNext180Days: number;
  @ApiProperty({ type: [PortfolioHealthAccountDto], description: 'Lowest score first, unscored last' }) accounts: PortfolioHealthAccountDto[];
}

export class PortfolioDto {
  @ApiProperty({ format: 'uuid' }) managerId: string;
  @ApiProperty() includeTeam: boolean;
  @ApiProperty({ description: 'Live, non-test accounts held' }) accounts: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' } }) accountsByRole: Record<string, number>;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' } }) accountsBySegment: Record<string, number>;
  @ApiProperty({ description: 'Accounts renewing within 90 days of the date' }) renewalsNext90Days: number;
  @ApiProperty({ type: ArrTotalDto }) arr: ArrTotalDto;
  @ApiProperty({ type: PortfolioHealthDto, description: 'Current health of the same accounts' }) health: PortfolioHealthDto;

  static from(portfolio: Portfolio): PortfolioDto {
    return portfolio;
  }
}
