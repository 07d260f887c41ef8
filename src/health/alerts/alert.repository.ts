import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AccountScope, accountScopeCondition } from '../../auth/account-scope';
import type { ActiveAlert, AlertKind, AlertResolution, AlertSeverity, AlertStatus, AutoResolution, DailySnapshot, SnoozeReasonCode } from './alert-rules';
import type { HealthBand } from '../scoring/score';

/** An alert as the API shows it; `status` is effective (a snooze that ran out reads as open). */
export interface AlertRecord {
  id: string;
  accountId: string;
  accountName: string;
  segment: string;
  kind: AlertKind;
  status: AlertStatus;
  severity: AlertSeverity;
  title: string;
  facts: Record<string, unknown>;
  sourceRef: string;
  openedAt: Date;
  snoozedUntil: Date | null;
  snoozeReasonCode: SnoozeReasonCode | null;
  snoozeNote: string | null;
  acknowledgedAt: Date | null;
  acknowledgedByKeyId: string | null;
  resolvedAt: Date | null;
  resolvedByKeyId: string | null;
  resolution: AlertResolution | null;
  resolutionNote: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface AlertFilter {
  managerId?: string;
  /** A lead's id: the accounts of the lead and of every manager whose lead they are. */
  team?: string;
  kind?: AlertKind;
  status?: AlertStatus;
  severity?: AlertSeverity;
  accountId?: string;
  after?: { openedAt: string; id: string };
  limit: number;
}

/** The account facts an alert's events carry. */
export interface AlertAccountFacts {
  accountId: string;
  name: string;
  externalId: string;
  segment: string;
}

/** A new alert with the events to write if, and only if, it is inserted. */
export interface AlertInsert {
  accountId: string;
  kind: AlertKind;
  severity: AlertSeverity;
  title: string;
  sourceRef: string;
  facts: Record<string, unknown>;
  /** Payloads get `alertId` added once the alert has its id. */
  events: { topic: string; payload: Record<string, unknown> }[];
}

export type AlertChange =
  | { to: 'acknowledged'; keyId: string }
  | { to: 'snoozed'; until: Date; reasonCode: SnoozeReasonCode; note: string | null }
  | { to: 'resolved'; keyId: string; note: string | null };

const EFFECTIVE_STATUS = (now: string) => `CASE WHEN al.status = 'snoozed' AND al.snoozed_until <= ${now} THEN 'open' ELSE al.status END`;

const alertColumns = (now: string) => `al.id, al.account_id AS "accountId", acc.name AS "accountName", acc.segment, al.kind, ${EFFECTIVE_STATUS(now)} AS status,
  al.severity, al.title, al.facts, al.source_ref AS "sourceRef", al.opened_at AS "openedAt", al.snoozed_until AS "snoozedUntil",
  al.snooze_reason_code AS "snoozeReasonCode", al.snooze_note AS "snoozeNote", al.acknowledged_at AS "acknowledgedAt",
  al.acknowledged_by_key_id AS "acknowledgedByKeyId", al.resolved_at AS "resolvedAt", al.resolved_by_key_id AS "resolvedByKeyId",
  al.resolution, al.resolution_note AS "resolutionNote", al.created_at AS "createdAt", al.updated_at AS "updatedAt"`;

/** Alerts and their outbox events. Every write here runs inside the caller's transaction. */
@Injectable()
export class AlertRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  inTransaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /**
   * Evaluations take turns, so a health run completing and an SLA sweep never wait on each other's
   * rows in opposite orders (a deadlock). The run waits (the sweep is short); the sweep only tries,
   * and skips its turn while a run is completing: the run judges the SLA kinds of its accounts itself.
   */
  async lockEvaluation(manager: EntityManager, wait: boolean): Promise<boolean> {
    if (wait) {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('alerts:evaluate'))`);
      return true;
    }
    const rows: { locked: boolean }[] = await manager.query(`SELECT pg_try_advisory_xact_lock(hashtext('alerts:evaluate')) AS locked`);
    return rows[0].locked;
  }

  /** Snoozes that ran out become open again (no new event: the alert was announced when it opened). */
  async wakeSnoozed(manager: EntityManager, accountIds: string[] | 'all', now: Date): Promise<number> {
    const [, count]: [unknown, number] = await manager.query(
      `UPDATE alerts SET status = 'open', updated_at = $1
       WHERE status = 'snoozed' AND snoozed_until <= $1 ${accountIds === 'all' ? '' : 'AND account_id = ANY($2::uuid[])'}`,
      accountIds === 'all' ? [now] : [now, accountIds],
    );
    return count;
  }

  /** The daily record of a chunk of accounts over [from, to]. */
  async snapshots(manager: EntityManager, accountIds: string[], from: string, to: string): Promise<(DailySnapshot & { accountId: string })[]> {
    if (accountIds.length === 0) return [];
    return manager.query(
      `SELECT account_id AS "accountId", day, score::float8 AS score, band, coverage::float8 AS coverage
       FROM health_daily_scores WHERE account_id = ANY($1::uuid[]) AND day BETWEEN $2::date AND $3::date`,
      [accountIds, from, to],
    );
  }

  /** Each account's current health (band and score), for the events of alerts not judged from a run. */
  async currentHealth(manager: EntityManager, accountIds: string[]): Promise<Map<string, { band: HealthBand; score: number | null }>> {
    if (accountIds.length === 0) return new Map();
    const rows: { accountId: string; band: HealthBand; score: number | null }[] = await manager.query(
      `SELECT account_id AS "accountId", band, score::float8 AS score FROM account_health_current WHERE account_id = ANY($1::uuid[])`,
      [accountIds],
    );
    return new Map(rows.map((row) => [row.accountId, { band: row.band, score: row.score }]));
  }

  async accountFacts(manager: EntityManager, accountIds: string[]): Promise<Map<string, AlertAccountFacts>> {
    if (accountIds.length === 0) return new Map();
    const rows: AlertAccountFacts[] = await manager.query(
      `SELECT id AS "accountId", name, external_id AS "externalId", segment FROM accounts WHERE id = ANY($1::uuid[])`,
      [accountIds],
    );
    return new Map(rows.map((row) => [row.accountId, row]));
  }

  /** Open, snoozed and acknowledged alerts of the kinds, for a chunk of accounts or all of them. */
  activeAlerts(manager: EntityManager, accountIds: string[] | 'all', kinds: readonly AlertKind[]): Promise<ActiveAlert[]> {
    if (accountIds !== 'all' && accountIds.length === 0) return Promise.resolve([]);
    return manager.query(
      `SELECT id, account_id AS "accountId", kind, source_ref AS "sourceRef", facts FROM alerts
       WHERE status IN ('open', 'snoozed', 'acknowledged') AND kind = ANY($1::text[]) ${accountIds === 'all' ? '' : 'AND account_id = ANY($2::uuid[])'}`,
      accountIds === 'all' ? [kinds] : [kinds, accountIds],
    );
  }

  /** Closes active alerts whose condition cleared, with the reason as their note. */
  async autoResolve(manager: EntityManager, resolutions: AutoResolution[], now: Date): Promise<number> {
    if (resolutions.length === 0) return 0;
    const [, count]: [unknown, number] = await manager.query(
      `UPDATE alerts al SET status = 'resolved', resolution = 'auto', resolution_note = r.note, resolved_at = $4, resolved_by_key_id = NULL, updated_at = $4
       FROM unnest($1::uuid[], $2::uuid[], $3::text[]) AS r(account_id, id, note)
       WHERE al.account_id = r.account_id AND al.id = r.id AND al.status IN ('open', 'snoozed', 'acknowledged')`,
      [resolutions.map((r) => r.accountId), resolutions.map((r) => r.id), resolutions.map((r) => r.note), now],
    );
    return count;
  }

  /**
   * Inserts the alerts that are new, in one statement, and writes the events of exactly those:
   * ON CONFLICT DO NOTHING on the unique indexes (one active alert per account and kind, one alert
   * per episode) leaves existing alerts alone and emits nothing for them. Answers the count opened.
   */
  async insertNew(manager: EntityManager, alerts: AlertInsert[], now: Date): Promise<{ opened: number; events: number }> {
    if (alerts.length === 0) return { opened: 0, events: 0 };
    const rows: { opened: number; events: number }[] = await manager.query(
      `WITH input AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS d("accountId" uuid, kind text, severity text, title text, "sourceRef" text, facts jsonb, events jsonb)
       ),
       inserted AS (
         INSERT INTO alerts (account_id, kind, status, severity, title, facts, source_ref, opened_at, created_at, updated_at)
         SELECT d."accountId", d.kind, 'open', d.severity, d.title, d.facts, d."sourceRef", $2, $2, $2 FROM input d
         ON CONFLICT DO NOTHING
         RETURNING account_id, id, kind, source_ref
       ),
       events AS (
         INSERT INTO outbox_events (account_id, topic, payload, occurred_at, created_at, updated_at)
         SELECT i.account_id, e.event->>'topic', jsonb_build_object('alertId', i.id, 'openedAt', $2::timestamptz) || (e.event->'payload'), $2, $2, $2
         FROM inserted i
         JOIN input d ON d."accountId" = i.account_id AND d.kind = i.kind AND d."sourceRef" = i.source_ref
         CROSS JOIN LATERAL jsonb_array_elements(d.events) WITH ORDINALITY AS e(event, position)
         ORDER BY i.account_id, i.kind, i.source_ref, e.position
         RETURNING 1
       )
       SELECT (SELECT count(*) FROM inserted)::int AS opened, (SELECT count(*) FROM events)::int AS events`,
      [JSON.stringify(alerts), now],
    );
    return rows[0];
  }

  list(filter: AlertFilter, scope: AccountScope, now: Date): Promise<AlertRecord[]> {
    const params: unknown[] = [now];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const scoped = accountScopeCondition(scope, 'al.account_id', params.length + 1);
    params.push(...scoped.params);
    const where = [scoped.sql];
    if (filter.managerId) {
      const byManager = accountScopeCondition({ kind: 'manager', managerId: filter.managerId }, 'al.account_id', params.length + 1);
      params.push(...byManager.params);
      where.push(byManager.sql);
    }
    if (filter.team) {
      const byTeam = accountScopeCondition({ kind: 'team', leadId: filter.team }, 'al.account_id', params.length + 1);
      params.push(...byTeam.params);
      where.push(byTeam.sql);
    }
    if (filter.accountId) where.push(`al.account_id = ${param(filter.accountId)}::uuid`);
    if (filter.kind) where.push(`al.kind = ${param(filter.kind)}`);
    if (filter.severity) where.push(`al.severity = ${param(filter.severity)}`);
    if (filter.status === 'open') where.push(`(al.status = 'open' OR (al.status = 'snoozed' AND al.snoozed_until <= $1))`);
    else if (filter.status === 'snoozed') where.push(`al.status = 'snoozed' AND al.snoozed_until > $1`);
    else if (filter.status) where.push(`al.status = ${param(filter.status)}`);
    if (filter.after) where.push(`(al.opened_at, al.id) < (${param(filter.after.openedAt)}::timestamptz, ${param(filter.after.id)}::uuid)`);
    return this.dataSource.query(
      `SELECT ${alertColumns('$1')} FROM alerts al JOIN accounts acc ON acc.id = al.account_id
       WHERE ${where.join(' AND ')} ORDER BY al.opened_at DESC, al.id DESC LIMIT ${param(filter.limit + 1)}`,
      params,
    );
  }

  async findById(manager: EntityManager | null, id: string, scope: AccountScope, now: Date, options: { lock?: boolean } = {}): Promise<AlertRecord | undefined> {
    const scoped = accountScopeCondition(scope, 'al.account_id', 3);
    const rows: AlertRecord[] = await (manager ?? this.dataSource).query(
      `SELECT ${alertColumns('$2')} FROM alerts al JOIN accounts acc ON acc.id = al.account_id
       WHERE al.id = $1 AND ${scoped.sql} ${options.lock ? 'FOR UPDATE OF al' : ''}`,
      [id, now, ...scoped.params],
    );
    return rows[0];
  }

  /** Applies a transition already validated against the locked row. */
  async applyChange(manager: EntityManager, accountId: string, id: string, change: AlertChange, now: Date): Promise<void> {
    switch (change.to) {
      case 'acknowledged':
        await manager.query(
          `UPDATE alerts SET status = 'acknowledged', acknowledged_at = $3, acknowledged_by_key_id = $4, updated_at = $3 WHERE account_id = $1 AND id = $2`,
          [accountId, id, now, change.keyId],
        );
        return;
      case 'snoozed':
        await manager.query(
          `UPDATE alerts SET status = 'snoozed', snoozed_until = $4, snooze_reason_code = $5, snooze_note = $6, updated_at = $3 WHERE account_id = $1 AND id = $2`,
          [accountId, id, now, change.until, change.reasonCode, change.note],
        );
        return;
      case 'resolved':
        await manager.query(
          `UPDATE alerts SET status = 'resolved', resolution = 'manual', resolved_at = $3, resolved_by_key_id = $4, resolution_note = $5, updated_at = $3
           WHERE account_id = $1 AND id = $2`,
          [accountId, id, now, change.keyId, change.note],
        );
        return;
    }
  }
}
