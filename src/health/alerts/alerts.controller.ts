import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Audited } from '../../audit/audited.decorator';
import { CurrentPrincipal, Principal } from '../../auth/principal';
import { ACCOUNT_READERS } from '../../auth/roles';
import { ApiEndpoint } from '../../common/http/api-endpoint.decorator';
import { AlertService } from './alert.service';
import { AlertPageDto, AlertResponseDto, ListAlertsQueryDto, ResolveAlertDto, SnoozeAlertDto } from './dto/alert.dto';

const uuid = new ParseUUIDPipe({ version: '4' });

@ApiTags('alerts')
@Controller('api/v1/alerts')
export class AlertsController {
  constructor(private readonly alerts: AlertService) {}

  @Get()
  @ApiEndpoint({
    summary: 'Alerts, newest first',
    description: 'Scoped: csm and lead keys see alerts on their accounts only. Filters by manager, team (a lead id), kind, status, severity and account.',
    roles: ACCOUNT_READERS,
    status: 200,
    response: AlertPageDto,
    errors: [400],
  })
  async list(@Query() query: ListAlertsQueryDto, @CurrentPrincipal() principal: Principal): Promise<AlertPageDto> {
    const page = await this.alerts.list(query, principal);
    return { items: page.items.map(AlertResponseDto.from), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @ApiEndpoint({ summary: 'One alert', roles: ACCOUNT_READERS, status: 200, response: AlertResponseDto, errors: [400, 404] })
  async get(@Param('id', uuid) id: string, @CurrentPrincipal() principal: Principal): Promise<AlertResponseDto> {
    return AlertResponseDto.from(await this.alerts.get(id, principal));
  }

  @Post(':id/acknowledge')
  @ApiEndpoint({
    summary: 'Acknowledge an alert',
    description: 'From open or snoozed (ends the snooze). Acknowledging twice or a resolved alert answers 409.',
    roles: ACCOUNT_READERS,
    status: 200,
    response: AlertResponseDto,
    errors: [400, 404, 409],
  })
  @Audited({ action: 'alert.acknowledge', entity: 'alert' })
  async acknowledge(@Param('id', uuid) id: string, @CurrentPrincipal() principal: Principal): Promise<AlertResponseDto> {
    return AlertResponseDto.from(await this.alerts.acknowledge(id, principal));
  }

  @Post(':id/snooze')
  @ApiEndpoint({
    summary: 'Snooze an alert until a time, with a reason',
    description: 'From open, acknowledged or snoozed (moves the snooze). When it runs out the alert is open again. A resolved alert answers 409.',
    roles: ACCOUNT_READERS,
    status: 200,
    response: AlertResponseDto,
    errors: [400, 404, 409],
  })
  @Audited({ action: 'alert.snooze', entity: 'alert' })
  async snooze(@Param('id', uuid) id: string, @Body() body: SnoozeAlertDto, @CurrentPrincipal() principal: Principal): Promise<AlertResponseDto> {
    return AlertResponseDto.from(await this.alerts.snooze(id, body, principal));
  }

  @Post(':id/resolve')
  @ApiEndpoint({
    summary: 'Resolve an alert',
    description: 'Resolved is terminal: resolving again answers 409. The same episode (drop or ticket) does not alert again.',
    roles: ACCOUNT_READERS,
    status: 200,
    response: AlertResponseDto,
    errors: [400, 404, 409],
  })
  @Audited({ action: 'alert.resolve', entity: 'alert' })
  async resolve(@Param('id', uuid) id: string, @Body() body: ResolveAlertDto, @CurrentPrincipal() principal: Principal): Promise<AlertResponseDto> {
    return AlertResponseDto.from(await this.alerts.resolve(id, body, principal));
  }
}
