import { Body, Controller, Get, Headers, Param, ParseUUIDPipe, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Audited } from '../audit/audited.decorator';
import { CurrentPrincipal, Principal } from '../auth/principal';
import { ACCOUNT_READERS } from '../auth/roles';
import { BulkQueryDto, BulkResultDto } from '../common/bulk/bulk.dto';
import { BulkIngestEndpoint } from '../common/bulk/bulk-ingest-endpoint.decorator';
import { ApiEndpoint } from '../common/http/api-endpoint.decorator';
import { PageQueryDto } from '../common/pagination';
import { AccountService } from './account.service';
import {
  AccountBulkRowDto,
  AccountHistoryEntryDto,
  AccountHistoryPageDto,
  AccountPageDto,
  AccountResponseDto,
  AssignmentListDto,
  AssignmentResponseDto,
  CreateAccountDto,
  GetAccountQueryDto,
  ListAccountsQueryDto,
  ListAssignmentsQueryDto,
  PutAssignmentDto,
  UpdateAccountDto,
} from './dto/account.dto';

const uuid = new ParseUUIDPipe({ version: '4' });

@ApiTags('accounts')
@Controller('api/v1/accounts')
export class AccountsController {
  constructor(private readonly accounts: AccountService) {}

  @Get()
  @ApiEndpoint({ summary: 'List accounts (scoped) with filters, sort and cursor', roles: ACCOUNT_READERS, status: 200, response: AccountPageDto, errors: [400] })
  async list(@Query() query: ListAccountsQueryDto, @CurrentPrincipal() principal: Principal): Promise<AccountPageDto> {
    const page = await this.accounts.list(query, principal);
    return { items: page.items.map((record) => AccountResponseDto.from(record)), nextCursor: page.nextCursor };
  }

  @Post()
  @ApiEndpoint({ summary: 'Create an account', roles: ['admin', 'manager'], status: 201, response: AccountResponseDto, errors: [400, 409, 413, 415] })
  @Audited({ action: 'account.create', entity: 'account' })
  async create(@Body() body: CreateAccountDto): Promise<AccountResponseDto> {
    return AccountResponseDto.from(await this.accounts.create(body));
  }

  @Post('bulk')
  @BulkIngestEndpoint({
    body: { type: [AccountBulkRowDto], description: 'Up to 5,000 accounts upserted by externalId. CSV lists (appIds, products, useCases) separate items with |; attributes is a JSON cell.' },
    summary: 'Upsert accounts by externalId',
    description: 'Atomic unless ?partial=true (every bad row is reported with its line); ?dryRun=true stores nothing. Fields a row leaves out keep their stored values.',
    roles: ['admin', 'manager', 'ingest'],
    errors: [400, 409, 413, 415],
  })
  @Audited({ action: 'account.bulk-upsert', entity: 'account' })
  async bulk(@Body() body: unknown, @Headers('content-type') contentType: string | undefined, @Query() query: BulkQueryDto): Promise<BulkResultDto> {
    return this.accounts.bulkUpsert(body, contentType, query);
  }

  @Get(':id')
  @ApiEndpoint({ summary: 'Get an account, now or as of a past day', roles: ACCOUNT_READERS, status: 200, response: AccountResponseDto, errors: [400, 404] })
  async get(@Param('id', uuid) id: string, @Query() query: GetAccountQueryDto, @CurrentPrincipal() principal: Principal): Promise<AccountResponseDto> {
    return AccountResponseDto.from(await this.accounts.get(id, principal, query.asOf), query.asOf);
  }

  @Patch(':id')
  @ApiEndpoint({ summary: 'Update an account (null clears a nullable field)', roles: ['admin', 'manager'], status: 200, response: AccountResponseDto, errors: [400, 404, 409, 413, 415] })
  @Audited({ action: 'account.update', entity: 'account' })
  async update(@Param('id', uuid) id: string, @Body() body: UpdateAccountDto, @CurrentPrincipal() principal: Principal): Promise<AccountResponseDto> {
    return AccountResponseDto.from(await this.accounts.update(id, body, principal));
  }

  @Post(':id/archive')
  @ApiEndpoint({ summary: 'Archive an account (idempotent; it stays readable as a tombstone)', roles: ['admin', 'manager'], status: 200, response: AccountResponseDto, errors: [400, 404] })
  @Audited({ action: 'account.archive', entity: 'account' })
  async archive(@Param('id', uuid) id: string, @CurrentPrincipal() principal: Principal): Promise<AccountResponseDto> {
    return AccountResponseDto.from(await this.accounts.archive(id, principal));
  }

  @Get(':id/history')
  @ApiEndpoint({ summary: 'Versions of the tracked fields with validFrom/validTo, newest first', roles: ACCOUNT_READERS, status: 200, response: AccountHistoryPageDto, errors: [400, 404] })
  async history(@Param('id', uuid) id: string, @Query() query: PageQueryDto, @CurrentPrincipal() principal: Principal): Promise<AccountHistoryPageDto> {
    const page = await this.accounts.history(id, principal, query);
    return { items: page.items.map(AccountHistoryEntryDto.from), nextCursor: page.nextCursor };
  }

  @Get(':id/assignments')
  @ApiEndpoint({ summary: 'Who holds or held each role on the account', roles: ACCOUNT_READERS, status: 200, response: AssignmentListDto, errors: [400, 404] })
  async assignments(@Param('id', uuid) id: string, @Query() query: ListAssignmentsQueryDto, @CurrentPrincipal() principal: Principal): Promise<AssignmentListDto> {
    const page = await this.accounts.assignments(id, principal, query);
    return { items: page.items.map(AssignmentResponseDto.from), nextCursor: page.nextCursor };
  }

  @Put(':id/assignments')
  @ApiEndpoint({
    summary: 'Assign a role on the account to a manager',
    description: 'Ends the previous holder of the role and keeps the history; assigning the current holder again changes nothing. A lead assigns within their team.',
    roles: ['admin', 'manager', 'lead'],
    status: 200,
    response: AssignmentResponseDto,
    errors: [400, 404, 409, 413, 415],
  })
  @Audited({ action: 'account.assign', entity: 'account_assignment' })
  async assign(@Param('id', uuid) id: string, @Body() body: PutAssignmentDto, @CurrentPrincipal() principal: Principal): Promise<AssignmentResponseDto> {
    return AssignmentResponseDto.from(await this.accounts.assign(id, body, principal));
  }
}
