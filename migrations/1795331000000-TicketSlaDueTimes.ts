import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * SLA columns on support tickets, so the tickets export and `bi.tickets` read due times and states
 * with plain SQL instead of running the SLA clock (business hours, holidays, pauses) per row:
 * - the policy applied (plan, clock, target minutes), each target's due time, and its outcome once
 *   final (`met|breached`); `sla_computed_at` says when the app last computed them. The app fills
 *   them (src/support/ticket-sla-stored.ts) on ingest and whenever SLA policies, calendars or an
 *   account's plan, segment or region change; rows that exist when this migration runs keep nulls
 *   until the app's start-up backfill computes them (the SLA clock is TypeScript, and a migration
 *   must not import application code that can change later). The partial index finds those rows;
 *   it stays empty otherwise. TypeORM cannot model a partial index's predicate portably, so the
 *   migrations test lists it.
 * - `bi.tickets` gains the same columns as the export, appended so existing columns keep their
 *   positions (CREATE OR REPLACE keeps the grants); a state is judged against `now()`.
 */
const TICKETS_VIEW_BEFORE = `SELECT t.account_id AS "account_id", t.id AS "id", t.external_id AS "external_id", t.severity AS "severity", t.status AS "status", t.subject AS "subject", a.support_plan AS "support_plan", t.escalation AS "escalation", t.opened_at AS "opened_at", t.first_response_at AS "first_response_at", t.resolved_at AS "resolved_at", round((extract(epoch FROM t.first_response_at - t.opened_at) / 60)::numeric, 2)::float8 AS "first_response_minutes", round((extract(epoch FROM t.resolved_at - t.opened_at) / 60)::numeric, 2)::float8 AS "resolution_minutes", t.status_history AS "status_history", t.created_at AS "created_at", t.updated_at AS "updated_at" FROM support_tickets t JOIN accounts a ON a.id = t.account_id WHERE NOT a.is_test AND TRUE`;

const TICKETS_VIEW = `SELECT t.account_id AS "account_id", t.id AS "id", t.external_id AS "external_id", t.severity AS "severity", t.status AS "status", t.subject AS "subject", a.support_plan AS "support_plan", t.escalation AS "escalation", t.opened_at AS "opened_at", t.first_response_at AS "first_response_at", t.resolved_at AS "resolved_at", round((extract(epoch FROM t.first_response_at - t.opened_at) / 60)::numeric, 2)::float8 AS "first_response_minutes", round((extract(epoch FROM t.resolved_at - t.opened_at) / 60)::numeric, 2)::float8 AS "resolution_minutes", t.status_history AS "status_history", t.created_at AS "created_at", t.updated_at AS "updated_at", t.sla_support_plan AS "sla_support_plan", t.sla_clock AS "sla_clock", t.first_response_target_minutes AS "first_response_target_minutes", t.resolution_target_minutes AS "resolution_target_minutes", t.first_response_due_at AS "first_response_due_at", t.resolution_due_at AS "resolution_due_at", CASE WHEN t.sla_clock IS NULL THEN NULL WHEN t.first_response_outcome IS NOT NULL THEN t.first_response_outcome WHEN t.first_response_due_at < now() THEN 'breached' ELSE 'pending' END AS "first_response_state", CASE WHEN t.sla_clock IS NULL THEN NULL WHEN t.resolution_outcome IS NOT NULL THEN t.resolution_outcome WHEN t.resolution_due_at < now() THEN 'breached' ELSE 'pending' END AS "resolution_state" FROM support_tickets t JOIN accounts a ON a.id = t.account_id WHERE NOT a.is_test AND TRUE`;

export class TicketSlaDueTimes1795331000000 implements MigrationInterface {
  name = 'TicketSlaDueTimes1795331000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "support_tickets" ADD "sla_support_plan" text, ADD "sla_clock" text, ADD "first_response_target_minutes" integer, ADD "resolution_target_minutes" integer,
        ADD "first_response_due_at" TIMESTAMP WITH TIME ZONE, ADD "resolution_due_at" TIMESTAMP WITH TIME ZONE, ADD "first_response_outcome" text, ADD "resolution_outcome" text,
        ADD "sla_computed_at" TIMESTAMP WITH TIME ZONE`,
    );
    await queryRunner.query(`ALTER TABLE "support_tickets" ADD CONSTRAINT "support_tickets_sla_clock_check" CHECK (sla_clock IS NULL OR sla_clock IN ('24x7', 'business_hours'))`);
    await queryRunner.query(
      `ALTER TABLE "support_tickets" ADD CONSTRAINT "support_tickets_first_response_outcome_check" CHECK (first_response_outcome IS NULL OR first_response_outcome IN ('met', 'breached'))`,
    );
    await queryRunner.query(
      `ALTER TABLE "support_tickets" ADD CONSTRAINT "support_tickets_resolution_outcome_check" CHECK (resolution_outcome IS NULL OR resolution_outcome IN ('met', 'breached'))`,
    );
    await queryRunner.query(`CREATE INDEX "support_tickets_sla_uncomputed_idx" ON "support_tickets" ("account_id", "id") WHERE sla_computed_at IS NULL`);
    await queryRunner.query(`CREATE OR REPLACE VIEW bi."tickets" AS ${TICKETS_VIEW}`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // A view cannot lose columns in place: recreate it and grant the default BI role again.
    await queryRunner.query(`DROP VIEW bi."tickets"`);
    await queryRunner.query(`CREATE VIEW bi."tickets" AS ${TICKETS_VIEW_BEFORE}`);
    await queryRunner.query(`SELECT export_grant_bi_reader('bi_reader')`);
    await queryRunner.query(`DROP INDEX "public"."support_tickets_sla_uncomputed_idx"`);
    await queryRunner.query(`ALTER TABLE "support_tickets" DROP CONSTRAINT "support_tickets_resolution_outcome_check"`);
    await queryRunner.query(`ALTER TABLE "support_tickets" DROP CONSTRAINT "support_tickets_first_response_outcome_check"`);
    await queryRunner.query(`ALTER TABLE "support_tickets" DROP CONSTRAINT "support_tickets_sla_clock_check"`);
    await queryRunner.query(
      `ALTER TABLE "support_tickets" DROP COLUMN "sla_computed_at", DROP COLUMN "resolution_outcome", DROP COLUMN "first_response_outcome", DROP COLUMN "resolution_due_at",
        DROP COLUMN "first_response_due_at", DROP COLUMN "resolution_target_minutes", DROP COLUMN "first_response_target_minutes", DROP COLUMN "sla_clock", DROP COLUMN "sla_support_plan"`,
    );
  }
}
