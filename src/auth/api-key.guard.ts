import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { ForbiddenError, UnauthorizedError } from '../common/problem';
import type { ApiKeyRole } from './api-key.entity';
import { ApiKeyService } from './api-key.service';
import { bearerToken } from './api-key-token';
import type { RequestWithPrincipal } from './principal';
import { PUBLIC_METADATA, ROLES_METADATA } from './roles';

/**
 * Global guard: every route needs a valid key unless marked public, and a route without declared
 * roles is admin-only, so forgetting a decorator fails closed.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly apiKeys: ApiKeyService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_METADATA, targets)) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest & RequestWithPrincipal>();
    const presented = bearerToken(request.headers.authorization);
    if (!presented) throw new UnauthorizedError('Send an API key as "Authorization: Bearer <key>".');
    const principal = await this.apiKeys.authenticate(presented);
    if (!principal) throw new UnauthorizedError('The API key is unknown, expired or revoked.');
    request.principal = principal;
    const allowed = this.reflector.getAllAndOverride<ApiKeyRole[]>(ROLES_METADATA, targets) ?? ['admin'];
    if (!allowed.includes(principal.role)) throw new ForbiddenError(`A ${principal.role} key may not do this; it needs one of: ${allowed.join(', ')}.`);
    return true;
  }
}
