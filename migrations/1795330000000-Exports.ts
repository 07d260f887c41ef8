import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * BI exports:
 * - `export_tombstones`: one row per deleted row of an exported table, stamped with the deleting
 *   transaction's id (`xid8`) so incremental pulls find the deletions their cursor has not seen.
 *   Filled by STATEMENT-level AFTER DELETE triggers with a transition table: nothing runs on
 *   INSERT or UPDATE, so ingest (usage_daily above all) pays nothing.
 * - schema `bi`: one view per export dataset (real accounts only, live rows, native types), the
 *   same columns as the exports (`src/exports/export-datasets.ts`; a test keeps them in step).
 * - `export_grant_bi_reader(role)`: creates the read-only role if missing (roles are cluster-wide,
 *   so a second database on the same server finds it) and grants it, in THIS database, CONNECT,
 *   USAGE on schema bi and SELECT on its views — nothing else. Run here for the default
 *   `bi_reader`; the app runs it again at start-up for `BI_ROLE_NAME`.
 * Views, the function and the triggers are not TypeORM-modelled (the migrations test lists them).
 */
const TOMBSTONE_TABLE_KEYS: Record<string, string[]> = {
  accounts: ['id'],
  account_history: ['account_id', 'valid_from'],
  managers: ['id'],
  account_assignments: ['account_id', 'id'],
  usage_daily: ['account_id', 'metric', 'day'],
  feature_adoption_daily: ['account_id', 'feature_id', 'day'],
  support_tickets: ['account_id', 'id'],
  outcomes: ['account_id', 'id'],
  health_daily_scores: ['account_id', 'day'],
  account_health_current: ['account_id'],
  alerts: ['account_id', 'id'],
  touchpoints: ['account_id', 'id'],
  business_reviews: ['account_id', 'id'],
  account_recommendations: ['account_id', 'feature_id'],
};

