import { applyDecorators, HttpCode, Type } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension, ApiOperation, ApiResponse } from '@nestjs/swagger';
import type { ApiKeyRole } from '../../auth/api-key.entity';
import { Roles } from '../../auth/roles';
import { ProblemDto } from './problem.dto';

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input: malformed JSON, unknown fields, wrong types or rule violations',
  401: 'Missing, unknown, expired or revoked API key',
  403: 'The key\'s role may not do this',
  404: 'Not found, or outside the key\'s scope',
  409: 'Conflicts with stored data',
  413: 'Body over the route\'s limit',
  415: 'Unsupported content type',
};

export interface ApiEndpointOptions {
  summary: string;
  description?: string;
  roles: readonly ApiKeyRole[];
  status: number;
  response?: Type<unknown> | [Type<unknown>];
  /** Error answers besides 401 and 403, which every keyed route may give. */
  errors?: number[];
}

/**
 * What every route declares in one place: the roles it needs (enforced by the guard and printed in
 * the OpenAPI document), its success status and body, and the problem+json answers it may give.
 */
export function ApiEndpoint(options: ApiEndpointOptions) {
  const errors = [...new Set([...(options.errors ?? []), 401, 403])].sort();
  const rolesLine = `Roles: ${options.roles.join(', ')}.`;
  return applyDecorators(
    Roles(...options.roles),
    HttpCode(options.status),
    ApiBearerAuth(),
    ApiOperation({ summary: options.summary, description: options.description ? `${options.description}\n\n${rolesLine}` : rolesLine }),
    ApiExtension('x-roles', [...options.roles]),
    ApiResponse({ status: options.status, type: options.response, description: 'Success' }),
    ...errors.map((status) =>
      ApiResponse({ status, description: ERROR_DESCRIPTIONS[status] ?? 'Error', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDto' } } } }),
    ),
  );
}
