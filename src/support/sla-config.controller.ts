import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Audited } from '../audit/audited.decorator';
import { ALL_ROLES } from '../auth/roles';
import { ApiEndpoint } from '../common/http/api-endpoint.decorator';
import { CalendarsDto, PutCalendarsDto, PutSlaPoliciesDto, SlaPoliciesDto } from './dto/sla-config.dto';
import { SlaConfigService } from './sla-config.service';

@ApiTags('support')
@Controller('api/v1/sla-policies')
export class SlaPoliciesController {
  constructor(private readonly config: SlaConfigService) {}

  @Get()
  @ApiEndpoint({ summary: 'SLA policies per support plan and severity, and the plan each segment defaults to', roles: ALL_ROLES, status: 200, response: SlaPoliciesDto })
  async get(): Promise<SlaPoliciesDto> {
    return { ...(await this.config.policies()), nextCursor: null };
  }

  @Put()
  @ApiEndpoint({
    summary: 'Create or replace SLA policies and segment default plans',
    description: 'Policies and segments not named stay as they are. A plan a segment defaults to must have a policy for every severity.',
    roles: ['admin', 'manager'],
    status: 200,
    response: SlaPoliciesDto,
    errors: [400, 413, 415],
  })
  @Audited({ action: 'sla-policy.put', entity: 'sla_policy' })
  async put(@Body() body: PutSlaPoliciesDto): Promise<SlaPoliciesDto> {
    return { ...(await this.config.putPolicies(body)), nextCursor: null };
  }
}

@ApiTags('support')
@Controller('api/v1/calendars')
export class CalendarsController {
  constructor(private readonly config: SlaConfigService) {}

  @Get()
  @ApiEndpoint({ summary: 'Business-hours calendars per region (region `default` serves the rest)', roles: ALL_ROLES, status: 200, response: CalendarsDto })
  async get(): Promise<CalendarsDto> {
    return { items: await this.config.calendars(), nextCursor: null };
  }

  @Put()
  @ApiEndpoint({
    summary: 'Create or replace regional calendars',
    description: 'Each named region gets its time zone, weekly hours and holidays replaced; other regions stay as they are.',
    roles: ['admin', 'manager'],
    status: 200,
    response: CalendarsDto,
    errors: [400, 413, 415],
  })
  @Audited({ action: 'calendar.put', entity: 'calendar' })
  async put(@Body() body: PutCalendarsDto): Promise<CalendarsDto> {
    return { items: await this.config.putCalendars(body), nextCursor: null };
  }
}
