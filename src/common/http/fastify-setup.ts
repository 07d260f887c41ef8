import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import sjson from 'secure-json-parse';
import { BadRequestError, PayloadTooLargeError, UnsupportedMediaTypeError } from '../problem';
import { BodyRouteConfig, BULK_BODY_LIMIT_BYTES, DEFAULT_BODY_LIMIT_BYTES } from './body-limits';

const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

/** Keeps a caller's `X-Request-Id` when it is sane, so logs correlate across services. */
export function requestIdFrom(request: { headers: Record<string, string | string[] | undefined> }): string {
  const header = request.headers['x-request-id'];
  return typeof header === 'string' && REQUEST_ID_PATTERN.test(header) ? header : randomUUID();
}

function routeConfig(request: FastifyRequest): BodyRouteConfig {
  return (request.routeOptions?.config ?? {}) as BodyRouteConfig;
}

function bodyLimit(request: FastifyRequest): number {
  return routeConfig(request).bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES;
}

export const STREAM_CONTENT_TYPES = ['application/x-ndjson', 'text/csv'];

/**
 * Body parsing with one contract: JSON up to the route's limit (1 MiB, bulk routes 16 MiB), NDJSON and
 * CSV passed through as streams to routes that take them, and every failure a problem+json answer.
 */
export function configureFastify(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
    const declared = Number(request.headers['content-length']);
    // Refuse oversized bodies before reading them; NDJSON and CSV streams have no size limit.
    const type = String(request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (Number.isFinite(declared) && declared > bodyLimit(request) && !(STREAM_CONTENT_TYPES.includes(type) && routeConfig(request).acceptsStreams)) {
      throw new PayloadTooLargeError(`The body is ${declared} bytes; this route takes at most ${bodyLimit(request)}.`);
    }
  });

  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser(['application/json', 'application/problem+json'], { parseAs: 'buffer', bodyLimit: BULK_BODY_LIMIT_BYTES }, (request, body, done) => {
    const buffer = body as Buffer;
    if (buffer.length > bodyLimit(request)) {
      done(new PayloadTooLargeError(`The body is ${buffer.length} bytes; this route takes at most ${bodyLimit(request)}.`), undefined);
      return;
    }
    if (buffer.length === 0) {
      done(null, undefined);
      return;
    }
    try {
      done(null, sjson.parse(buffer.toString('utf8'), undefined, { protoAction: 'error', constructorAction: 'error' }));
    } catch (error) {
      done(new BadRequestError(`Malformed JSON: ${(error as Error).message}`), undefined);
    }
  });
  fastify.addContentTypeParser(STREAM_CONTENT_TYPES, (request, payload, done) => {
    if (!routeConfig(request).acceptsStreams) {
      done(new UnsupportedMediaTypeError(`This route takes application/json, not ${request.headers['content-type']}.`), undefined);
      return;
    }
    done(null, payload);
  });
}

export function isStreamBody(body: unknown): body is Readable {
  return body instanceof Readable;
}
