import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { mapErrorToProblem } from './problem-mapping';

export function sendProblem(error: unknown, request: FastifyRequest, reply: FastifyReply, logger: Logger): void {
  const requestId = String(request.id);
  // A stream that already sent headers cannot change its status: cut it so the client sees truncation.
  if (reply.sent || reply.raw.headersSent) {
    logger.error({ requestId, err: error }, 'error after the response started; connection closed');
    reply.raw.destroy(error instanceof Error ? error : undefined);
    return;
  }
  const { problem, unexpected } = mapErrorToProblem(error, requestId);
  if (unexpected) logger.error({ requestId, err: error }, 'unexpected error');
  void reply
    .status(problem.status)
    .header('content-type', 'application/problem+json; charset=utf-8')
    .send(JSON.stringify(problem));
}

/** The one place that writes error answers: every failure becomes application/problem+json. */
@Catch()
export class ProblemExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    sendProblem(error, http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>(), this.logger);
  }
}