const BI_VIEWS: Record<string, string> = {
  "accounts": `SELECT a.id AS "id", a.external_id AS "external_id", a.name AS "name", a.segment AS "segment", a.industry AS "industry", a.region AS "region", a.timezone AS "timezone", a.parent_id AS "parent_id", a.app_ids AS "app_ids", a.is_test AS "is_test", a.billing_model AS "billing_model", a.commit_amount AS "commit_amount", a.commit_period AS "commit_period", a.auto_renew AS "auto_renew", a.renewal_date AS "renewal_date", a.arr AS "arr", a.currency AS "currency", a.support_plan AS "support_plan", a.products AS "products", a.use_cases AS "use_cases", a.lifecycle_stage AS "lifecycle_stage", a.attributes AS "attributes", a.archived_at AS "archived_at", a.created_at AS "created_at", a.updated_at AS "updated_at" FROM accounts a WHERE NOT a.is_test AND a.archived_at IS NULL`,
  "account_history": `SELECT h.account_id AS "account_id", h.valid_from AS "valid_from", h.valid_to AS "valid_to", h.segment AS "segment", h.arr AS "arr", h.currency AS "currency", h.billing_model AS "billing_model", h.commit_amount AS "commit_amount", h.commit_period AS "commit_period", h.auto_renew AS "auto_renew", h.renewal_date AS "renewal_date", h.support_plan AS "support_plan", h.products AS "products", h.use_cases AS "use_cases", h.attributes AS "attributes", h.created_at AS "created_at", h.updated_at AS "updated_at" FROM account_history h WHERE NOT EXISTS (SELECT 1 FROM accounts ta WHERE ta.id = h.account_id AND ta.is_test) AND TRUE`,
  "managers": `SELECT m.id AS "id", m.name AS "name", m.email AS "email", m.role AS "role", m.timezone AS "timezone", m.lead_id AS "lead_id", m.capacity AS "capacity", m.active AS "active", m.created_at AS "created_at", m.updated_at AS "updated_at" FROM managers m WHERE TRUE AND TRUE`,
  "assignments": `SELECT s.account_id AS "account_id", s.id AS "id", s.manager_id AS "manager_id", s.role AS "role", s.started_at AS "started_at", s.ended_at AS "ended_at", s.created_at AS "created_at", s.updated_at AS "updated_at" FROM account_assignments s WHERE NOT EXISTS (SELECT 1 FROM accounts ta WHERE ta.id = s.account_id AND ta.is_test) AND TRUE`,
  "usage_daily": `SELECT u.account_id AS "account_id", u.metric AS "metric", u.day AS "day", u.value AS "value", u.weight AS "weight", u.recorded_at AS "recorded_at", u.updated_at AS "updated_at" FROM usage_daily u WHERE NOT EXISTS (SELECT 1 FROM accounts ta WHERE ta.id = u.account_id AND ta.is_test) AND TRUE`,
  "feature_adoption": `SELECT f.account_id AS "account_id", f.feature_id AS "feature_id", ft.key AS "feature_key", f.day AS "day", f.active_users AS "active_users", f.eligible_users AS "eligible_users", f.adoption_pct AS "adoption_pct", f.updated_at AS "updated_at" FROM feature_adoption_daily f JOIN features ft ON ft.id = f.feature_id WHERE NOT EXISTS (SELECT 1 FROM accounts ta WHERE ta.id = f.account_id AND ta.is_test) AND TRUE`,
  "tickets": `SELECT t.account_id AS "account_id", t.id AS "id", t.external_id AS "external_id", t.severity AS "severity", t.status AS "status", t.subject AS "subject", a.support_plan AS "support_plan", t.escalation AS "escalation", t.opened_at AS "opened_at", t.first_response_at AS "first_response_at", t.resolved_at AS "resolved_at", round((extract(epoch FROM t.first_response_at - t.opened_at) / 60)::numeric, 2)::float8 AS "first_response_minutes", round((extract(epoch FROM t.resolved_at - t.opened_at) / 60)::numeric, 2)::float8 AS "resolution_minutes", t.status_history AS "status_history", t.created_at AS "created_at", t.updated_at AS "updated_at" FROM support_tickets t JOIN accounts a ON a.id = t.account_id WHERE NOT a.is_test AND TRUE`,
  "outcomes": `SELECT o.account_id AS "account_id", o.id AS "id", o.external_id AS "external_id", o.kind AS "kind", o.date AS "date", o.arr_change AS "arr_change", o.currency AS "currency", o.note AS "note", o.created_at AS "created_at", o.updated_at AS "updated_at" FROM outcomes o WHERE NOT EXISTS (SELECT 1 FROM accounts ta WHERE ta.id = o.account_id AND ta.is_test) AND TRUE`,
  "health_scores": `SELECT d.account_id AS "account_id", d.day AS "day", d.score AS "score", d.band AS "band", d.coverage AS "coverage", (jsonb_path_query_first(d.components, '$[*] ? (@.key == "usage-trend").score') #>> '{}')::float8 AS "usage_trend_score", (jsonb_path_query_first(d.components, '$[*] ? (@.key == "commit-pacing").score') #>> '{}')::float8 AS "commit_pacing_score", (jsonb_path_query_first(d.components, '$[*] ? (@.key == "call-quality").score') #>> '{}')::float8 AS "call_quality_score", (jsonb_path_query_first(d.components, '$[*] ? (@.key == "support").score') #>> '{}')::float8 AS "support_score", (jsonb_path_query_first(d.components, '$[*] ? (@.key == "adoption").score') #>> '{}')::float8 AS "adoption_score", (jsonb_path_query_first(d.components, '$[*] ? (@.key == "sentiment").score') #>> '{}')::float8 AS "sentiment_score", (jsonb_path_query_first(d.components, '$[*] ? (@.key == "relationship").score') #>> '{}')::float8 AS "relationship_score", d.components AS "components", d.model_id AS "model_id", d.model_version AS "model_version", d.run_id AS "run_id", d.computed_at AS "computed_at", d.updated_at AS "updated_at" FROM health_daily_scores d WHERE NOT EXISTS (SELECT 1 FROM accounts ta WHERE ta.id = d.account_id AND ta.is_test) AND TRUE`,
  "account_health": `SELECT a.id AS "account_id", a.external_id AS "external_id", a.name AS "name", a.segment AS "segment", a.industry AS "industry", a.region AS "region", a.parent_id AS "parent_id", h.as_of AS "as_of", h.score AS "score", COALESCE(h.band, 'unknown') AS "band", h.coverage AS "coverage", (h.change -> 'sincePrevious' ->> 'change')::float8 AS "change_since_previous", (h.change -> 'sinceWeekAgo' ->> 'change')::float8 AS "change_7_days", (jsonb_path_query_first(h.components, '$[*] ? (@.key == "usage-trend").score') #>> '{}')::float8 AS "usage_trend_score", (jsonb_path_query_first(h.components, '$[*] ? (@.key == "commit-pacing").score') #>> '{}')::float8 AS "commit_pacing_score", (jsonb_path_query_first(h.components, '$[*] ? (@.key == "call-quality").score') #>> '{}')::float8 AS "call_quality_score", (jsonb_path_query_first(h.components, '$[*] ? (@.key == "support").score') #>> '{}')::float8 AS "support_score", (jsonb_path_query_first(h.components, '$[*] ? (@.key == "adoption").score') #>> '{}')::float8 AS "adoption_score", (jsonb_path_query_first(h.components, '$[*] ? (@.key == "sentiment").score') #>> '{}')::float8 AS "sentiment_score", (jsonb_path_query_first(h.components, '$[*] ? (@.key == "relationship").score') #>> '{}')::float8 AS "relationship_score", a.arr AS "arr", a.currency AS "currency", (a.arr * CASE WHEN a.currency = COALESCE(NULLIF(current_setting('account_health.reporting_currency', true), ''), 'USD') THEN 1 ELSE fx.rate END)::numeric(16,2) AS "arr_reporting", COALESCE(NULLIF(current_setting('account_health.reporting_currency', true), ''), 'USD') AS "reporting_currency", team.csm_id::uuid AS "csm_id", team.csm_name AS "csm_name", team.tam_id::uuid AS "tam_id", team.tam_name AS "tam_name", a.renewal_date AS "renewal_date", al.open_alerts AS "open_alerts", ad.adopted_features AS "adopted_features", ad.tracked_features AS "tracked_features", tp.last_touchpoint_at AS "last_touchpoint_at", nr.due_date AS "next_review_due_date", nr.kind AS "next_review_kind", h.computed_at AS "computed_at" FROM accounts a
    LEFT JOIN account_health_current h ON h.account_id = a.id
    LEFT JOIN LATERAL (SELECT r.rate FROM fx_rates r WHERE r.currency = a.currency AND r.date <= current_date ORDER BY r.date DESC LIMIT 1) fx ON TRUE
    LEFT JOIN LATERAL (
      SELECT max(m.name) FILTER (WHERE s.role = 'csm') AS csm_name, max(s.manager_id::text) FILTER (WHERE s.role = 'csm') AS csm_id,
             max(m.name) FILTER (WHERE s.role = 'tam') AS tam_name, max(s.manager_id::text) FILTER (WHERE s.role = 'tam') AS tam_id
      FROM account_assignments s JOIN managers m ON m.id = s.manager_id
      WHERE s.account_id = a.id AND s.ended_at IS NULL AND s.role IN ('csm', 'tam')) team ON TRUE
    LEFT JOIN LATERAL (SELECT count(*)::int AS open_alerts FROM alerts al WHERE al.account_id = a.id AND al.status <> 'resolved') al ON TRUE
    LEFT JOIN LATERAL (
      SELECT count(*) FILTER (WHERE latest.adoption_pct >= COALESCE(NULLIF(current_setting('account_health.adoption_threshold_pct', true), '')::numeric, 20))::int AS adopted_features, count(*)::int AS tracked_features
      FROM (SELECT DISTINCT ON (f.feature_id) f.adoption_pct FROM feature_adoption_daily f WHERE f.account_id = a.id AND f.day <= current_date ORDER BY f.feature_id, f.day DESC) latest) ad ON TRUE
    LEFT JOIN LATERAL (SELECT max(tp.occurred_at) AS last_touchpoint_at FROM touchpoints tp WHERE tp.account_id = a.id) tp ON TRUE
    LEFT JOIN LATERAL (
      SELECT br.due_date, br.kind FROM business_reviews br
      WHERE br.account_id = a.id AND br.status IN ('planned', 'agenda_ready', 'scheduled') ORDER BY br.due_date, br.id LIMIT 1) nr ON TRUE WHERE NOT a.is_test AND a.archived_at IS NULL`,
  "reviews": `SELECT r.account_id AS "account_id", r.id AS "id", r.kind AS "kind", r.status AS "status", r.slot AS "slot", r.due_date AS "due_date", r.original_due_date AS "original_due_date", r.trigger_keys AS "trigger_keys", r.manager_id AS "manager_id", r.meeting_at AS "meeting_at", r.meeting_minutes AS "meeting_minutes", r.notes AS "notes", r.agenda_ready_at AS "agenda_ready_at", r.nudge_flagged_at AS "nudge_flagged_at", r.held_at AS "held_at", r.completed_at AS "completed_at", r.cancelled_at AS "cancelled_at", r.touchpoint_id AS "touchpoint_id", r.created_at AS "created_at", r.updated_at AS "updated_at" FROM business_reviews r WHERE NOT EXISTS (SELECT 1 FROM accounts ta WHERE ta.id = r.account_id AND ta.is_test) AND TRUE`,
  "recommendations": `SELECT rc.account_id AS "account_id", rc.feature_id AS "feature_id", ft.key AS "feature_key", rc.rank AS "rank", rc.score AS "score", rc.rationale AS "rationale", rc.evidence AS "evidence", rc.as_of AS "as_of", rc.computed_at AS "computed_at", rc.updated_at AS "updated_at" FROM account_recommendations rc JOIN features ft ON ft.id = rc.feature_id WHERE NOT EXISTS (SELECT 1 FROM accounts ta WHERE ta.id = rc.account_id AND ta.is_test) AND TRUE`,
};

