import { HttpException } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { DomainError, PROBLEM_TYPE_BASE, ProblemDetails, ProblemFieldError } from './problem';

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  406: 'Not acceptable',
  408: 'Request timeout',
  409: 'Conflict',
  411: 'Length required',
  413: 'Payload too large',
  414: 'URI too long',
  415: 'Unsupported media type',
  422: 'Unprocessable content',
  429: 'Too many requests',
  431: 'Request header fields too large',
  500: 'Internal server error',
  503: 'Service unavailable',
};

function slug(title: string): string {
  return title.toLowerCase().replace(/[^a-z0-9]+/g, '-');
}

/** Postgres errors caused by the input rather than by the server (SQLSTATE classes 22 and 23). */
const PG_INPUT_ERRORS: Record<string, { status: number; detail: string }> = {
  '23505': { status: 409, detail: 'A record with the same unique key already exists.' },
  '23503': { status: 409, detail: 'The record refers to, or is referred to by, another record.' },
  '23514': { status: 400, detail: 'A value breaks a rule of the data model.' },
  '23502': { status: 400, detail: 'A required value is missing.' },
  '22P02': { status: 400, detail: 'A value has the wrong type or format.' },
  '22007': { status: 400, detail: 'A date or time value is invalid.' },
  '22008': { status: 400, detail: 'A date or time value is out of range.' },
  '22003': { status: 400, detail: 'A number is out of range.' },
  '22001': { status: 400, detail: 'A value is too long.' },
  '22021': { status: 400, detail: 'A value is not valid UTF-8 text.' },
  '22P05': { status: 400, detail: 'A value contains characters that cannot be stored.' },
  '54000': { status: 400, detail: 'A value is too large.' },
  // Concurrent writes that lost a race: nothing was stored, and the same request may simply be sent again.
  '40P01': { status: 409, detail: 'The write collided with a concurrent one and was rolled back; send it again.' },
  '40001': { status: 409, detail: 'The write collided with a concurrent one and was rolled back; send it again.' },
};

export interface MappedProblem {
  problem: ProblemDetails;
  /** True when the error is ours, not the client's: log it with its stack. */
  unexpected: boolean;
}

function problem(status: number, detail: string, requestId: string, extra: Partial<ProblemDetails> = {}): ProblemDetails {
  const title = extra.title ?? TITLES[status] ?? (status >= 500 ? 'Server error' : 'Client error');
  return { type: `${PROBLEM_TYPE_BASE}${extra.type ?? slug(title)}`, title, status, detail, requestId, ...stripUndefined(extra, ['type', 'title']) };
}

function stripUndefined(extra: Partial<ProblemDetails>, skip: string[]): Partial<ProblemDetails> {
  const out: Partial<ProblemDetails> = {};
  for (const [key, value] of Object.entries(extra)) if (value !== undefined && !skip.includes(key)) out[key] = value;
  return out;
}

/**
 * Turns anything thrown while serving a request into problem details. Client mistakes keep their
 * message; everything else becomes a 500 that says nothing about the internals.
 */
export function mapErrorToProblem(error: unknown, requestId: string): MappedProblem {
  if (error instanceof DomainError) {
    const errors = (error as DomainError & { errors?: ProblemFieldError[] }).errors;
    return {
      problem: problem(error.status, error.message, requestId, { type: error.type, title: error.title, errors, ...error.extensions }),
      unexpected: false,
    };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const response = error.getResponse();
    const message = typeof response === 'string' ? response : (response as { message?: unknown }).message;
    const detail = Array.isArray(message) ? message.join('; ') : typeof message === 'string' ? message : error.message;
    return { problem: problem(status, status >= 500 ? 'The server failed to answer.' : detail, requestId), unexpected: status >= 500 };
  }
  if (error instanceof QueryFailedError) {
    const code = (error.driverError as { code?: string } | undefined)?.code ?? '';
    const known = PG_INPUT_ERRORS[code];
    if (known) return { problem: problem(known.status, known.detail, requestId), unexpected: false };
  }
  const fastifyStatus = (error as { statusCode?: unknown } | null)?.statusCode;
  if (typeof fastifyStatus === 'number' && fastifyStatus >= 400 && fastifyStatus < 500) {
    const message = (error as Error).message ?? TITLES[fastifyStatus];
    return { problem: problem(fastifyStatus, message, requestId), unexpected: false };
  }
  return { problem: problem(500, 'The server failed to answer. The request id identifies the cause in the logs.', requestId), unexpected: true };
}
