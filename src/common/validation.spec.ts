import { ValidationError } from 'class-validator';
import { flattenValidationErrors } from './validation';

function error(property: string, constraints?: Record<string, string>, children: ValidationError[] = []): ValidationError {
  return Object.assign(new ValidationError(), { property, constraints, children });
}

describe('flattenValidationErrors', () => {
  it('gives each message its dotted path, with array indexes in brackets', () => {
    const flat = flattenValidationErrors([
      error('name', { isString: 'name must be a string' }),
      error('rows', undefined, [error('0', undefined, [error('value', { isNumber: 'value must be a number' })])]),
      error('colour', { whitelistValidation: 'property colour should not exist' }),
    ]);
    expect(flat).toEqual([
      { path: 'name', message: 'name must be a string' },
      { path: 'rows[0].value', message: 'value must be a number' },
      { path: 'colour', message: 'unknown field' },
    ]);
  });
});
