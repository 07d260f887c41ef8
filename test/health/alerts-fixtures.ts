import type { TestApp } from '../support/test-app';

let sequence = 0;

/** Stores an alert as the evaluation would have opened it (an SLA kind by default: several may be open per account); override any column. */
export async function seedAlert(
  t: TestApp,
  accountId: string,
  overrides: Partial<{ kind: string; status: string; severity: string; title: string; facts: object; sourceRef: string; openedAt: string; snoozedUntil: string; snoozeReasonCode: string }> = {},
): Promise<string> {
  sequence += 1;
  const row = {
    kind: 'sla_breached',
    status: 'open',
    severity: 'medium',
    title: `P3 ticket ZD-${sequence} breached its resolution SLA`,
    facts: { sentence: `P3 ticket ZD-${sequence} breached its resolution target.`, externalId: `ZD-${sequence}` },
    sourceRef: `seed-${sequence}`,
    openedAt: new Date(Date.UTC(2026, 5, 1, 0, sequence)).toISOString(),
    snoozedUntil: null as string | null,
    snoozeReasonCode: null as string | null,
    ...overrides,
  };
  const result = await t.db.pool.query(
    `INSERT INTO alerts (account_id, kind, status, severity, title, facts, source_ref, opened_at, snoozed_until, snooze_reason_code)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
    [accountId, row.kind, row.status, row.severity, row.title, JSON.stringify(row.facts), row.sourceRef, row.openedAt, row.snoozedUntil, row.snoozeReasonCode],
  );
  return result.rows[0].id as string;
}

export async function outboxEvents(t: TestApp, accountId?: string): Promise<{ topic: string; accountId: string | null; payload: Record<string, unknown> }[]> {
  const result = await t.db.pool.query(
    `SELECT topic, account_id AS "accountId", payload FROM outbox_events ${accountId ? 'WHERE account_id = $1' : ''} ORDER BY occurred_at, topic`,
    accountId ? [accountId] : [],
  );
  return result.rows;
}

export async function storedAlerts(t: TestApp, accountId: string): Promise<{ id: string; kind: string; status: string; sourceRef: string; resolution: string | null; resolutionNote: string | null; facts: Record<string, unknown> }[]> {
  const result = await t.db.pool.query(
    `SELECT id, kind, status, source_ref AS "sourceRef", resolution, resolution_note AS "resolutionNote", facts FROM alerts WHERE account_id = $1 ORDER BY opened_at, kind, source_ref`,
    [accountId],
  );
  return result.rows;
}
