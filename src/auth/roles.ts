import { SetMetadata } from '@nestjs/common';
import type { ApiKeyRole } from './api-key.entity';

export const ROLES_METADATA = 'account-health:roles';
export const PUBLIC_METADATA = 'account-health:public';

/** Every role; for routes any key may call. */
export const ALL_ROLES: readonly ApiKeyRole[] = ['admin', 'manager', 'lead', 'csm', 'ingest', 'bi'];
/** Roles that read accounts (scoped for csm and lead). */
export const ACCOUNT_READERS: readonly ApiKeyRole[] = ['admin', 'manager', 'lead', 'csm'];

export const Roles = (...roles: ApiKeyRole[]) => SetMetadata(ROLES_METADATA, roles);
/** No key needed (health, docs, metrics with their own token). */
export const Public = () => SetMetadata(PUBLIC_METADATA, true);
