import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { Clock, SystemClock } from './common/clock';
import { BULK_BODY_LIMIT_BYTES } from './common/http/body-limits';
import { configureFastify, requestIdFrom } from './common/http/fastify-setup';
import { ProblemDto } from './common/http/problem.dto';
import { ProblemExceptionFilter } from './common/problem-exception.filter';
import { createValidationPipe } from './common/validation';
import type { AppConfig } from './config/app-config';
import { MetricsRegistry } from './operations/metrics-registry';

export interface CreateAppOptions {
  config: AppConfig;
  databaseUrl: string;
  clock?: Clock;
}

/** Builds the whole HTTP app (without listening), the same way for `npm start` and for the tests. */
export async function createApp(options: CreateAppOptions): Promise<NestFastifyApplication> {
  const metrics = new MetricsRegistry();
  const adapter = new FastifyAdapter({
    bodyLimit: BULK_BODY_LIMIT_BYTES,
    genReqId: (request: { headers: Record<string, string | string[] | undefined> }) => requestIdFrom(request),
    routerOptions: { maxParamLength: 500 },
    return503OnClosing: true,
    forceCloseConnections: 'idle',
  });
  const fastify = adapter.getInstance();
  fastify.addHook('onRequest', async (request) => {
    // nestjs-pino reads the id from the raw request, so every log line of this request carries it.
    (request.raw as typeof request.raw & { id?: string }).id = String(request.id);
  });
  configureFastify(fastify);
  fastify.addHook('onResponse', async (request, reply) => {
    metrics.httpRequestDuration.observe(
      { method: request.method, route: request.routeOptions?.url ?? 'unmatched', status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });

  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot({ config: options.config, databaseUrl: options.databaseUrl, clock: options.clock ?? new SystemClock(), metrics }),
    adapter,
    { bodyParser: false, bufferLogs: true },
  );
  app.useLogger(app.get(Logger));
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemExceptionFilter());

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Account Health API')
      .setDescription('Customer-success platform: accounts, signals, explainable health scores, reviews and exports. Every route but /health, /health/ready, /docs and /docs-json needs `Authorization: Bearer <key>`; errors are application/problem+json (RFC 9457).')
      .setVersion('1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'An API key' })
      .build(),
    { extraModels: [ProblemDto] },
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json', raw: ['json'] });
  await app.init();
  await fastify.ready();
  return app;
}
