import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import type { FastifyRequest } from 'fastify';
import { concatMap, Observable } from 'rxjs';
import type { RequestWithPrincipal } from '../auth/principal';
import { AuditService } from './audit.service';
import { auditSummary } from './audit-summary';
import { AUDITED_METADATA, AuditedOptions } from './audited.decorator';

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function entityFromRoute(route: string): string {
  const segment = route.replace(/^\/api\/v1\//, '').split('/')[0] ?? 'unknown';
  return segment.replace(/-/g, '_');
}

/**
 * Records every successful write made through the API with the acting key. Sitting on the HTTP
 * edge means no write path can forget it; failed writes changed nothing and are not recorded.
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly audit: AuditService,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest & RequestWithPrincipal>();
    if (!WRITE_METHODS.has(request.method)) return next.handle();
    const options = this.reflector.get<AuditedOptions | undefined>(AUDITED_METADATA, context.getHandler());
    return next.handle().pipe(
      concatMap(async (body: unknown) => {
        const route = request.routeOptions?.url ?? request.url;
        if (!request.principal) return body; // public writes (none today) have no actor to record
        const responseId = body && typeof body === 'object' && 'id' in body ? String((body as { id: unknown }).id) : undefined;
        const paramId = (request.params as Record<string, string> | undefined)?.id;
        await this.audit.record({
          principal: request.principal,
          action: options?.action ?? `${request.method} ${route}`,
          entityType: options?.entity ?? entityFromRoute(route),
          entityId: responseId ?? paramId ?? null,
          httpMethod: request.method,
          route,
          statusCode: this.reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler()) ?? (request.method === 'POST' ? 201 : 200),
          summary: auditSummary(request.body, body),
          requestId: String(request.id),
        });
        return body;
      }),
    );
  }
}
