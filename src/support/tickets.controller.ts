import { Body, Controller, Headers, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Audited } from '../audit/audited.decorator';
import { CurrentPrincipal, Principal } from '../auth/principal';
import { BulkQueryDto, BulkResultDto } from '../common/bulk/bulk.dto';
import { BulkIngestEndpoint } from '../common/bulk/bulk-ingest-endpoint.decorator';
import { TicketRowDto } from './dto/ticket.dto';
import { TicketService } from './ticket.service';

@ApiTags('support')
@Controller('api/v1/tickets')
export class TicketsController {
  constructor(private readonly tickets: TicketService) {}

  @Post()
  @BulkIngestEndpoint({
    body: {
      type: [TicketRowDto],
      description: 'JSON arrays up to 10,000 tickets; NDJSON and CSV streamed, any size. CSV: statusHistory is a JSON cell. Each ticket replaces the stored one with the same (account, externalId).',
    },
    summary: 'Upsert support tickets by (account, externalId)',
    description: 'Atomic unless ?partial=true (every bad row is reported with its line); ?dryRun=true stores nothing. Sending the same batch again changes nothing.',
    roles: ['admin', 'ingest'],
    errors: [400, 413, 415],
  })
  @Audited({ action: 'ticket.bulk-upsert', entity: 'support_ticket' })
  async ingest(
    @Body() body: unknown,
    @Headers('content-type') contentType: string | undefined,
    @Query() query: BulkQueryDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<BulkResultDto> {
    return this.tickets.ingest(body, contentType, query, principal);
  }
}
