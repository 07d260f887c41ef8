import { MigrationInterface, QueryRunner } from "typeorm";

export class Notifications1795329000000 implements MigrationInterface {
    name = 'Notifications1795329000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "webhooks" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" text NOT NULL, "url" text NOT NULL, "format" text NOT NULL, "event_types" text array NOT NULL, "secret" text, "enabled" boolean NOT NULL DEFAULT true, "deleted_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "webhooks_event_types_check" CHECK (cardinality(event_types) > 0), CONSTRAINT "webhooks_format_check" CHECK (format IN ('json', 'slack', 'feishu')), CONSTRAINT "webhooks_pkey" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE TABLE "notifications" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "kind" text NOT NULL, "dedupe_key" text NOT NULL, "manager_id" uuid, "account_id" uuid, "subject_id" uuid, "local_date" date, "payload" jsonb NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "notifications_pkey" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "notifications_subject_idx" ON "notifications"  ("kind", "subject_id", "manager_id", "local_date") `);
        await queryRunner.query(`CREATE INDEX "notifications_recipient_idx" ON "notifications"  ("manager_id", "kind", "occurred_at") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "notifications_dedupe_key" ON "notifications"  ("dedupe_key") `);
        await queryRunner.query(`CREATE TABLE "webhook_deliveries" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "notification_id" uuid NOT NULL, "channel" text NOT NULL, "webhook_id" uuid, "recipient" text, "status" text NOT NULL DEFAULT 'pending', "attempts" integer NOT NULL DEFAULT '0', "max_attempts" integer NOT NULL, "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL, "lease_until" TIMESTAMP WITH TIME ZONE, "claimed_by" text, "last_status_code" integer, "last_error" text, "delivered_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "webhook_deliveries_lease_check" CHECK (status <> 'delivering' OR lease_until IS NOT NULL), CONSTRAINT "webhook_deliveries_channel_check" CHECK ((channel = 'webhook' AND webhook_id IS NOT NULL AND recipient IS NULL) OR (channel = 'email' AND webhook_id IS NULL AND recipient IS NOT NULL)), CONSTRAINT "webhook_deliveries_status_check" CHECK (status IN ('pending', 'delivering', 'succeeded', 'dead', 'cancelled')), CONSTRAINT "webhook_deliveries_pkey" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "webhook_deliveries_webhook_idx" ON "webhook_deliveries"  ("webhook_id", "created_at", "id") `);
        await queryRunner.query(`CREATE INDEX "webhook_deliveries_lease_idx" ON "webhook_deliveries"  ("lease_until") WHERE status = 'delivering'`);
        await queryRunner.query(`CREATE INDEX "webhook_deliveries_pending_idx" ON "webhook_deliveries"  ("next_attempt_at") WHERE status = 'pending'`);
        await queryRunner.query(`CREATE UNIQUE INDEX "webhook_deliveries_email_key" ON "webhook_deliveries"  ("notification_id", "recipient") WHERE recipient IS NOT NULL`);
        await queryRunner.query(`CREATE UNIQUE INDEX "webhook_deliveries_webhook_key" ON "webhook_deliveries"  ("notification_id", "webhook_id") WHERE webhook_id IS NOT NULL`);
        await queryRunner.query(`CREATE TABLE "webhook_delivery_attempts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "delivery_id" uuid NOT NULL, "attempt" integer NOT NULL, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "latency_ms" integer NOT NULL, "status_code" integer, "outcome" text NOT NULL, "error" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "webhook_delivery_attempts_outcome_check" CHECK (outcome IN ('succeeded', 'failed')), CONSTRAINT "webhook_delivery_attempts_pkey" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "webhook_delivery_attempts_attempt_key" ON "webhook_delivery_attempts"  ("delivery_id", "attempt") `);
        await queryRunner.query(`ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_notification_id_fkey" FOREIGN KEY ("notification_id") REFERENCES "notifications"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_webhook_id_fkey" FOREIGN KEY ("webhook_id") REFERENCES "webhooks"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "webhook_delivery_attempts" ADD CONSTRAINT "webhook_delivery_attempts_delivery_id_fkey" FOREIGN KEY ("delivery_id") REFERENCES "webhook_deliveries"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "webhook_delivery_attempts" DROP CONSTRAINT "webhook_delivery_attempts_delivery_id_fkey"`);
        await queryRunner.query(`ALTER TABLE "webhook_deliveries" DROP CONSTRAINT "webhook_deliveries_webhook_id_fkey"`);
        await queryRunner.query(`ALTER TABLE "webhook_deliveries" DROP CONSTRAINT "webhook_deliveries_notification_id_fkey"`);
        await queryRunner.query(`DROP TABLE "webhook_delivery_attempts"`);
        await queryRunner.query(`DROP TABLE "webhook_deliveries"`);
        await queryRunner.query(`DROP TABLE "notifications"`);
        await queryRunner.query(`DROP TABLE "webhooks"`);
    }

}
