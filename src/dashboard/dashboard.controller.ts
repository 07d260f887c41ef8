import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal } from '../auth/principal';
import { ACCOUNT_READERS } from '../auth/roles';
import { ApiEndpoint } from '../common/http/api-endpoint.decorator';
import { AccountDashboardDto } from './dashboard.dto';
import { DashboardService } from './dashboard.service';

const uuid = new ParseUUIDPipe({ version: '4' });

@ApiTags('dashboard')
@Controller('api/v1/accounts/:id')
export class DashboardController {
  constructor(private readonly dashboards: DashboardService) {}

  @Get('dashboard')
  @ApiEndpoint({
    summary: 'The account dashboard in one call: summary, health and what changed, 90-day score history, adoption, usage and quality trends, commit pacing, open tickets, open alerts, next review',
    description: 'Composed from the account\'s own reads (health, health/history, adoption, usage/trends, tickets, alerts). `nextReview` is the earliest open review (null when none is planned).',
    roles: ACCOUNT_READERS,
    status: 200,
    response: AccountDashboardDto,
    errors: [400, 404],
  })
  dashboard(@Param('id', uuid) id: string, @CurrentPrincipal() principal: Principal): Promise<AccountDashboardDto> {
    return this.dashboards.dashboard(id, principal);
  }
}
