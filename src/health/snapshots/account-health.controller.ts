import { Body, Controller, Delete, Get, Param, ParseUUIDPipe, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Audited } from '../../audit/audited.decorator';
import { CurrentPrincipal, Principal } from '../../auth/principal';
import { ACCOUNT_READERS } from '../../auth/roles';
import { ApiEndpoint } from '../../common/http/api-endpoint.decorator';
import { AccountHealthDto, HealthChangeDto, HealthHistoryDto, HealthHistoryQueryDto, HealthSnapshotDto, PutOverrideDto } from '../dto/health.dto';
import { AccountHealthService, AccountHealthView } from './account-health.service';

const uuid = new ParseUUIDPipe({ version: '4' });
const OVERRIDE_ROLES = ['admin', 'manager', 'lead', 'csm'] as const;

/** The response of `GET accounts/:id/health`; the dashboard answers the same shape. */
export function accountHealthDto(view: AccountHealthView): AccountHealthDto {
  const current = view.current;
  const snapshot = current ? HealthSnapshotDto.of(current) : { score: null, band: 'unknown', coverage: 0, components: [], drivers: { up: [], down: [] } };
  return {
    accountId: view.accountId,
    scored: current !== null,
    ...snapshot,
    model: current ? { id: current.modelId, key: current.modelKey, version: current.modelVersion } : null,
    runId: current?.runId ?? null,
    asOf: current?.asOf ?? null,
    computedAt: current?.computedAt.toISOString() ?? null,
    change: HealthChangeDto.from(current?.change ?? null),
    override: view.override && view.effective.override
      ? {
          id: view.override.id,
          band: view.override.band,
          score: view.override.score,
          reasonCode: view.override.reasonCode,
          note: view.override.note,
          setAt: view.override.setAt.toISOString(),
          expiresAt: view.override.expiresAt.toISOString(),
          setByKeyId: view.override.setByKeyId,
          state: view.effective.override.state,
        }
      : null,
    effective: { score: view.effective.score, band: view.effective.band, source: view.effective.source },
    shadow: view.shadow.map((shadow) => ({
      ...HealthSnapshotDto.of(shadow),
      model: { id: shadow.modelId, key: shadow.modelKey, version: shadow.modelVersion },
      runId: shadow.runId,
      asOf: shadow.asOf,
      computedAt: shadow.computedAt.toISOString(),
    })),
  };
}

@ApiTags('health')
@Controller('api/v1/accounts/:id')
export class AccountHealthController {
  constructor(private readonly health: AccountHealthService) {}

  @Get('health')
  @ApiEndpoint({
    summary: 'The account\'s current health: score, band, coverage, components, drivers, what changed, override and shadow scores',
    roles: ACCOUNT_READERS,
    status: 200,
    response: AccountHealthDto,
    errors: [400, 404],
  })
  async get(@Param('id', uuid) id: string, @CurrentPrincipal() principal: Principal): Promise<AccountHealthDto> {
    return accountHealthDto(await this.health.health(id, principal));
  }

  @Get('health/history')
  @ApiEndpoint({ summary: 'The daily record: one official snapshot per day (at most 366 days, default the last 90)', roles: ACCOUNT_READERS, status: 200, response: HealthHistoryDto, errors: [400, 404] })
  async history(@Param('id', uuid) id: string, @Query() query: HealthHistoryQueryDto, @CurrentPrincipal() principal: Principal): Promise<HealthHistoryDto> {
    const result = await this.health.history(id, query, principal);
    return {
      accountId: id,
      from: result.from,
      to: result.to,
      items: result.items.map((item) => ({
        day: item.day,
        ...HealthSnapshotDto.of(item),
        model: { id: item.modelId, key: item.modelKey, version: item.modelVersion },
        runId: item.runId,
        computedAt: item.computedAt.toISOString(),
      })),
      nextCursor: null,
    };
  }

  @Put('override')
  @ApiEndpoint({
    summary: 'Override the account\'s band (and optionally score) until an expiry',
    description: 'Replaces any previous override. Shown beside the computed health; stops applying by itself at expiresAt. The score must lie in the band.',
    roles: OVERRIDE_ROLES,
    status: 200,
    response: AccountHealthDto,
    errors: [400, 404, 413, 415],
  })
  @Audited({ action: 'health-override.set', entity: 'health_override' })
  async setOverride(@Param('id', uuid) id: string, @Body() body: PutOverrideDto, @CurrentPrincipal() principal: Principal): Promise<AccountHealthDto> {
    return accountHealthDto(await this.health.setOverride(id, body as unknown as Record<string, unknown>, principal));
  }

  @Delete('override')
  @ApiEndpoint({ summary: 'Clear the account\'s override', roles: OVERRIDE_ROLES, status: 204, errors: [400, 404] })
  @Audited({ action: 'health-override.clear', entity: 'health_override' })
  async clearOverride(@Param('id', uuid) id: string, @CurrentPrincipal() principal: Principal): Promise<void> {
    await this.health.clearOverride(id, principal);
  }
}
