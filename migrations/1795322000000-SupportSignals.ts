import { MigrationInterface, QueryRunner } from "typeorm";

export class SupportSignals1795322000000 implements MigrationInterface {
    name = 'SupportSignals1795322000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "calendars" ("region" text NOT NULL, "time_zone" text NOT NULL, "weekly_hours" jsonb NOT NULL, "holidays" date array NOT NULL DEFAULT '{}', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "calendars_weekly_hours_check" CHECK (jsonb_typeof(weekly_hours) = 'array'), CONSTRAINT "calendars_region_check" CHECK (region ~ '^[a-z0-9][a-z0-9_-]*$'), CONSTRAINT "calendars_pkey" PRIMARY KEY ("region"))`);
        await queryRunner.query(`CREATE TABLE "segment_support_plans" ("segment" text NOT NULL, "support_plan" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "segment_support_plans_support_plan_check" CHECK (support_plan ~ '^[a-z][a-z0-9_-]*$'), CONSTRAINT "segment_support_plans_pkey" PRIMARY KEY ("segment"))`);
        await queryRunner.query(`CREATE TABLE "sla_policies" ("support_plan" text NOT NULL, "severity" text NOT NULL, "clock" text NOT NULL, "first_response_minutes" integer NOT NULL, "resolution_minutes" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "sla_policies_targets_check" CHECK (first_response_minutes > 0 AND resolution_minutes >= first_response_minutes), CONSTRAINT "sla_policies_clock_check" CHECK (clock IN ('24x7', 'business_hours')), CONSTRAINT "sla_policies_severity_check" CHECK (severity IN ('P1', 'P2', 'P3', 'P4')), CONSTRAINT "sla_policies_support_plan_check" CHECK (support_plan ~ '^[a-z][a-z0-9_-]*$'), CONSTRAINT "sla_policies_pkey" PRIMARY KEY ("support_plan", "severity"))`);
        await queryRunner.query(`CREATE TABLE "support_tickets" ("account_id" uuid NOT NULL, "id" uuid NOT NULL DEFAULT gen_random_uuid(), "external_id" text NOT NULL, "severity" text NOT NULL, "status" text NOT NULL, "status_history" jsonb NOT NULL DEFAULT '[]', "subject" text, "opened_at" TIMESTAMP WITH TIME ZONE NOT NULL, "first_response_at" TIMESTAMP WITH TIME ZONE, "resolved_at" TIMESTAMP WITH TIME ZONE, "escalation" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "support_tickets_status_history_check" CHECK (jsonb_typeof(status_history) = 'array'), CONSTRAINT "support_tickets_resolved_check" CHECK (resolved_at IS NULL OR resolved_at >= opened_at), CONSTRAINT "support_tickets_first_response_check" CHECK (first_response_at IS NULL OR first_response_at >= opened_at), CONSTRAINT "support_tickets_escalation_check" CHECK (escalation IS NULL OR escalation IN ('L1', 'L2', 'engineering')), CONSTRAINT "support_tickets_status_check" CHECK (status IN ('open', 'waiting_on_customer', 'resolved', 'closed')), CONSTRAINT "support_tickets_severity_check" CHECK (severity IN ('P1', 'P2', 'P3', 'P4')), CONSTRAINT "support_tickets_pkey" PRIMARY KEY ("account_id", "id"))`);
        await queryRunner.query(`CREATE INDEX "support_tickets_opened_idx" ON "support_tickets"  ("account_id", "opened_at") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "support_tickets_external_id_key" ON "support_tickets"  ("account_id", "external_id") `);
        await queryRunner.query(`ALTER TABLE "segment_support_plans" ADD CONSTRAINT "segment_support_plans_segment_fkey" FOREIGN KEY ("segment") REFERENCES "segments"("key") ON DELETE CASCADE ON UPDATE CASCADE`);
        await queryRunner.query(`ALTER TABLE "support_tickets" ADD CONSTRAINT "support_tickets_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        // Seeded from our service promise (README lists them). Targets are minutes of the clock: business minutes for
        // business_hours, where one business day is 480 (8 business hours, the default calendar's 09:00-17:00 day).
        await queryRunner.query(`INSERT INTO "sla_policies" ("support_plan", "severity", "clock", "first_response_minutes", "resolution_minutes") VALUES
            ('enterprise', 'P1', '24x7', 5, 240), ('enterprise', 'P2', '24x7', 30, 480), ('enterprise', 'P3', 'business_hours', 120, 1440), ('enterprise', 'P4', 'business_hours', 480, 2400),
            ('professional', 'P1', '24x7', 30, 480), ('professional', 'P2', '24x7', 120, 1440), ('professional', 'P3', 'business_hours', 240, 2400), ('professional', 'P4', 'business_hours', 480, 4800),
            ('standard', 'P1', '24x7', 60, 1440), ('standard', 'P2', '24x7', 240, 4320), ('standard', 'P3', 'business_hours', 480, 4800), ('standard', 'P4', 'business_hours', 960, 9600)`);
        // An account's plan defaults from its segment when unset.
        await queryRunner.query(`INSERT INTO "segment_support_plans" ("segment", "support_plan") SELECT s.key, v.plan FROM (VALUES ('startup', 'standard'), ('growth', 'professional'), ('enterprise', 'enterprise'), ('strategic', 'enterprise')) AS v(segment, plan) JOIN "segments" s ON s.key = v.segment`);
        // The calendar of every region without its own: Monday to Friday, 09:00-17:00 UTC.
        await queryRunner.query(`INSERT INTO "calendars" ("region", "time_zone", "weekly_hours") VALUES ('default', 'UTC', '[{"day": "monday", "open": "09:00", "close": "17:00"}, {"day": "tuesday", "open": "09:00", "close": "17:00"}, {"day": "wednesday", "open": "09:00", "close": "17:00"}, {"day": "thursday", "open": "09:00", "close": "17:00"}, {"day": "friday", "open": "09:00", "close": "17:00"}]')`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "support_tickets" DROP CONSTRAINT "support_tickets_account_id_fkey"`);
        await queryRunner.query(`ALTER TABLE "segment_support_plans" DROP CONSTRAINT "segment_support_plans_segment_fkey"`);
        await queryRunner.query(`DROP INDEX "public"."support_tickets_external_id_key"`);
        await queryRunner.query(`DROP INDEX "public"."support_tickets_opened_idx"`);
        await queryRunner.query(`DROP TABLE "support_tickets"`);
        await queryRunner.query(`DROP TABLE "sla_policies"`);
        await queryRunner.query(`DROP TABLE "segment_support_plans"`);
        await queryRunner.query(`DROP TABLE "calendars"`);
    }

}
