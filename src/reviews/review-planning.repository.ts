import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { NewReview, OpenReview, PlanningAccount, PlanningCadence, ReviewEvent, ReviewUpdate } from './review-planning';

/** Set-based reads and writes of the review-planning job; every method runs in the caller's transaction. */
@Injectable()
export class ReviewPlanningRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  inTransaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** One planning at a time: a manual run and a scheduled one never interleave their writes. */
  async lockPlanning(manager: EntityManager): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('reviews:plan'))`);
  }

  cadences(manager: EntityManager): Promise<PlanningCadence[]> {
    return manager.query(
      `SELECT segment, kind, every_months AS "everyMonths", lead_days AS "leadDays", manager_role AS "managerRole" FROM review_cadences ORDER BY segment, kind`,
    );
  }

  /** The next chunk of live accounts (active: not a test sandbox, not archived), by id. */
  async liveAccountIds(manager: EntityManager, afterId: string | null, limit: number): Promise<string[]> {
    const rows: { id: string }[] = await manager.query(
      `SELECT id FROM accounts WHERE is_test = false AND archived_at IS NULL ${afterId === null ? '' : 'AND id > $2'} ORDER BY id LIMIT $1`,
      afterId === null ? [limit] : [limit, afterId],
    );
    return rows.map((row) => row.id);
  }

  planningAccounts(manager: EntityManager, accountIds: string[], timeZone: string): Promise<PlanningAccount[]> {
    return manager.query(
      `SELECT a.id AS "accountId", a.segment, a.renewal_date AS "renewalDate", ((a.created_at AT TIME ZONE $2)::date)::text AS "startDay",
              csm.manager_id AS "csmId", tam.manager_id AS "tamId"
       FROM accounts a
       LEFT JOIN account_assignments csm ON csm.account_id = a.id AND csm.role = 'csm' AND csm.ended_at IS NULL
       LEFT JOIN account_assignments tam ON tam.account_id = a.id AND tam.role = 'tam' AND tam.ended_at IS NULL
       WHERE a.id = ANY($1::uuid[])`,
      [accountIds, timeZone],
    );
  }

  openReviews(manager: EntityManager, accountIds: string[]): Promise<OpenReview[]> {
    return manager.query(
      `SELECT id, account_id AS "accountId", kind, slot, status, due_date AS "dueDate", original_due_date AS "originalDueDate",
              manager_id AS "managerId", trigger_keys AS "triggerKeys"
       FROM business_reviews WHERE account_id = ANY($1::uuid[]) AND status IN ('planned', 'agenda_ready', 'scheduled')`,
      [accountIds],
    );
  }

  /** Latest closed review day per account and slot: the meeting day when held, the due day when cancelled. */
  lastClosedDays(manager: EntityManager, accountIds: string[], timeZone: string): Promise<{ accountId: string; slot: string; day: string }[]> {
    return manager.query(
      `SELECT account_id AS "accountId", slot,
              max(CASE WHEN status = 'cancelled' OR meeting_at IS NULL THEN due_date ELSE (meeting_at AT TIME ZONE $2)::date END)::text AS day
       FROM business_reviews WHERE account_id = ANY($1::uuid[]) AND status IN ('held', 'completed', 'cancelled')
       GROUP BY account_id, slot`,
      [accountIds, timeZone],
    );
  }

  handledTriggerKeys(manager: EntityManager, accountIds: string[]): Promise<{ accountId: string; key: string }[]> {
    return manager.query(
      `SELECT DISTINCT r.account_id AS "accountId", k.key FROM business_reviews r CROSS JOIN LATERAL unnest(r.trigger_keys) AS k(key)
       WHERE r.account_id = ANY($1::uuid[])`,
      [accountIds],
    );
  }

  /**
   * Alerts that plan an event review, opened since `since`: a breached SLA on a P1 ticket
   * (post-incident review, one per ticket) and a band drop to red (risk review, one per episode).
   */
  reviewEvents(manager: EntityManager, accountIds: string[], since: Date, timeZone: string): Promise<ReviewEvent[]> {
    return manager.query(
      `SELECT account_id AS "accountId", CASE WHEN kind = 'sla_breached' THEN 'post_incident' ELSE 'risk' END AS kind,
              source_ref AS "sourceRef", ((opened_at AT TIME ZONE $3)::date)::text AS day
       FROM alerts
       WHERE account_id = ANY($1::uuid[]) AND opened_at >= $2
         AND ((kind = 'sla_breached' AND facts->>'ticketSeverity' = 'P1') OR (kind = 'band_dropped' AND facts->>'toBand' = 'red'))
       ORDER BY account_id, opened_at, id`,
      [accountIds, since, timeZone],
    );
  }

  /** Adds the new reviews; a concurrent planner's row in the same slot wins (the one-open-per-slot index). */
  async insertReviews(manager: EntityManager, reviews: NewReview[], now: Date): Promise<number> {
    if (reviews.length === 0) return 0;
    const rows: { id: string }[] = await manager.query(
      `INSERT INTO business_reviews (account_id, kind, status, slot, due_date, original_due_date, manager_id, trigger_keys, created_at, updated_at)
       SELECT d."accountId", d.kind, 'planned', d.slot, d."dueDate", d."originalDueDate", d."managerId", ARRAY(SELECT jsonb_array_elements_text(d."triggerKeys")), $2, $2
       FROM jsonb_to_recordset($1::jsonb) AS d("accountId" uuid, kind text, slot text, "dueDate" date, "originalDueDate" date, "managerId" uuid, "triggerKeys" jsonb)
       ON CONFLICT DO NOTHING
       RETURNING id`,
      [JSON.stringify(reviews), now],
    );
    return rows.length;
  }

  /** Pulls, trigger keys and managers of open reviews (never of one that closed meanwhile). */
  async updateReviews(manager: EntityManager, updates: ReviewUpdate[], now: Date): Promise<number> {
    if (updates.length === 0) return 0;
    const [, count]: [unknown, number] = await manager.query(
      `UPDATE business_reviews r SET kind = d.kind, due_date = d."dueDate", original_due_date = d."originalDueDate", manager_id = d."managerId",
              trigger_keys = ARRAY(SELECT jsonb_array_elements_text(d."triggerKeys")), updated_at = $2
       FROM jsonb_to_recordset($1::jsonb) AS d("accountId" uuid, id uuid, kind text, "dueDate" date, "originalDueDate" date, "managerId" uuid, "triggerKeys" jsonb)
       WHERE r.account_id = d."accountId" AND r.id = d.id AND r.status IN ('planned', 'agenda_ready', 'scheduled')`,
      [JSON.stringify(updates), now],
    );
    return count;
  }
}
