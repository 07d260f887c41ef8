import { MigrationInterface, QueryRunner } from "typeorm";

export class RuntimeFoundation1795313367442 implements MigrationInterface {
    name = 'RuntimeFoundation1795313367442'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "api_keys" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" text NOT NULL, "prefix" text NOT NULL, "secret_sha256" text NOT NULL, "role" text NOT NULL, "manager_id" uuid, "origin" text NOT NULL DEFAULT 'api', "expires_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, "last_used_at" TIMESTAMP WITH TIME ZONE, "created_by_key_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "api_keys_manager_scope_check" CHECK ((role IN ('csm', 'lead')) = (manager_id IS NOT NULL)), CONSTRAINT "api_keys_role_check" CHECK (role IN ('admin', 'manager', 'lead', 'csm', 'ingest', 'bi')), CONSTRAINT "PK_5c8a79801b44bd27b79228e1dad" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "api_keys_prefix_key" ON "api_keys"  ("prefix") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "api_keys_secret_sha256_key" ON "api_keys"  ("secret_sha256") `);
        await queryRunner.query(`CREATE TABLE "audit_log" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "actor_key_id" uuid, "actor_key_name" text, "action" text NOT NULL, "entity_type" text NOT NULL, "entity_id" text, "http_method" text NOT NULL, "route" text NOT NULL, "status_code" integer NOT NULL, "summary" jsonb NOT NULL DEFAULT '{}', "request_id" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_07fefa57f7f5ab8fc3f52b3ed0b" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "audit_log_actor_idx" ON "audit_log"  ("actor_key_id", "occurred_at") `);
        await queryRunner.query(`CREATE INDEX "audit_log_entity_idx" ON "audit_log"  ("entity_type", "entity_id", "occurred_at") `);
        await queryRunner.query(`CREATE INDEX "audit_log_occurred_at_idx" ON "audit_log"  ("occurred_at") `);
        await queryRunner.query(`CREATE TABLE "job_runs" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "job" text NOT NULL, "slot" TIMESTAMP WITH TIME ZONE NOT NULL, "trigger" text NOT NULL, "instance" text NOT NULL, "lease_until" TIMESTAMP WITH TIME ZONE NOT NULL, "status" text NOT NULL, "stats" jsonb NOT NULL DEFAULT '{}', "error" text, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "finished_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "job_runs_job_slot_key" UNIQUE ("job", "slot"), CONSTRAINT "job_runs_trigger_check" CHECK (trigger IN ('schedule', 'manual')), CONSTRAINT "job_runs_status_check" CHECK (status IN ('running', 'succeeded', 'failed', 'abandoned')), CONSTRAINT "PK_4d0012c04fcfc287550b76be7e9" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "job_runs_job_started_idx" ON "job_runs"  ("job", "started_at") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "job_runs_one_running_per_job" ON "job_runs"  ("job") WHERE status = 'running'`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."job_runs_one_running_per_job"`);
        await queryRunner.query(`DROP INDEX "public"."job_runs_job_started_idx"`);
        await queryRunner.query(`DROP TABLE "job_runs"`);
        await queryRunner.query(`DROP INDEX "public"."audit_log_occurred_at_idx"`);
        await queryRunner.query(`DROP INDEX "public"."audit_log_entity_idx"`);
        await queryRunner.query(`DROP INDEX "public"."audit_log_actor_idx"`);
        await queryRunner.query(`DROP TABLE "audit_log"`);
        await queryRunner.query(`DROP INDEX "public"."api_keys_secret_sha256_key"`);
        await queryRunner.query(`DROP INDEX "public"."api_keys_prefix_key"`);
        await queryRunner.query(`DROP TABLE "api_keys"`);
    }

}
