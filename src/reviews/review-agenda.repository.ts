import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { REVIEW_EVENT_SCHEMA_VERSION } from './review-digest';

export interface StoredDocuments {
  accountId: string;
  reviewId: string;
  brief: object;
  agenda: object;
  /** What the documents were generated for: `initial`, `refresh:<meeting day>` or `on-demand`. */
  generatedFor: string;
}

export interface RefreshCandidate {
  accountId: string;
  reviewId: string;
  meetingDay: string;
  documentsFor: string | null;
}

/** Live accounts only: no documents or nudges for sandboxes and archived accounts. */
const LIVE = `EXISTS (SELECT 1 FROM accounts a WHERE a.id = r.account_id AND a.is_test = false AND a.archived_at IS NULL)`;

/** Payload of the review events, built from the stored row (schema in review-digest.ts). */
const EVENT_PAYLOAD = (row: string, at: string) => `jsonb_build_object(
  'schemaVersion', ${REVIEW_EVENT_SCHEMA_VERSION}, 'reviewId', ${row}.id, 'accountId', ${row}.account_id, 'accountName', acc.name,
  'managerId', ${row}.manager_id, 'kind', ${row}.kind, 'dueDate', ${row}.due_date::text,
  'meetingAt', to_char(${row}.meeting_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
  'generatedAt', to_char(${at}::timestamptz AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))`;

/** Reads and writes of the review-agendas job and of on-demand generation; all in the caller's transaction. */
@Injectable()
export class ReviewAgendaRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  inTransaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async lockAgendas(manager: EntityManager): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('reviews:agendas'))`);
  }

  /** Open reviews of live accounts due by `dueBy` that have no documents yet (also one booked straight from planned). */
  async dueForFirstDocuments(manager: EntityManager, dueBy: string): Promise<string[]> {
    const rows: { id: string }[] = await manager.query(
      `SELECT r.id FROM business_reviews r
       WHERE r.status IN ('planned', 'agenda_ready', 'scheduled') AND r.brief IS NULL AND r.due_date <= $1::date AND ${LIVE}
       ORDER BY r.due_date, r.id`,
      [dueBy],
    );
    return rows.map((row) => row.id);
  }

  /** Open reviews with documents whose meeting day (or due day) falls in [from, to]; the caller picks those 2 business days out. */
  refreshCandidates(manager: EntityManager, from: string, to: string, timeZone: string): Promise<RefreshCandidate[]> {
    return manager.query(
      `SELECT r.account_id AS "accountId", r.id AS "reviewId", d.day::text AS "meetingDay", r.documents_for AS "documentsFor"
       FROM business_reviews r CROSS JOIN LATERAL (SELECT coalesce((r.meeting_at AT TIME ZONE $3)::date, r.due_date) AS day) d
       WHERE r.status IN ('agenda_ready', 'scheduled') AND r.brief IS NOT NULL AND d.day BETWEEN $1::date AND $2::date AND ${LIVE}
       ORDER BY r.id`,
      [from, to, timeZone],
    );
  }

  /**
   * Stores the documents; a planned review becomes agenda_ready. With `announce`, writes a
   * `review.agenda_ready` event per review in the same statement. Answers the count stored.
   */
  async storeDocuments(manager: EntityManager, documents: StoredDocuments[], now: Date, announce: boolean): Promise<number> {
    if (documents.length === 0) return 0;
    const rows: { stored: number }[] = await manager.query(
      `WITH input AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS d("accountId" uuid, "reviewId" uuid, brief jsonb, agenda jsonb, "generatedFor" text)
       ),
       stored AS (
         UPDATE business_reviews r SET brief = d.brief, agenda = d.agenda, documents_generated_at = $2, documents_for = d."generatedFor",
                status = CASE WHEN r.status = 'planned' THEN 'agenda_ready' ELSE r.status END,
                agenda_ready_at = coalesce(r.agenda_ready_at, $2), updated_at = $2
         FROM input d WHERE r.account_id = d."accountId" AND r.id = d."reviewId" AND r.status IN ('planned', 'agenda_ready', 'scheduled')
         RETURNING r.*
       ),
       events AS (
         INSERT INTO outbox_events (account_id, topic, payload, occurred_at, created_at, updated_at)
         SELECT s.account_id, 'review.agenda_ready', ${EVENT_PAYLOAD('s', '$2')}, $2, $2, $2
         FROM stored s JOIN accounts acc ON acc.id = s.account_id WHERE $3::boolean
         ORDER BY s.due_date, s.id
         RETURNING 1
       )
       SELECT (SELECT count(*) FROM stored)::int AS stored, (SELECT count(*) FROM events)::int AS events`,
      [JSON.stringify(documents), now, announce],
    );
    return rows[0].stored;
  }

  /**
   * Flags open reviews of live accounts due by `dueBy` with no meeting booked, once, and writes a
   * `review.nudge` event for each in the same statement. Answers the count flagged.
   */
  async flagNudges(manager: EntityManager, dueBy: string, now: Date): Promise<number> {
    const rows: { flagged: number }[] = await manager.query(
      `WITH flagged AS (
         UPDATE business_reviews r SET nudge_flagged_at = $2, updated_at = $2
         WHERE r.status IN ('planned', 'agenda_ready') AND r.meeting_at IS NULL AND r.nudge_flagged_at IS NULL AND r.due_date <= $1::date AND ${LIVE}
         RETURNING r.*
       ),
       events AS (
         INSERT INTO outbox_events (account_id, topic, payload, occurred_at, created_at, updated_at)
         SELECT f.account_id, 'review.nudge', ${EVENT_PAYLOAD('f', '$2')} || jsonb_build_object('flaggedAt', to_char($2::timestamptz AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')), $2, $2, $2
         FROM flagged f JOIN accounts acc ON acc.id = f.account_id
         ORDER BY f.due_date, f.id
         RETURNING 1
       )
       SELECT (SELECT count(*) FROM flagged)::int AS flagged, (SELECT count(*) FROM events)::int AS events`,
      [dueBy, now],
    );
    return rows[0].flagged;
  }
}
