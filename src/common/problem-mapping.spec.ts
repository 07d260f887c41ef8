import { BadRequestException } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { mapErrorToProblem } from './problem-mapping';
import { ConflictError, ValidationFailedError } from './problem';

function pgError(code: string): QueryFailedError {
  return new QueryFailedError('SELECT 1', [], Object.assign(new Error('pg'), { code }));
}

describe('mapErrorToProblem', () => {
  it.each([
    [new ValidationFailedError([{ path: 'name', message: 'required' }]), 400, false],
    [new ConflictError('taken'), 409, false],
    [new BadRequestException('bad'), 400, false],
    [pgError('23505'), 409, false],
    [pgError('22P02'), 400, false],
    [pgError('40P01'), 409, false],
    [pgError('40001'), 409, false],
    [Object.assign(new Error('Unsupported Media Type'), { statusCode: 415 }), 415, false],
    [pgError('XX000'), 500, true],
    [new Error('boom'), 500, true],
  ])('%p answers %i (unexpected: %p)', (error, status, unexpected) => {
    const mapped = mapErrorToProblem(error, 'req-1');
    expect(mapped.problem.status).toBe(status);
    expect(mapped.unexpected).toBe(unexpected);
    expect(mapped.problem.requestId).toBe('req-1');
  });

  it('never leaks an internal message on a 500', () => {
    expect(mapErrorToProblem(new Error('password=hunter2 at db'), 'r').problem.detail).not.toContain('hunter2');
  });

  it('keeps field errors of a validation failure', () => {
    expect(mapErrorToProblem(new ValidationFailedError([{ line: 3, path: 'value', message: 'must be a number' }]), 'r').problem.errors).toEqual([
      { line: 3, path: 'value', message: 'must be a number' },
    ]);
  });
});
