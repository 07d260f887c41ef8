import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { ApiKeyRole } from './api-key.entity';

/** Who is calling: the API key that authenticated the request. */
export interface Principal {
  keyId: string;
  keyName: string;
  role: ApiKeyRole;
  /** The manager a `csm` or `lead` key acts for. */
  managerId: string | null;
}

export interface RequestWithPrincipal {
  principal?: Principal;
}

export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<RequestWithPrincipal>().principal;
  if (!principal) throw new Error('CurrentPrincipal used on a public route');
  return principal;
});
