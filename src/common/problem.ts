/** RFC 9457 problem details: the one error shape every 4xx and 5xx answer uses. */
export interface ProblemFieldError {
  line?: number;
  path: string;
  message: string;
}

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  requestId: string;
  instance?: string;
  errors?: ProblemFieldError[];
  [extension: string]: unknown;
}

export const PROBLEM_TYPE_BASE = 'https://account-health.dev/problems/';

/**
 * Domain errors that services throw; the global filter maps them to problem+json. Services never
 * throw HTTP exceptions, so the same code serves jobs and scripts.
 */
export abstract class DomainError extends Error {
  abstract readonly status: number;
  abstract readonly type: string;
  abstract readonly title: string;
  readonly extensions: Record<string, unknown> = {};
}

export class ValidationFailedError extends DomainError {
  readonly status = 400;
  readonly type = 'validation-failed';
  readonly title = 'Validation failed';
  constructor(readonly errors: ProblemFieldError[], message = 'The request has invalid fields.') {
    super(message);
  }
}

export class BadRequestError extends DomainError {
  readonly status = 400;
  readonly type = 'bad-request';
  readonly title = 'Bad request';
}

export class NotFoundError extends DomainError {
  readonly status = 404;
  readonly type = 'not-found';
  readonly title = 'Not found';
  constructor(entity: string, id?: string) {
    super(id === undefined ? `${entity} not found.` : `${entity} ${id} not found.`);
  }
}

export class ConflictError extends DomainError {
  readonly status = 409;
  readonly type = 'conflict';
  readonly title = 'Conflict';
}

export class UnauthorizedError extends DomainError {
  readonly status = 401;
  readonly type = 'unauthorized';
  readonly title = 'Unauthorized';
}

export class ForbiddenError extends DomainError {
  readonly status = 403;
  readonly type = 'forbidden';
  readonly title = 'Forbidden';
}

export class PayloadTooLargeError extends DomainError {
  readonly status = 413;
  readonly type = 'payload-too-large';
  readonly title = 'Payload too large';
}

export class UnsupportedMediaTypeError extends DomainError {
  readonly status = 415;
  readonly type = 'unsupported-media-type';
  readonly title = 'Unsupported media type';
}
