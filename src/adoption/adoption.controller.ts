import { Body, Controller, Get, Headers, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Audited } from '../audit/audited.decorator';
import { CurrentPrincipal, Principal } from '../auth/principal';
import { ACCOUNT_READERS } from '../auth/roles';
import { BulkQueryDto, BulkResultDto } from '../common/bulk/bulk.dto';
import { BulkIngestEndpoint } from '../common/bulk/bulk-ingest-endpoint.decorator';
import { ApiEndpoint } from '../common/http/api-endpoint.decorator';
import { AdoptionService } from './adoption.service';
import { AccountAdoptionDto, AdoptionQueryDto, AdoptionRowDto } from './dto/adoption.dto';

const uuid = new ParseUUIDPipe({ version: '4' });

@ApiTags('adoption')
@Controller('api/v1')
export class AdoptionController {
  constructor(private readonly adoption: AdoptionService) {}

  @Post('adoption')
  @BulkIngestEndpoint({
    body: {
      type: [AdoptionRowDto],
      description: 'Rows { account | accountExternalId | appId, feature, date, activeUsers, eligibleUsers } or { …, adoptionPct }. JSON arrays up to 10,000 rows; NDJSON and CSV streamed, any size.',
    },
    summary: 'Upsert daily feature adoption on (account, feature, day)',
    description:
      'Atomic unless ?partial=true (every bad row is reported with its line); ?dryRun=true stores nothing. The same batch twice changes nothing; a later value replaces the earlier one. A percentage is computed from the user counts when they are sent.',
    roles: ['admin', 'ingest'],
    errors: [400, 413, 415],
  })
  @Audited({ action: 'adoption.ingest', entity: 'feature_adoption_daily' })
  async ingest(
    @Body() body: unknown,
    @Headers('content-type') contentType: string | undefined,
    @Query() query: BulkQueryDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<BulkResultDto> {
    return this.adoption.ingest(body, contentType, query, principal);
  }

  @Get('accounts/:id/adoption')
  @ApiEndpoint({
    summary: 'Feature adoption of an account as of a day',
    description: 'Per feature with a report on or before asOf: latest percent, change over 28 days, first day adopted (at least ADOPTION_THRESHOLD_PCT, default 20).',
    roles: ACCOUNT_READERS,
    status: 200,
    response: AccountAdoptionDto,
    errors: [400, 404],
  })
  async forAccount(@Param('id', uuid) id: string, @Query() query: AdoptionQueryDto, @CurrentPrincipal() principal: Principal): Promise<AccountAdoptionDto> {
    return AccountAdoptionDto.from(await this.adoption.forAccount(id, principal, query.asOf));
  }
}
