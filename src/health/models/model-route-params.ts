import { ParseIntPipe } from '@nestjs/common';
import { NotFoundError } from '../../common/problem';
import { MODEL_KEY_PATTERN } from '../dto/health-model.dto';

/** Roles that configure and judge health models. */
export const MODEL_ROLES = ['admin', 'manager'] as const;

/** `:version` as a number; anything else names no version (404). */
export const versionParam = new ParseIntPipe({ exceptionFactory: () => new NotFoundError('Health model version') });

/** `:id` is the model key (e.g. `default`): versions of one scorecard share it. */
export function modelKey(key: string): string {
  if (!MODEL_KEY_PATTERN.test(key)) throw new NotFoundError('Health model', key);
  return key;
}

export const MODEL_KEY_PARAM = { name: 'id', description: 'The model key, e.g. `default`', example: 'default' };
export const MODEL_VERSION_PARAM = { name: 'version', description: 'Version number', example: 1 };
