import { MigrationInterface, QueryRunner } from "typeorm";

export class EngagementSignals1795323000000 implements MigrationInterface {
    name = 'EngagementSignals1795323000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "feature_adoption_daily" ("account_id" uuid NOT NULL, "feature_id" uuid NOT NULL, "day" date NOT NULL, "active_users" integer, "eligible_users" integer, "adoption_pct" numeric(5,2) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "feature_adoption_daily_users_check" CHECK ((active_users IS NULL) = (eligible_users IS NULL) AND (eligible_users IS NULL OR (eligible_users > 0 AND active_users >= 0 AND active_users <= eligible_users))), CONSTRAINT "feature_adoption_daily_pct_check" CHECK (adoption_pct >= 0 AND adoption_pct <= 100), CONSTRAINT "feature_adoption_daily_pkey" PRIMARY KEY ("account_id", "feature_id", "day"))`);
        await queryRunner.query(`CREATE TABLE "nps_responses" ("account_id" uuid NOT NULL, "id" uuid NOT NULL DEFAULT gen_random_uuid(), "external_id" text, "score" smallint NOT NULL, "respondent_name" text, "respondent_email" text, "respondent_role" text, "comment" text, "responded_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "nps_responses_respondent_role_check" CHECK (respondent_role IN ('decision_maker', 'champion', 'influencer', 'user', 'other')), CONSTRAINT "nps_responses_score_check" CHECK (score >= 0 AND score <= 10), CONSTRAINT "nps_responses_pkey" PRIMARY KEY ("account_id", "id"))`);
        await queryRunner.query(`CREATE INDEX "nps_responses_account_responded_idx" ON "nps_responses"  ("account_id", "responded_at", "id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "nps_responses_external_id_key" ON "nps_responses"  ("account_id", "external_id") WHERE external_id IS NOT NULL`);
        await queryRunner.query(`CREATE TABLE "touchpoints" ("account_id" uuid NOT NULL, "id" uuid NOT NULL DEFAULT gen_random_uuid(), "external_id" text, "kind" text NOT NULL, "manager_id" uuid, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "note" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "touchpoints_kind_check" CHECK (kind IN ('meeting', 'call', 'email', 'review_held')), CONSTRAINT "touchpoints_pkey" PRIMARY KEY ("account_id", "id"))`);
        await queryRunner.query(`CREATE INDEX "touchpoints_manager_id_idx" ON "touchpoints"  ("manager_id") `);
        await queryRunner.query(`CREATE INDEX "touchpoints_account_occurred_idx" ON "touchpoints"  ("account_id", "occurred_at", "id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "touchpoints_external_id_key" ON "touchpoints"  ("account_id", "external_id") WHERE external_id IS NOT NULL`);
        await queryRunner.query(`CREATE TABLE "outcomes" ("account_id" uuid NOT NULL, "id" uuid NOT NULL DEFAULT gen_random_uuid(), "external_id" text, "kind" text NOT NULL, "date" date NOT NULL, "arr_change" numeric(14,2) NOT NULL, "currency" text NOT NULL, "note" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "outcomes_arr_change_sign_check" CHECK ((kind <> 'expanded' OR arr_change > 0) AND (kind <> 'contracted' OR arr_change < 0) AND (kind <> 'churned' OR arr_change <= 0)), CONSTRAINT "outcomes_currency_check" CHECK (currency ~ '^[A-Z]{3}$'), CONSTRAINT "outcomes_kind_check" CHECK (kind IN ('renewed', 'expanded', 'contracted', 'churned')), CONSTRAINT "outcomes_pkey" PRIMARY KEY ("account_id", "id"))`);
        await queryRunner.query(`CREATE INDEX "outcomes_account_date_idx" ON "outcomes"  ("account_id", "date", "id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "outcomes_external_id_key" ON "outcomes"  ("account_id", "external_id") WHERE external_id IS NOT NULL`);
        await queryRunner.query(`ALTER TABLE "feature_adoption_daily" ADD CONSTRAINT "feature_adoption_daily_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "feature_adoption_daily" ADD CONSTRAINT "feature_adoption_daily_feature_id_fkey" FOREIGN KEY ("feature_id") REFERENCES "features"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "nps_responses" ADD CONSTRAINT "nps_responses_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "touchpoints" ADD CONSTRAINT "touchpoints_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "touchpoints" ADD CONSTRAINT "touchpoints_manager_id_fkey" FOREIGN KEY ("manager_id") REFERENCES "managers"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "outcomes" ADD CONSTRAINT "outcomes_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "outcomes" DROP CONSTRAINT "outcomes_account_id_fkey"`);
        await queryRunner.query(`ALTER TABLE "touchpoints" DROP CONSTRAINT "touchpoints_manager_id_fkey"`);
        await queryRunner.query(`ALTER TABLE "touchpoints" DROP CONSTRAINT "touchpoints_account_id_fkey"`);
        await queryRunner.query(`ALTER TABLE "nps_responses" DROP CONSTRAINT "nps_responses_account_id_fkey"`);
        await queryRunner.query(`ALTER TABLE "feature_adoption_daily" DROP CONSTRAINT "feature_adoption_daily_feature_id_fkey"`);
        await queryRunner.query(`ALTER TABLE "feature_adoption_daily" DROP CONSTRAINT "feature_adoption_daily_account_id_fkey"`);
        await queryRunner.query(`DROP INDEX "public"."outcomes_external_id_key"`);
        await queryRunner.query(`DROP INDEX "public"."outcomes_account_date_idx"`);
        await queryRunner.query(`DROP TABLE "outcomes"`);
        await queryRunner.query(`DROP INDEX "public"."touchpoints_external_id_key"`);
        await queryRunner.query(`DROP INDEX "public"."touchpoints_account_occurred_idx"`);
        await queryRunner.query(`DROP INDEX "public"."touchpoints_manager_id_idx"`);
        await queryRunner.query(`DROP TABLE "touchpoints"`);
        await queryRunner.query(`DROP INDEX "public"."nps_responses_external_id_key"`);
        await queryRunner.query(`DROP INDEX "public"."nps_responses_account_responded_idx"`);
        await queryRunner.query(`DROP TABLE "nps_responses"`);
        await queryRunner.query(`DROP TABLE "feature_adoption_daily"`);
    }

}
