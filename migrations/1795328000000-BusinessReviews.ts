import { MigrationInterface, QueryRunner } from "typeorm";

export class BusinessReviews1795328000000 implements MigrationInterface {
    name = 'BusinessReviews1795328000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "business_reviews" ("account_id" uuid NOT NULL, "id" uuid NOT NULL DEFAULT gen_random_uuid(), "kind" text NOT NULL, "status" text NOT NULL DEFAULT 'planned', "slot" text NOT NULL, "due_date" date NOT NULL, "original_due_date" date, "trigger_keys" text array NOT NULL DEFAULT '{}', "manager_id" uuid, "meeting_at" TIMESTAMP WITH TIME ZONE, "meeting_minutes" integer NOT NULL DEFAULT '45', "notes" text, "brief" jsonb, "agenda" jsonb, "documents_generated_at" TIMESTAMP WITH TIME ZONE, "documents_for" text, "agenda_ready_at" TIMESTAMP WITH TIME ZONE, "nudge_flagged_at" TIMESTAMP WITH TIME ZONE, "held_at" TIMESTAMP WITH TIME ZONE, "completed_at" TIMESTAMP WITH TIME ZONE, "cancelled_at" TIMESTAMP WITH TIME ZONE, "touchpoint_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "business_reviews_documents_check" CHECK ((brief IS NULL) = (agenda IS NULL) AND (brief IS NULL) = (documents_generated_at IS NULL)), CONSTRAINT "business_reviews_meeting_minutes_check" CHECK (meeting_minutes BETWEEN 15 AND 480), CONSTRAINT "business_reviews_meeting_check" CHECK (status NOT IN ('scheduled', 'held', 'completed') OR meeting_at IS NOT NULL), CONSTRAINT "business_reviews_status_check" CHECK (status IN ('planned', 'agenda_ready', 'scheduled', 'held', 'completed', 'cancelled')), CONSTRAINT "business_reviews_kind_check" CHECK (kind IN ('EBR', 'QBR', 'operations', 'renewal', 'post_incident', 'risk')), CONSTRAINT "business_reviews_pkey" PRIMARY KEY ("account_id", "id"))`);
        await queryRunner.query(`CREATE INDEX "business_reviews_manager_idx" ON "business_reviews"  ("manager_id", "status") `);
        await queryRunner.query(`CREATE INDEX "business_reviews_due_idx" ON "business_reviews"  ("due_date", "id") `);
        await queryRunner.query(`CREATE INDEX "business_reviews_id_idx" ON "business_reviews"  ("id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "business_reviews_one_open_per_slot_key" ON "business_reviews"  ("account_id", "slot") WHERE status IN ('planned', 'agenda_ready', 'scheduled')`);
        await queryRunner.query(`CREATE TABLE "review_action_items" ("account_id" uuid NOT NULL, "id" uuid NOT NULL DEFAULT gen_random_uuid(), "review_id" uuid NOT NULL, "title" text NOT NULL, "owner" text NOT NULL, "owner_side" text NOT NULL DEFAULT 'vendor', "due_date" date, "status" text NOT NULL DEFAULT 'open', "done_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "review_action_items_done_check" CHECK ((status = 'done') = (done_at IS NOT NULL)), CONSTRAINT "review_action_items_owner_side_check" CHECK (owner_side IN ('customer', 'vendor')), CONSTRAINT "review_action_items_status_check" CHECK (status IN ('open', 'in_progress', 'done', 'dropped')), CONSTRAINT "review_action_items_pkey" PRIMARY KEY ("account_id", "id"))`);
        await queryRunner.query(`CREATE INDEX "review_action_items_id_idx" ON "review_action_items"  ("id") `);
        await queryRunner.query(`CREATE INDEX "review_action_items_review_idx" ON "review_action_items"  ("account_id", "review_id") `);
        await queryRunner.query(`CREATE TABLE "review_cadences" ("segment" text NOT NULL, "kind" text NOT NULL, "every_months" integer, "lead_days" integer, "manager_role" text NOT NULL DEFAULT 'csm', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "review_cadences_shape_check" CHECK ((kind = 'renewal' AND every_months IS NULL AND lead_days BETWEEN 1 AND 730) OR (kind <> 'renewal' AND lead_days IS NULL AND every_months BETWEEN 1 AND 24)), CONSTRAINT "review_cadences_manager_role_check" CHECK (manager_role IN ('csm', 'tam')), CONSTRAINT "review_cadences_kind_check" CHECK (kind IN ('EBR', 'QBR', 'operations', 'renewal')), CONSTRAINT "review_cadences_pkey" PRIMARY KEY ("segment", "kind"))`);
        await queryRunner.query(`ALTER TABLE "business_reviews" ADD CONSTRAINT "business_reviews_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "business_reviews" ADD CONSTRAINT "business_reviews_manager_id_fkey" FOREIGN KEY ("manager_id") REFERENCES "managers"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "review_action_items" ADD CONSTRAINT "review_action_items_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "review_action_items" ADD CONSTRAINT "review_action_items_review_fkey" FOREIGN KEY ("account_id", "review_id") REFERENCES "business_reviews"("account_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "review_cadences" ADD CONSTRAINT "review_cadences_segment_fkey" FOREIGN KEY ("segment") REFERENCES "segments"("key") ON DELETE CASCADE ON UPDATE CASCADE`);
        // Default cadences for the seeded segments (startup: none scheduled); installations change them through PUT review-cadences.
        await queryRunner.query(`INSERT INTO "review_cadences" ("segment", "kind", "every_months", "lead_days", "manager_role") SELECT s.key, v.kind, v.every_months, v.lead_days, v.manager_role FROM (VALUES ('strategic', 'EBR', 3, NULL, 'csm'), ('strategic', 'operations', 1, NULL, 'tam'), ('strategic', 'renewal', NULL, 180, 'csm'), ('enterprise', 'QBR', 3, NULL, 'csm'), ('enterprise', 'renewal', NULL, 90, 'csm'), ('growth', 'QBR', 6, NULL, 'csm'), ('growth', 'renewal', NULL, 60, 'csm')) AS v(segment, kind, every_months, lead_days, manager_role) JOIN "segments" s ON s.key = v.segment`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "review_cadences" DROP CONSTRAINT "review_cadences_segment_fkey"`);
        await queryRunner.query(`ALTER TABLE "review_action_items" DROP CONSTRAINT "review_action_items_review_fkey"`);
        await queryRunner.query(`ALTER TABLE "review_action_items" DROP CONSTRAINT "review_action_items_account_id_fkey"`);
        await queryRunner.query(`ALTER TABLE "business_reviews" DROP CONSTRAINT "business_reviews_manager_id_fkey"`);
        await queryRunner.query(`ALTER TABLE "business_reviews" DROP CONSTRAINT "business_reviews_account_id_fkey"`);
        await queryRunner.query(`DROP TABLE "review_cadences"`);
        await queryRunner.query(`DROP INDEX "public"."review_action_items_review_idx"`);
        await queryRunner.query(`DROP INDEX "public"."review_action_items_id_idx"`);
        await queryRunner.query(`DROP TABLE "review_action_items"`);
        await queryRunner.query(`DROP INDEX "public"."business_reviews_one_open_per_slot_key"`);
        await queryRunner.query(`DROP INDEX "public"."business_reviews_id_idx"`);
        await queryRunner.query(`DROP INDEX "public"."business_reviews_due_idx"`);
        await queryRunner.query(`DROP INDEX "public"."business_reviews_manager_idx"`);
        await queryRunner.query(`DROP TABLE "business_reviews"`);
    }

}
