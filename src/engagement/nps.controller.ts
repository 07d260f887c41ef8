import { Body, Controller, Get, Headers, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Audited } from '../audit/audited.decorator';
import { CurrentPrincipal, Principal } from '../auth/principal';
import { ACCOUNT_READERS } from '../auth/roles';
import { BulkQueryDto, BulkResultDto } from '../common/bulk/bulk.dto';
import { BulkIngestEndpoint } from '../common/bulk/bulk-ingest-endpoint.decorator';
import { ApiEndpoint } from '../common/http/api-endpoint.decorator';
import { ListNpsQueryDto, NpsPageDto, NpsResponseDto, NpsRowDto } from './dto/nps.dto';
import { NpsService } from './nps.service';

const uuid = new ParseUUIDPipe({ version: '4' });

@ApiTags('engagement')
@Controller('api/v1')
export class NpsController {
  constructor(private readonly nps: NpsService) {}

  @Post('nps')
  @BulkIngestEndpoint({
    body: { type: [NpsRowDto], description: 'An array of survey answers (JSON up to 10,000 rows), or NDJSON / CSV streamed.' },
    summary: 'Record NPS answers',
    description: 'Answers with an externalId upsert on (account, externalId), so re-sending them changes nothing. Atomic unless ?partial=true; ?dryRun=true stores nothing.',
    roles: ['admin', 'ingest'],
    errors: [400, 413, 415],
  })
  @Audited({ action: 'nps.ingest', entity: 'nps_response' })
  async ingest(
    @Body() body: unknown,
    @Headers('content-type') contentType: string | undefined,
    @Query() query: BulkQueryDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<BulkResultDto> {
    return this.nps.ingest(body, contentType, query, principal);
  }

  @Get('accounts/:id/nps')
  @ApiEndpoint({ summary: "An account's NPS answers, newest first", roles: ACCOUNT_READERS, status: 200, response: NpsPageDto, errors: [400, 404] })
  async list(@Param('id', uuid) id: string, @Query() query: ListNpsQueryDto, @CurrentPrincipal() principal: Principal): Promise<NpsPageDto> {
    const page = await this.nps.list(id, principal, query);
    return { items: page.items.map(NpsResponseDto.from), nextCursor: page.nextCursor };
  }
}
