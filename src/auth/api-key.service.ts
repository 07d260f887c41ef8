import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { decodeCursor, DEFAULT_PAGE_SIZE, Page, toPage } from '../common/pagination';
import { NotFoundError, ValidationFailedError } from '../common/problem';
import { ApiKeyEntity, ApiKeyRole } from './api-key.entity';
import { ApiKeyRepository, LAST_USED_REFRESH_MS } from './api-key.repository';
import { displayPrefix, generateApiKey, hashApiKey } from './api-key-token';
import type { Principal } from './principal';

export interface CreateApiKeyCommand {
  name: string;
  role: ApiKeyRole;
  managerId?: string;
  expiresAt?: string;
}

const SCOPED_ROLES: ApiKeyRole[] = ['csm', 'lead'];

@Injectable()
export class ApiKeyService {
  constructor(
    private readonly keys: ApiKeyRepository,
    private readonly clock: Clock,
  ) {}

  async create(command: CreateApiKeyCommand, createdBy: Principal | null, origin: 'api' | 'bootstrap' = 'api'): Promise<{ key: string; record: ApiKeyEntity }> {
    const errors: { path: string; message: string }[] = [];
    const scoped = SCOPED_ROLES.includes(command.role);
    if (scoped && !command.managerId) errors.push({ path: 'managerId', message: `a ${command.role} key needs the manager it acts for` });
    if (!scoped && command.managerId) errors.push({ path: 'managerId', message: `a ${command.role} key is not bound to a manager` });
    const expiresAt = command.expiresAt === undefined ? null : new Date(command.expiresAt);
    if (expiresAt && (Number.isNaN(expiresAt.getTime()) || expiresAt <= this.clock.now())) errors.push({ path: 'expiresAt', message: 'must be a time in the future' });
    if (scoped && command.managerId && errors.length === 0 && !(await this.keys.managerExists(command.managerId))) {
      errors.push({ path: 'managerId', message: `manager ${command.managerId} does not exist` });
    }
    if (errors.length > 0) throw new ValidationFailedError(errors);

    const generated = generateApiKey();
    const record = await this.keys.insert({
      name: command.name,
      prefix: generated.prefix,
      secretSha256: generated.secretSha256,
      role: command.role,
      managerId: command.managerId ?? null,
      origin,
      expiresAt,
      createdByKeyId: createdBy?.keyId ?? null,
    });
    return { key: generated.key, record };
  }

  async list(query: { role?: ApiKeyRole; includeRevoked?: boolean; limit?: number; cursor?: string }): Promise<Page<ApiKeyEntity>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const rows = await this.keys.list({ role: query.role, includeRevoked: query.includeRevoked ?? false, after: decodeCursor(query.cursor), limit });
    return toPage(rows, limit, (row) => row, (row) => ({ sortValue: row.createdAt.toISOString(), id: row.id }));
  }

  async revoke(id: string): Promise<ApiKeyEntity> {
    const revoked = await this.keys.revoke(id, this.clock.now());
    if (!revoked) throw new NotFoundError('API key', id);
    return revoked;
  }

  /** The principal behind a presented key, or undefined when it is unknown, revoked or expired. */
  async authenticate(presentedKey: string): Promise<Principal | undefined> {
    const record = await this.keys.findBySecretSha256(hashApiKey(presentedKey));
    const now = this.clock.now();
    if (!record || record.revokedAt || (record.expiresAt && record.expiresAt <= now)) return undefined;
    // The key row was just read: skip the write (a round trip per request) while last_used_at is fresh.
    if (!record.lastUsedAt || now.getTime() - record.lastUsedAt.getTime() > LAST_USED_REFRESH_MS) await this.keys.touchLastUsed(record.id, now);
    return { keyId: record.id, keyName: record.name, role: record.role, managerId: record.managerId };
  }

  /**
   * On start: ADMIN_API_KEY, when set, is an admin key. Otherwise, when no usable admin key exists
   * (a first start), one is created and returned so it can be printed once.
   */
  async ensureAdminKey(environmentKey: string | undefined): Promise<string | undefined> {
    if (environmentKey) {
      await this.keys.replaceEnvironmentAdminKey(displayPrefix(environmentKey), hashApiKey(environmentKey), this.clock.now());
      return undefined;
    }
    const generated = generateApiKey();
    const created = await this.keys.insertBootstrapAdminKeyUnlessOneExists(generated.prefix, generated.secretSha256, this.clock.now());
    return created ? generated.key : undefined;
  }
}
