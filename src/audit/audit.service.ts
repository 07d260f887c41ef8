import { Injectable, Logger } from '@nestjs/common';
import type { Principal } from '../auth/principal';
import { Clock } from '../common/clock';
import { decodeCursor, DEFAULT_PAGE_SIZE, Page, toPage } from '../common/pagination';
import { AuditEntryEntity } from './audit-entry.entity';
import { AuditRepository } from './audit.repository';

export interface AuditRecord {
  principal: Principal | undefined;
  action: string;
  entityType: string;
  entityId: string | null;
  httpMethod: string;
  route: string;
  statusCode: number;
  summary: Record<string, unknown>;
  requestId: string | null;
}

export interface AuditQuery {
  actorKeyId?: string;
  entityType?: string;
  entityId?: string;
  action?: string;
  from?: string;
  to?: string;
  limit?: number;
  cursor?: string;
}

@Injectable()
export class AuditService {
  private readonly logger = new Logger(AuditService.name);

  constructor(
    private readonly audit: AuditRepository,
    private readonly clock: Clock,
  ) {}

  async record(record: AuditRecord): Promise<void> {
    try {
      await this.audit.insert({
        occurredAt: this.clock.now(),
        actorKeyId: record.principal?.keyId ?? null,
        actorKeyName: record.principal?.keyName ?? null,
        action: record.action,
        entityType: record.entityType,
        entityId: record.entityId,
        httpMethod: record.httpMethod,
        route: record.route,
        statusCode: record.statusCode,
        summary: record.summary,
        requestId: record.requestId,
      });
    } catch (error) {
      // The write itself succeeded; losing its audit line is logged loudly rather than failing the caller.
      this.logger.error({ err: error, action: record.action, requestId: record.requestId }, 'audit entry not written');
    }
  }

  async list(query: AuditQuery): Promise<Page<AuditEntryEntity>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const rows = await this.audit.list({
      actorKeyId: query.actorKeyId,
      entityType: query.entityType,
      entityId: query.entityId,
      action: query.action,
      from: query.from ? new Date(query.from) : undefined,
      to: query.to ? new Date(query.to) : undefined,
      after: decodeCursor(query.cursor),
      limit,
    });
    return toPage(rows, limit, (row) => row, (row) => ({ sortValue: row.occurredAt.toISOString(), id: row.id }));
  }
}
