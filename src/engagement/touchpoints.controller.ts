import { Body, Controller, Get, Headers, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Audited } from '../audit/audited.decorator';
import { CurrentPrincipal, Principal } from '../auth/principal';
import { ACCOUNT_READERS } from '../auth/roles';
import { BulkQueryDto, BulkResultDto } from '../common/bulk/bulk.dto';
import { BulkIngestEndpoint } from '../common/bulk/bulk-ingest-endpoint.decorator';
import { ApiEndpoint } from '../common/http/api-endpoint.decorator';
import { ListTouchpointsQueryDto, TouchpointPageDto, TouchpointResponseDto, TouchpointRowDto } from './dto/touchpoint.dto';
import { TouchpointService } from './touchpoint.service';

const uuid = new ParseUUIDPipe({ version: '4' });

@ApiTags('engagement')
@Controller('api/v1')
export class TouchpointsController {
  constructor(private readonly touchpoints: TouchpointService) {}

  @Post('touchpoints')
  @BulkIngestEndpoint({
    body: { type: [TouchpointRowDto], description: 'An array of touchpoints (JSON up to 10,000 rows), or NDJSON / CSV streamed.' },
    summary: 'Record touchpoints (meeting, call, email, review held)',
    description:
      'Rows with an externalId upsert on (account, externalId), so re-sending them changes nothing; rows without one are new touchpoints. csm and lead keys may name only accounts in their scope (others are rejected as unknown) and default the manager to their own. Atomic unless ?partial=true; ?dryRun=true stores nothing.',
    roles: ['admin', 'ingest', 'manager', 'lead', 'csm'],
    errors: [400, 413, 415],
  })
  @Audited({ action: 'touchpoint.ingest', entity: 'touchpoint' })
  async ingest(
    @Body() body: unknown,
    @Headers('content-type') contentType: string | undefined,
    @Query() query: BulkQueryDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<BulkResultDto> {
    return this.touchpoints.ingest(body, contentType, query, principal);
  }

  @Get('accounts/:id/touchpoints')
  @ApiEndpoint({ summary: "An account's touchpoints, newest first", roles: ACCOUNT_READERS, status: 200, response: TouchpointPageDto, errors: [400, 404] })
  async list(@Param('id', uuid) id: string, @Query() query: ListTouchpointsQueryDto, @CurrentPrincipal() principal: Principal): Promise<TouchpointPageDto> {
    const page = await this.touchpoints.list(id, principal, query);
    return { items: page.items.map(TouchpointResponseDto.from), nextCursor: page.nextCursor };
  }
}
