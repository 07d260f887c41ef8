import { MigrationInterface, QueryRunner } from "typeorm";

export class AccountsDomain1795320000000 implements MigrationInterface {
    name = 'AccountsDomain1795320000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "segments" ("key" text NOT NULL, "name" text NOT NULL, "rank" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "segments_key_check" CHECK (key ~ '^[a-z][a-z0-9_-]*$'), CONSTRAINT "segments_pkey" PRIMARY KEY ("key"))`);
        // Seeded segments; installations rename or add their own through the API.
        await queryRunner.query(`INSERT INTO "segments" ("key", "name", "rank") VALUES ('startup', 'Startup', 10), ('growth', 'Growth', 20), ('enterprise', 'Enterprise', 30), ('strategic', 'Strategic', 40)`);
        await queryRunner.query(`CREATE TABLE "accounts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "external_id" text NOT NULL, "name" text NOT NULL, "segment" text NOT NULL, "industry" text, "region" text, "timezone" text, "parent_id" uuid, "app_ids" text array NOT NULL DEFAULT '{}', "is_test" boolean NOT NULL DEFAULT false, "billing_model" text NOT NULL DEFAULT 'commit', "commit_amount" numeric(14,2), "commit_period" text, "auto_renew" boolean NOT NULL DEFAULT false, "renewal_date" date, "arr" numeric(14,2) NOT NULL DEFAULT '0', "currency" text NOT NULL, "support_plan" text, "products" text array NOT NULL DEFAULT '{}', "use_cases" text array NOT NULL DEFAULT '{}', "lifecycle_stage" text, "attributes" jsonb NOT NULL DEFAULT '{}', "archived_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "accounts_not_own_parent_check" CHECK (parent_id IS NULL OR parent_id <> id), CONSTRAINT "accounts_currency_check" CHECK (currency ~ '^[A-Z]{3}$'), CONSTRAINT "accounts_commit_amount_check" CHECK (commit_amount IS NULL OR commit_amount >= 0), CONSTRAINT "accounts_arr_check" CHECK (arr >= 0), CONSTRAINT "accounts_payg_terms_check" CHECK (billing_model = 'commit' OR (commit_amount IS NULL AND commit_period IS NULL AND renewal_date IS NULL)), CONSTRAINT "accounts_commit_period_check" CHECK (commit_period IS NULL OR commit_period IN ('month', 'quarter', 'year')), CONSTRAINT "accounts_billing_model_check" CHECK (billing_model IN ('commit', 'payg')), CONSTRAINT "accounts_pkey" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "accounts_renewal_date_idx" ON "accounts"  ("renewal_date") `);
        await queryRunner.query(`CREATE INDEX "accounts_segment_idx" ON "accounts"  ("segment") `);
        await queryRunner.query(`CREATE INDEX "accounts_parent_id_idx" ON "accounts"  ("parent_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "accounts_external_id_key" ON "accounts"  ("external_id") `);
        await queryRunner.query(`CREATE TABLE "account_app_ids" ("app_id" text NOT NULL, "account_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "account_app_ids_pkey" PRIMARY KEY ("app_id"))`);
        await queryRunner.query(`CREATE INDEX "account_app_ids_account_id_idx" ON "account_app_ids"  ("account_id") `);
        await queryRunner.query(`CREATE TABLE "managers" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" text NOT NULL, "email" text NOT NULL, "role" text NOT NULL, "timezone" text NOT NULL DEFAULT 'UTC', "lead_id" uuid, "capacity" integer, "active" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "managers_not_own_lead_check" CHECK (lead_id IS NULL OR lead_id <> id), CONSTRAINT "managers_capacity_check" CHECK (capacity IS NULL OR capacity >= 0), CONSTRAINT "managers_role_check" CHECK (role IN ('csm', 'tam', 'ae', 'se', 'lead', 'exec')), CONSTRAINT "managers_pkey" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "managers_lead_id_idx" ON "managers"  ("lead_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "managers_email_key" ON "managers"  ("email") `);
        await queryRunner.query(`CREATE TABLE "account_assignments" ("account_id" uuid NOT NULL, "id" uuid NOT NULL DEFAULT gen_random_uuid(), "manager_id" uuid NOT NULL, "role" text NOT NULL, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ended_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "account_assignments_period_check" CHECK (ended_at IS NULL OR ended_at >= started_at), CONSTRAINT "account_assignments_role_check" CHECK (role IN ('csm', 'tam', 'ae', 'se', 'exec_sponsor', 'backup_csm')), CONSTRAINT "account_assignments_pkey" PRIMARY KEY ("account_id", "id"))`);
        await queryRunner.query(`CREATE INDEX "account_assignments_open_manager_idx" ON "account_assignments"  ("manager_id") WHERE ended_at IS NULL`);
        await queryRunner.query(`CREATE UNIQUE INDEX "account_assignments_one_open_per_role" ON "account_assignments"  ("account_id", "role") WHERE ended_at IS NULL`);
        await queryRunner.query(`CREATE TABLE "account_history" ("account_id" uuid NOT NULL, "valid_from" TIMESTAMP WITH TIME ZONE NOT NULL, "valid_to" TIMESTAMP WITH TIME ZONE, "segment" text NOT NULL, "arr" numeric(14,2) NOT NULL, "currency" text NOT NULL, "billing_model" text NOT NULL, "commit_amount" numeric(14,2), "commit_period" text, "auto_renew" boolean NOT NULL, "renewal_date" date, "support_plan" text, "products" text array NOT NULL, "use_cases" text array NOT NULL, "attributes" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "account_history_pkey" PRIMARY KEY ("account_id", "valid_from"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "account_history_one_open_version" ON "account_history"  ("account_id") WHERE valid_to IS NULL`);
        await queryRunner.query(`CREATE TABLE "fx_rates" ("date" date NOT NULL, "currency" text NOT NULL, "rate" numeric(20,10) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "fx_rates_rate_check" CHECK (rate > 0), CONSTRAINT "fx_rates_currency_check" CHECK (currency ~ '^[A-Z]{3}$'), CONSTRAINT "fx_rates_pkey" PRIMARY KEY ("date", "currency"))`);
        await queryRunner.query(`ALTER TABLE "accounts" ADD CONSTRAINT "accounts_segment_fkey" FOREIGN KEY ("segment") REFERENCES "segments"("key") ON DELETE RESTRICT ON UPDATE CASCADE`);
        await queryRunner.query(`ALTER TABLE "accounts" ADD CONSTRAINT "accounts_parent_id_fkey" FOREIGN KEY ("parent_id") REFERENCES "accounts"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "account_app_ids" ADD CONSTRAINT "account_app_ids_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "managers" ADD CONSTRAINT "managers_lead_id_fkey" FOREIGN KEY ("lead_id") REFERENCES "managers"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "account_assignments" ADD CONSTRAINT "account_assignments_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "account_assignments" ADD CONSTRAINT "account_assignments_manager_id_fkey" FOREIGN KEY ("manager_id") REFERENCES "managers"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "account_history" ADD CONSTRAINT "account_history_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_manager_id_fkey" FOREIGN KEY ("manager_id") REFERENCES "managers"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "api_keys" DROP CONSTRAINT "api_keys_manager_id_fkey"`);
        await queryRunner.query(`ALTER TABLE "account_history" DROP CONSTRAINT "account_history_account_id_fkey"`);
        await queryRunner.query(`ALTER TABLE "account_assignments" DROP CONSTRAINT "account_assignments_manager_id_fkey"`);
        await queryRunner.query(`ALTER TABLE "account_assignments" DROP CONSTRAINT "account_assignments_account_id_fkey"`);
        await queryRunner.query(`ALTER TABLE "managers" DROP CONSTRAINT "managers_lead_id_fkey"`);
        await queryRunner.query(`ALTER TABLE "account_app_ids" DROP CONSTRAINT "account_app_ids_account_id_fkey"`);
        await queryRunner.query(`ALTER TABLE "accounts" DROP CONSTRAINT "accounts_parent_id_fkey"`);
        await queryRunner.query(`ALTER TABLE "accounts" DROP CONSTRAINT "accounts_segment_fkey"`);
        await queryRunner.query(`DROP TABLE "fx_rates"`);
        await queryRunner.query(`DROP INDEX "public"."account_history_one_open_version"`);
        await queryRunner.query(`DROP TABLE "account_history"`);
        await queryRunner.query(`DROP INDEX "public"."account_assignments_one_open_per_role"`);
        await queryRunner.query(`DROP INDEX "public"."account_assignments_open_manager_idx"`);
        await queryRunner.query(`DROP TABLE "account_assignments"`);
        await queryRunner.query(`DROP INDEX "public"."managers_email_key"`);
        await queryRunner.query(`DROP INDEX "public"."managers_lead_id_idx"`);
        await queryRunner.query(`DROP TABLE "managers"`);
        await queryRunner.query(`DROP INDEX "public"."account_app_ids_account_id_idx"`);
        await queryRunner.query(`DROP TABLE "account_app_ids"`);
        await queryRunner.query(`DROP INDEX "public"."accounts_external_id_key"`);
        await queryRunner.query(`DROP INDEX "public"."accounts_parent_id_idx"`);
        await queryRunner.query(`DROP INDEX "public"."accounts_segment_idx"`);
        await queryRunner.query(`DROP INDEX "public"."accounts_renewal_date_idx"`);
        await queryRunner.query(`DROP TABLE "accounts"`);
        await queryRunner.query(`DROP TABLE "segments"`);
    }

}
