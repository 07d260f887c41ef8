import { ValidationPipe } from '@nestjs/common';
import { ValidationError } from 'class-validator';
import { ProblemFieldError, ValidationFailedError } from './problem';

/** Flattens class-validator's nested errors into `{ path, message }` pairs with dotted paths. */
export function flattenValidationErrors(errors: ValidationError[], parentPath = ''): ProblemFieldError[] {
  const flat: ProblemFieldError[] = [];
  for (const error of errors) {
    const path = parentPath === '' ? error.property : /^\d+$/.test(error.property) ? `${parentPath}[${error.property}]` : `${parentPath}.${error.property}`;
    for (const message of Object.values(error.constraints ?? {})) {
      flat.push({ path, message: message.replace(/^property (\S+) should not exist$/, 'unknown field') });
    }
    if (error.children?.length) flat.push(...flattenValidationErrors(error.children, path));
  }
  return flat;
}

/** Validation at the edge: unknown fields and wrong types are refused, never silently dropped. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new ValidationFailedError(flattenValidationErrors(errors)),
  });
}
