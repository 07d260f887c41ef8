import { Body, Controller, Get, Headers, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Audited } from '../audit/audited.decorator';
import { CurrentPrincipal, Principal } from '../auth/principal';
import { ACCOUNT_READERS } from '../auth/roles';
import { BulkQueryDto, BulkResultDto } from '../common/bulk/bulk.dto';
import { BulkIngestEndpoint } from '../common/bulk/bulk-ingest-endpoint.decorator';
import { ApiEndpoint } from '../common/http/api-endpoint.decorator';
import { ListOutcomesQueryDto, OutcomePageDto, OutcomeResponseDto, OutcomeRowDto } from './dto/outcome.dto';
import { OutcomeService } from './outcome.service';

const uuid = new ParseUUIDPipe({ version: '4' });

@ApiTags('outcomes')
@Controller('api/v1')
export class OutcomesController {
  constructor(private readonly outcomes: OutcomeService) {}

  @Post('outcomes')
  @BulkIngestEndpoint({
    body: { type: [OutcomeRowDto], description: 'An array of outcomes (JSON up to 10,000 rows), or NDJSON / CSV streamed.' },
    summary: 'Record renewals, expansions, contractions and churn',
    description: 'Outcomes with an externalId upsert on (account, externalId), so re-sending them changes nothing. Atomic unless ?partial=true; ?dryRun=true stores nothing.',
    roles: ['admin', 'ingest'],
    errors: [400, 413, 415],
  })
  @Audited({ action: 'outcome.ingest', entity: 'outcome' })
  async ingest(
    @Body() body: unknown,
    @Headers('content-type') contentType: string | undefined,
    @Query() query: BulkQueryDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<BulkResultDto> {
    return this.outcomes.ingest(body, contentType, query, principal);
  }

  @Get('accounts/:id/outcomes')
  @ApiEndpoint({ summary: "An account's outcomes, newest first", roles: ACCOUNT_READERS, status: 200, response: OutcomePageDto, errors: [400, 404] })
  async list(@Param('id', uuid) id: string, @Query() query: ListOutcomesQueryDto, @CurrentPrincipal() principal: Principal): Promise<OutcomePageDto> {
    const page = await this.outcomes.list(id, principal, query);
    return { items: page.items.map(OutcomeResponseDto.from), nextCursor: page.nextCursor };
  }
}
