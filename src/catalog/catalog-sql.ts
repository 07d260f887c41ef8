import { QueryFailedError } from 'typeorm';
import { ConflictError } from '../common/problem';

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Routes take `:keyOrId`; keys may not look like UUIDs (the DTOs refuse that), so the shape decides. */
export function keyOrIdCondition(keyOrId: string): { id: string } | { key: string } {
  return UUID_PATTERN.test(keyOrId) ? { id: keyOrId.toLowerCase() } : { key: keyOrId };
}

/** Turns a unique violation on a catalog key into a 409 that names the key; rethrows anything else. */
export function rethrowDuplicateKey(error: unknown, entity: string, key: string): never {
  if (error instanceof QueryFailedError && (error.driverError as { code?: string } | undefined)?.code === '23505') {
    throw new ConflictError(`A ${entity} with key "${key}" already exists.`);
  }
  throw error;
}

/** Drops the fields a PATCH left out, so only sent fields are written. */
export function definedFields<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)) as Partial<T>;
}