export class Exports1795330000000 implements MigrationInterface {
  name = 'Exports1795330000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "export_tombstones" ("id" bigint GENERATED ALWAYS AS IDENTITY, "table_name" text NOT NULL, "account_id" uuid, "row_key" jsonb NOT NULL,
        "xid" xid8 NOT NULL DEFAULT pg_current_xact_id(), "deleted_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "export_tombstones_pkey" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "export_tombstones_table_xid_idx" ON "export_tombstones" ("table_name", "xid")`);
    await queryRunner.query(`CREATE INDEX "export_tombstones_deleted_at_idx" ON "export_tombstones" ("deleted_at")`);
    await queryRunner.query(
      `CREATE FUNCTION export_record_deletes() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         INSERT INTO export_tombstones (table_name, account_id, row_key)
         SELECT TG_TABLE_NAME,
                (CASE WHEN TG_TABLE_NAME = 'accounts' THEN r.j ->> 'id' ELSE r.j ->> 'account_id' END)::uuid,
                (SELECT jsonb_object_agg(k, r.j -> k) FROM unnest(TG_ARGV) AS k)
         FROM (SELECT to_jsonb(o) AS j FROM old_rows o) r;
         RETURN NULL;
       END $$`,
    );
    for (const [table, keys] of Object.entries(TOMBSTONE_TABLE_KEYS)) {
      await queryRunner.query(
        `CREATE TRIGGER "export_tombstones_after_delete" AFTER DELETE ON "${table}" REFERENCING OLD TABLE AS old_rows
         FOR EACH STATEMENT EXECUTE FUNCTION export_record_deletes(${keys.map((key) => `'${key}'`).join(', ')})`,
      );
    }
    await queryRunner.query(`CREATE SCHEMA IF NOT EXISTS bi`);
    for (const [name, select] of Object.entries(BI_VIEWS)) {
      await queryRunner.query(`CREATE VIEW bi."${name}" AS ${select}`);
    }
    await queryRunner.query(
      `CREATE FUNCTION export_grant_bi_reader(role_name text) RETURNS void LANGUAGE plpgsql AS $$
       BEGIN
         IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = role_name) THEN
           BEGIN
             EXECUTE format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT', role_name);
           EXCEPTION WHEN duplicate_object OR unique_violation THEN
             NULL; -- another database on this server created it at the same moment
           END;
         END IF;
         EXECUTE format('GRANT CONNECT ON DATABASE %I TO %I', current_database(), role_name);
         EXECUTE format('GRANT USAGE ON SCHEMA bi TO %I', role_name);
         EXECUTE format('GRANT SELECT ON ALL TABLES IN SCHEMA bi TO %I', role_name);
       END $$`,
    );
    await queryRunner.query(`SELECT export_grant_bi_reader('bi_reader')`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION export_grant_bi_reader(text)`);
    // The role stays: it is cluster-wide and other databases on this server may use it.
    await queryRunner.query(`DROP SCHEMA bi CASCADE`);
    for (const table of Object.keys(TOMBSTONE_TABLE_KEYS)) {
      await queryRunner.query(`DROP TRIGGER "export_tombstones_after_delete" ON "${table}"`);
    }
    await queryRunner.query(`DROP FUNCTION export_record_deletes()`);
    await queryRunner.query(`DROP TABLE "export_tombstones"`);
  }
}
