import { MigrationInterface, QueryRunner } from "typeorm";

export class Alerts1795325000000 implements MigrationInterface {
    name = 'Alerts1795325000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "alerts" ("account_id" uuid NOT NULL, "id" uuid NOT NULL DEFAULT gen_random_uuid(), "kind" text NOT NULL, "status" text NOT NULL DEFAULT 'open', "severity" text NOT NULL, "title" text NOT NULL, "facts" jsonb NOT NULL, "source_ref" text NOT NULL, "opened_at" TIMESTAMP WITH TIME ZONE NOT NULL, "snoozed_until" TIMESTAMP WITH TIME ZONE, "snooze_reason_code" text, "snooze_note" text, "acknowledged_at" TIMESTAMP WITH TIME ZONE, "acknowledged_by_key_id" uuid, "resolved_at" TIMESTAMP WITH TIME ZONE, "resolved_by_key_id" uuid, "resolution" text, "resolution_note" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "alerts_facts_check" CHECK (jsonb_typeof(facts) = 'object'), CONSTRAINT "alerts_snooze_check" CHECK (status <> 'snoozed' OR (snoozed_until IS NOT NULL AND snooze_reason_code IS NOT NULL)), CONSTRAINT "alerts_resolution_check" CHECK ((status = 'resolved') = (resolved_at IS NOT NULL AND resolution IN ('auto', 'manual'))), CONSTRAINT "alerts_severity_check" CHECK (severity IN ('critical', 'high', 'medium', 'low')), CONSTRAINT "alerts_status_check" CHECK (status IN ('open', 'snoozed', 'acknowledged', 'resolved')), CONSTRAINT "alerts_kind_check" CHECK (kind IN ('band_dropped', 'score_fell', 'usage_dropped', 'sla_breached', 'sla_response_at_risk')), CONSTRAINT "alerts_pkey" PRIMARY KEY ("account_id", "id"))`);
        await queryRunner.query(`CREATE INDEX "alerts_snoozed_until_idx" ON "alerts"  ("snoozed_until") WHERE status = 'snoozed'`);
        await queryRunner.query(`CREATE INDEX "alerts_status_opened_idx" ON "alerts"  ("status", "opened_at", "id") `);
        await queryRunner.query(`CREATE INDEX "alerts_opened_idx" ON "alerts"  ("opened_at", "id") `);
        await queryRunner.query(`CREATE INDEX "alerts_id_idx" ON "alerts"  ("id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "alerts_episode_key" ON "alerts"  ("account_id", "kind", "source_ref") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "alerts_one_active_per_kind_key" ON "alerts"  ("account_id", "kind") WHERE status IN ('open', 'snoozed', 'acknowledged') AND kind IN ('band_dropped', 'score_fell', 'usage_dropped')`);
        await queryRunner.query(`CREATE TABLE "outbox_events" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "account_id" uuid, "topic" text NOT NULL, "payload" jsonb NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "published_at" TIMESTAMP WITH TIME ZONE, "attempts" integer NOT NULL DEFAULT '0', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "outbox_events_pkey" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "outbox_events_account_id_idx" ON "outbox_events"  ("account_id") `);
        await queryRunner.query(`CREATE INDEX "outbox_events_unpublished_idx" ON "outbox_events"  ("occurred_at", "id") WHERE published_at IS NULL`);
        await queryRunner.query(`ALTER TABLE "alerts" ADD CONSTRAINT "alerts_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "alerts" DROP CONSTRAINT "alerts_account_id_fkey"`);
        await queryRunner.query(`DROP INDEX "public"."outbox_events_unpublished_idx"`);
        await queryRunner.query(`DROP INDEX "public"."outbox_events_account_id_idx"`);
        await queryRunner.query(`DROP TABLE "outbox_events"`);
        await queryRunner.query(`DROP INDEX "public"."alerts_one_active_per_kind_key"`);
        await queryRunner.query(`DROP INDEX "public"."alerts_episode_key"`);
        await queryRunner.query(`DROP INDEX "public"."alerts_id_idx"`);
        await queryRunner.query(`DROP INDEX "public"."alerts_opened_idx"`);
        await queryRunner.query(`DROP INDEX "public"."alerts_status_opened_idx"`);
        await queryRunner.query(`DROP INDEX "public"."alerts_snoozed_until_idx"`);
        await queryRunner.query(`DROP TABLE "alerts"`);
    }

}
