import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { DigestAlertInput, DigestManager, DigestRenewalInput } from './digest-builder';

/**
 * What the digest reads besides reviews: managers, the digests and reminders already sent, new
 * alerts and coming renewals on each manager's accounts (open assignments). One statement per
 * question for all due managers at once.
 */
@Injectable()
export class DigestReadsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  activeManagers(): Promise<DigestManager[]> {
    return this.dataSource.query(`SELECT id, name, email, timezone, lead_id AS "leadId" FROM managers WHERE active ORDER BY id`);
  }

  /** `managerId:localDate` of the digests already recorded among these pairs. */
  async digestsRecorded(pairs: { managerId: string; localDate: string }[]): Promise<Set<string>> {
    if (pairs.length === 0) return new Set();
    const rows: { key: string }[] = await this.dataSource.query(
      `SELECT n.manager_id || ':' || to_char(n.local_date, 'YYYY-MM-DD') AS key FROM notifications n
       JOIN unnest($1::uuid[], $2::date[]) p(manager_id, local_date) ON p.manager_id = n.manager_id AND p.local_date = n.local_date
       WHERE n.kind = 'digest.daily'`,
      [pairs.map((p) => p.managerId), pairs.map((p) => p.localDate)],
    );
    return new Set(rows.map((row) => row.key));
  }

  async lastDigestAt(managerIds: string[]): Promise<Map<string, Date>> {
    if (managerIds.length === 0) return new Map();
    const rows: { managerId: string; occurredAt: Date }[] = await this.dataSource.query(
      `SELECT DISTINCT ON (manager_id) manager_id AS "managerId", occurred_at AS "occurredAt" FROM notifications
       WHERE kind = 'digest.daily' AND manager_id = ANY($1::uuid[]) ORDER BY manager_id, occurred_at DESC`,
      [managerIds],
    );
    return new Map(rows.map((row) => [row.managerId, new Date(row.occurredAt)]));
  }

  /** recipient → (review → last local date it was reminded of it). */
  async lastRemindedOn(recipientIds: string[]): Promise<Map<string, Map<string, string>>> {
    const result = new Map<string, Map<string, string>>();
    if (recipientIds.length === 0) return result;
    const rows: { managerId: string; reviewId: string; lastDate: string }[] = await this.dataSource.query(
      `SELECT manager_id AS "managerId", subject_id AS "reviewId", max(local_date) AS "lastDate" FROM notifications
       WHERE kind = 'review.reminder' AND manager_id = ANY($1::uuid[]) GROUP BY manager_id, subject_id`,
      [recipientIds],
    );
    for (const row of rows) {
      if (!result.has(row.managerId)) result.set(row.managerId, new Map());
      result.get(row.managerId)!.set(row.reviewId, row.lastDate);
    }
    return result;
  }

  /** Unresolved alerts opened after each manager's `since` (and not after `until`) on accounts they hold. */
  async newAlerts(windows: { managerId: string; since: Date }[], until: Date): Promise<Map<string, DigestAlertInput[]>> {
    const result = new Map<string, DigestAlertInput[]>();
    if (windows.length === 0) return result;
    const rows: (DigestAlertInput & { managerId: string; openedAt: Date })[] = await this.dataSource.query(
      `SELECT DISTINCT w.manager_id AS "managerId", al.id AS "alertId", al.account_id AS "accountId", a.name AS "accountName",
         al.kind, al.severity, al.title, al.opened_at AS "openedAt"
       FROM unnest($1::uuid[], $2::timestamptz[]) w(manager_id, since)
       JOIN account_assignments aa ON aa.manager_id = w.manager_id AND aa.ended_at IS NULL
       JOIN alerts al ON al.account_id = aa.account_id AND al.opened_at > w.since AND al.opened_at <= $3 AND al.status <> 'resolved'
       JOIN accounts a ON a.id = al.account_id AND NOT a.is_test AND a.archived_at IS NULL`,
      [windows.map((w) => w.managerId), windows.map((w) => w.since.toISOString()), until],
    );
    for (const row of rows) {
      const list = result.get(row.managerId) ?? [];
      list.push({ alertId: row.alertId, accountId: row.accountId, accountName: row.accountName, kind: row.kind, severity: row.severity, title: row.title, openedAt: new Date(row.openedAt).toISOString() });
      result.set(row.managerId, list);
    }
    return result;
  }

  /** Live accounts each manager holds whose renewal date falls between the two days. */
  async renewals(managerIds: string[], fromDay: string, toDay: string): Promise<Map<string, DigestRenewalInput[]>> {
    const result = new Map<string, DigestRenewalInput[]>();
    if (managerIds.length === 0) return result;
    const rows: (DigestRenewalInput & { managerId: string })[] = await this.dataSource.query(
      `SELECT DISTINCT aa.manager_id AS "managerId", a.id AS "accountId", a.name AS "accountName", a.segment, a.renewal_date AS "renewalDate",
         a.arr::float8 AS arr, a.auto_renew AS "autoRenew", h.band
       FROM account_assignments aa
       JOIN accounts a ON a.id = aa.account_id AND NOT a.is_test AND a.archived_at IS NULL AND a.renewal_date BETWEEN $2::date AND $3::date
       LEFT JOIN account_health_current h ON h.account_id = a.id
       WHERE aa.manager_id = ANY($1::uuid[]) AND aa.ended_at IS NULL`,
      [managerIds, fromDay, toDay],
    );
    for (const row of rows) {
      const { managerId, ...renewal } = row;
      const list = result.get(managerId) ?? [];
      list.push(renewal);
      result.set(managerId, list);
    }
    return result;
  }
}
