import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { decodeCursor, Page, toPage } from '../common/pagination';
import type { WebhookEventType, WebhookFormat } from './notification-events';

export interface WebhookRecord {
  id: string;
  name: string;
  url: string;
  format: WebhookFormat;
  eventTypes: WebhookEventType[];
  secret: string | null;
  enabled: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface WebhookChanges {
  name?: string;
  url?: string;
  format?: WebhookFormat;
  eventTypes?: WebhookEventType[];
  secret?: string | null;
  enabled?: boolean;
}

const COLUMNS = `id, name, url, format, event_types AS "eventTypes", secret, enabled, created_at AS "createdAt", updated_at AS "updatedAt"`;

/** Webhook subscriptions. A deleted one keeps its row (and delivery log) but is invisible here. */
@Injectable()
export class WebhookRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(webhook: Required<Omit<WebhookChanges, 'secret'>> & { secret: string | null }): Promise<WebhookRecord> {
    const rows: WebhookRecord[] = await this.dataSource.query(
      `INSERT INTO webhooks (name, url, format, event_types, secret, enabled) VALUES ($1, $2, $3, $4::text[], $5, $6) RETURNING ${COLUMNS}`,
      [webhook.name, webhook.url, webhook.format, webhook.eventTypes, webhook.secret, webhook.enabled],
    );
    return rows[0];
  }

  async findLive(id: string): Promise<WebhookRecord | undefined> {
    const rows: WebhookRecord[] = await this.dataSource.query(`SELECT ${COLUMNS} FROM webhooks WHERE id = $1 AND deleted_at IS NULL`, [id]);
    return rows[0];
  }

  async list(limit: number, cursor: string | undefined): Promise<Page<WebhookRecord>> {
    const after = decodeCursor(cursor);
    const rows: WebhookRecord[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM webhooks WHERE deleted_at IS NULL ${after ? 'AND (created_at, id) > ($2::timestamptz, $3::uuid)' : ''}
       ORDER BY created_at, id LIMIT $1`,
      after ? [limit + 1, after.sortValue, after.id] : [limit + 1],
    );
    return toPage(rows, limit, (row) => row, (row) => ({ sortValue: new Date(row.createdAt).toISOString(), id: row.id }));
  }

  /**
   * Applies changes; when the subscription stops (disabled) its pending deliveries are cancelled in
   * the same transaction, so nothing more goes out to it.
   */
  async update(id: string, changes: WebhookChanges): Promise<WebhookRecord | undefined> {
    return this.dataSource.transaction(async (manager) => {
      const [rows]: [WebhookRecord[], number] = await manager.query(
        `UPDATE webhooks SET
           name = COALESCE($2, name), url = COALESCE($3, url), format = COALESCE($4, format),
           event_types = COALESCE($5::text[], event_types),
           secret = CASE WHEN $6::boolean THEN $7 ELSE secret END,
           enabled = COALESCE($8, enabled), updated_at = now()
         WHERE id = $1 AND deleted_at IS NULL RETURNING ${COLUMNS}`,
        [id, changes.name ?? null, changes.url ?? null, changes.format ?? null, changes.eventTypes ?? null, changes.secret !== undefined, changes.secret ?? null, changes.enabled ?? null],
      );
      if (rows.length === 0) return undefined;
      if (!rows[0].enabled) await this.cancelPending(manager, id);
      return rows[0];
    });
  }

  /** Soft delete: the row stays for its delivery log; pending deliveries are cancelled. */
  async softDelete(id: string, at: Date): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const [rows] = await manager.query(`UPDATE webhooks SET deleted_at = $2, enabled = false, updated_at = now() WHERE id = $1 AND deleted_at IS NULL RETURNING id`, [id, at]);
      if ((rows as unknown[]).length === 0) return false;
      await this.cancelPending(manager, id);
      return true;
    });
  }

  private async cancelPending(manager: { query: DataSource['query'] }, webhookId: string): Promise<void> {
    await manager.query(
      `UPDATE webhook_deliveries SET status = 'cancelled', lease_until = NULL, claimed_by = NULL, last_error = 'subscription disabled or deleted', updated_at = now()
       WHERE webhook_id = $1 AND status = 'pending'`,
      [webhookId],
    );
  }
}
