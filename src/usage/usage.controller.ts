import { Body, Controller, Get, Headers, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Audited } from '../audit/audited.decorator';
import { CurrentPrincipal, Principal } from '../auth/principal';
import { ACCOUNT_READERS } from '../auth/roles';
import { BulkQueryDto, BulkResultDto } from '../common/bulk/bulk.dto';
import { BulkIngestEndpoint } from '../common/bulk/bulk-ingest-endpoint.decorator';
import { ApiEndpoint } from '../common/http/api-endpoint.decorator';
import { UsageRowDto } from './dto/usage-row.dto';
import { UsageQueryDto, UsageResponseDto, UsageTrendsQueryDto, UsageTrendsResponseDto } from './dto/usage.dto';
import { UsageService } from './usage.service';

const uuid = new ParseUUIDPipe({ version: '4' });

@ApiTags('usage')
@Controller('api/v1')
export class UsageController {
  constructor(private readonly usage: UsageService) {}

  @Post('usage')
  @BulkIngestEndpoint({
    body: {
      type: [UsageRowDto],
      description:
        'Daily usage and quality rows, upserted on (account, metric, day). JSON: an array of up to 10,000 rows; NDJSON and CSV (header account|accountExternalId|appId,metric,date,value,weight) stream in any size.',
    },
    summary: 'Ingest daily usage and quality',
    description:
      'Atomic unless ?partial=true (every bad row is reported with its line); ?dryRun=true stores nothing. Re-sending a row changes nothing (unchanged); a different value replaces the stored one (updated). ' +
      'App ids roll up to their account: rows of two app ids of one account name the same key, so they must agree (pipelines add up their apps first). ' +
      'Ratio metrics send the day\'s ratio (0–1) as value and its denominator as weight.',
    roles: ['admin', 'ingest'],
    errors: [400, 413, 415],
  })
  @Audited({ action: 'usage.ingest', entity: 'usage_daily' })
  async ingest(
    @Body() body: unknown,
    @Headers('content-type') contentType: string | undefined,
    @Query() query: BulkQueryDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<BulkResultDto> {
    return this.usage.ingest(body, contentType, query, principal);
  }

  @Get('accounts/:id/usage')
  @ApiEndpoint({
    summary: "An account's usage per day, week or month",
    description: "Each metric rolled up by its rule (sum, avg, max, last; ratio as the weight-weighted mean). Weeks start on Monday; periods without data are left out.",
    roles: ACCOUNT_READERS,
    status: 200,
    response: UsageResponseDto,
    errors: [400, 404],
  })
  async series(@Param('id', uuid) id: string, @Query() query: UsageQueryDto, @CurrentPrincipal() principal: Principal): Promise<UsageResponseDto> {
    return this.usage.series(id, query, principal);
  }

  @Get('accounts/:id/usage/trends')
  @ApiEndpoint({
    summary: "An account's usage trends as of a day",
    description:
      'Per metric: the last 7 and 28 days against the same weekdays just before, the last 90 against the 90 before, % change and least-squares slope per day; ' +
      '`dropped` when the last two days both fell below half of the median of their weekday over the past 8 weeks. Days without a row are missing, not zero.',
    roles: ACCOUNT_READERS,
    status: 200,
    response: UsageTrendsResponseDto,
    errors: [400, 404],
  })
  async trends(@Param('id', uuid) id: string, @Query() query: UsageTrendsQueryDto, @CurrentPrincipal() principal: Principal): Promise<UsageTrendsResponseDto> {
    return this.usage.trends(id, query, principal);
  }
}
