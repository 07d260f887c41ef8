import type { ApiKeyRole } from '../auth/api-key.entity';
import { ALL_ROLES } from '../auth/roles';

/** The catalog is reference data every key but bi (exports only) may read. */
export const CATALOG_READERS: readonly ApiKeyRole[] = ALL_ROLES.filter((role) => role !== 'bi');
export const CATALOG_WRITERS: readonly ApiKeyRole[] = ['admin', 'manager'];
