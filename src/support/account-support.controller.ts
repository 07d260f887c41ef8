import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal } from '../auth/principal';
import { ACCOUNT_READERS } from '../auth/roles';
import { ApiEndpoint } from '../common/http/api-endpoint.decorator';
import { AccountSlaDto, AccountSlaQueryDto, AccountTicketsQueryDto, TicketPageDto } from './dto/ticket.dto';
import { toAccountSlaDto, toTicketResponseDto } from './dto/ticket-response';
import { TicketService } from './ticket.service';

const uuid = new ParseUUIDPipe({ version: '4' });

/** An account's tickets and SLA attainment; scoped like every account read. */
@ApiTags('support')
@Controller('api/v1/accounts')
export class AccountSupportController {
  constructor(private readonly tickets: TicketService) {}

  @Get(':id/tickets')
  @ApiEndpoint({
    summary: 'An account\'s tickets, newest first, with their SLA due times and states',
    description: 'Filters: status, severity, opened in [from, to). SLA states are computed as of asOf (default now): met, breached (done late, or open past due) or pending.',
    roles: ACCOUNT_READERS,
    status: 200,
    response: TicketPageDto,
    errors: [400, 404],
  })
  async list(@Param('id', uuid) id: string, @Query() query: AccountTicketsQueryDto, @CurrentPrincipal() principal: Principal): Promise<TicketPageDto> {
    const page = await this.tickets.listForAccount(id, query, principal);
    return { items: page.items.map(toTicketResponseDto), nextCursor: page.nextCursor };
  }

  @Get(':id/sla')
  @ApiEndpoint({
    summary: 'SLA attainment by severity over the tickets opened in a window',
    description: 'Window [from, to), default the 90 days before asOf; attainment = met / (met + breached), pending tickets left out.',
    roles: ACCOUNT_READERS,
    status: 200,
    response: AccountSlaDto,
    errors: [400, 404],
  })
  async sla(@Param('id', uuid) id: string, @Query() query: AccountSlaQueryDto, @CurrentPrincipal() principal: Principal): Promise<AccountSlaDto> {
    return toAccountSlaDto(await this.tickets.accountSla(id, query, principal));
  }
}
