import { applyDecorators, SetMetadata } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';

export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;
export const BULK_BODY_LIMIT_BYTES = 16 * 1024 * 1024;

/** Per-route settings that the body parsers read from Fastify's route config. */
export interface BodyRouteConfig {
  bodyLimitBytes?: number;
  /** Route takes `application/x-ndjson` or `text/csv` as an unbuffered stream. */
  acceptsStreams?: boolean;
}

/** A bulk route: JSON arrays up to 16 MiB, NDJSON and CSV streamed in constant memory. */
export const BulkBody = () =>
  applyDecorators(RouteConfig({ bodyLimitBytes: BULK_BODY_LIMIT_BYTES, acceptsStreams: true } satisfies BodyRouteConfig), SetMetadata('bulkBody', true));
