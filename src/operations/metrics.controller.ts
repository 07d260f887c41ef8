import { Controller, Get, Header, Headers, Inject } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { timingSafeEqual } from 'node:crypto';
import { Public } from '../auth/roles';
import { bearerToken } from '../auth/api-key-token';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { UnauthorizedError } from '../common/problem';
import { MetricsRegistry } from './metrics-registry';

function sameSecret(presented: string | undefined, expected: string): boolean {
  if (presented === undefined) return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Prometheus scrape endpoint; open unless METRICS_TOKEN is set, then it takes that bearer token. */
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: MetricsRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @Public()
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  async scrape(@Headers('authorization') authorization?: string): Promise<string> {
    if (this.config.metricsToken && !sameSecret(bearerToken(authorization), this.config.metricsToken)) {
      throw new UnauthorizedError('Send the METRICS_TOKEN as "Authorization: Bearer <token>".');
    }
    return this.metrics.registry.metrics();
  }
}
