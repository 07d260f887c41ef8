import { MigrationInterface, QueryRunner } from "typeorm";

export class UsageSignals1795321000000 implements MigrationInterface {
    name = 'UsageSignals1795321000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "usage_daily" ("account_id" uuid NOT NULL, "metric" text NOT NULL, "day" date NOT NULL, "value" double precision NOT NULL, "weight" double precision, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "usage_daily_weight_check" CHECK (weight IS NULL OR weight > 0), CONSTRAINT "usage_daily_pkey" PRIMARY KEY ("account_id", "metric", "day"))`);
        await queryRunner.query(`ALTER TABLE "usage_daily" ADD CONSTRAINT "usage_daily_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "usage_daily" ADD CONSTRAINT "usage_daily_metric_fkey" FOREIGN KEY ("metric") REFERENCES "metrics"("key") ON DELETE RESTRICT ON UPDATE CASCADE`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "usage_daily" DROP CONSTRAINT "usage_daily_metric_fkey"`);
        await queryRunner.query(`ALTER TABLE "usage_daily" DROP CONSTRAINT "usage_daily_account_id_fkey"`);
        await queryRunner.query(`DROP TABLE "usage_daily"`);
    }

}
