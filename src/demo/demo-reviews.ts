/**
 * Demo business reviews: every demo account gets a completed review from about two months ago
 * (with one action item done and one still open, carried over) and one more review whose kind and
 * state rotate through all of them (planned, agenda_ready, scheduled, held, cancelled; EBR, QBR,
 * operations, renewal, post_incident, risk). Set-based statements inside the demo transaction,
 * only for the accounts that load inserted, deterministic from the account order and `asOf`.
 */
import type { Client } from 'pg';

type Queryable = Pick<Client, 'query'>;

export interface DemoReviewCounts {
  reviews: number;
  actionItems: number;
}

/** The second review of the n-th account (n mod 8): kind, slot, state, due and meeting offsets in days from asOf, notes. */
const ROTATION = `(VALUES
  (0, 'QBR', 'QBR', 'planned', 40, NULL, NULL),
  (1, 'QBR', 'QBR', 'agenda_ready', 10, NULL, NULL),
  (2, 'EBR', 'EBR', 'scheduled', 20, 18, NULL),
  (3, 'renewal', 'renewal', 'planned', 25, NULL, NULL),
  (4, 'post_incident', 'post_incident', 'scheduled', 5, 4, NULL),
  (5, 'risk', 'risk', 'planned', 12, NULL, NULL),
  (6, 'operations', 'operations', 'held', -2, -2, 'Walked through call quality by region; the customer will roll out the new SDK.'),
  (7, 'QBR', 'QBR', 'cancelled', -10, NULL, 'Customer asked to skip this quarter; next one planned.')
) AS t(position, kind, slot, status, due_offset, meeting_offset, notes)`;

export async function writeDemoReviews(client: Queryable, asOf: string, externalIds: string[]): Promise<DemoReviewCounts> {
  if (externalIds.length === 0) return { reviews: 0, actionItems: 0 };
  const result = await client.query(
    `WITH demo AS (
       SELECT a.id, a.segment, row_number() OVER (ORDER BY a.external_id) - 1 AS n,
              csm.manager_id AS csm_id, coalesce(tam.manager_id, csm.manager_id) AS tam_id
       FROM accounts a
       LEFT JOIN account_assignments csm ON csm.account_id = a.id AND csm.role = 'csm' AND csm.ended_at IS NULL
       LEFT JOIN account_assignments tam ON tam.account_id = a.id AND tam.role = 'tam' AND tam.ended_at IS NULL
       WHERE a.external_id = ANY($2::text[]) AND a.is_test = false AND a.archived_at IS NULL
     ),
     rows AS (
       -- The review held about two months ago.
       SELECT d.id AS account_id, CASE WHEN d.segment = 'strategic' THEN 'EBR' ELSE 'QBR' END AS kind,
              CASE WHEN d.segment = 'strategic' THEN 'EBR' ELSE 'QBR' END AS slot, 'completed' AS status,
              $1::date - (60 + (d.n % 10))::int AS due_date, (($1::date - (60 + (d.n % 10))::int) + time '10:00') AT TIME ZONE 'UTC' AS meeting_at,
              'Reviewed usage and adoption; agreed the next steps below.' AS notes, d.csm_id AS manager_id, true AS past
       FROM demo d
       UNION ALL
       SELECT d.id, t.kind, t.slot, t.status, $1::date + t.due_offset,
              CASE WHEN t.meeting_offset IS NULL THEN NULL ELSE (($1::date + t.meeting_offset) + time '15:00') AT TIME ZONE 'UTC' END,
              t.notes, CASE WHEN t.kind = 'operations' THEN d.tam_id ELSE d.csm_id END, false
       FROM demo d JOIN ${ROTATION} ON t.position = d.n % 8
     ),
     inserted AS (
       INSERT INTO business_reviews (account_id, kind, status, slot, due_date, manager_id, meeting_at, notes, trigger_keys,
                                     agenda_ready_at, held_at, completed_at, cancelled_at, created_at, updated_at)
       SELECT r.account_id, r.kind, r.status, r.slot, r.due_date, r.manager_id, r.meeting_at, r.notes,
              CASE r.kind WHEN 'renewal' THEN ARRAY['renewal:demo'] WHEN 'post_incident' THEN ARRAY['post_incident:demo'] WHEN 'risk' THEN ARRAY['risk:demo'] ELSE '{}'::text[] END,
              CASE WHEN r.status = 'agenda_ready' THEN $3::timestamptz END,
              CASE WHEN r.status IN ('held', 'completed') THEN r.meeting_at END,
              CASE WHEN r.status = 'completed' THEN r.meeting_at + interval '1 day' END,
              CASE WHEN r.status = 'cancelled' THEN $3::timestamptz END,
              $3, $3
       FROM rows r
       ON CONFLICT DO NOTHING
       RETURNING account_id, id, status
     ),
     items AS (
       INSERT INTO review_action_items (account_id, review_id, title, owner, owner_side, due_date, status, done_at, created_at, updated_at)
       SELECT i.account_id, i.id, v.title, v.owner, v.owner_side, $1::date + v.due_offset, v.status,
              CASE WHEN v.status = 'done' THEN $3::timestamptz END, $3, $3
       FROM inserted i
       CROSS JOIN (VALUES
         ('Share the adoption plan for the next quarter', 'Customer success manager', 'vendor', -30, 'done'),
         ('Roll out the latest SDK to all regions', 'Customer engineering lead', 'customer', 14, 'in_progress'),
         ('Nominate an executive sponsor for the next review', 'Customer operations', 'customer', 21, 'open')
       ) AS v(title, owner, owner_side, due_offset, status)
       WHERE i.status = 'completed'
       RETURNING 1
     )
     SELECT (SELECT count(*) FROM inserted)::int AS reviews, (SELECT count(*) FROM items)::int AS "actionItems"`,
    [asOf, externalIds, `${asOf}T00:00:00Z`],
  );
  return result.rows[0] as DemoReviewCounts;
}
