import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Materialised recommendations per account (written by the `recommendation-stats` job) and the
 * per-account record of the last run, which tells "nothing to recommend" from "never computed".
 */
export class Recommendations1795327000000 implements MigrationInterface {
  name = 'Recommendations1795327000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "account_recommendations" ("account_id" uuid NOT NULL, "feature_id" uuid NOT NULL, "rank" integer NOT NULL, "score" numeric(5,2) NOT NULL, "rationale" text NOT NULL, "evidence" jsonb NOT NULL, "as_of" date NOT NULL, "computed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "account_recommendations_rank_check" CHECK (rank >= 1), CONSTRAINT "account_recommendations_score_check" CHECK (score >= 0 AND score <= 100), CONSTRAINT "account_recommendations_pkey" PRIMARY KEY ("account_id", "feature_id"))`,
    );
    await queryRunner.query(`CREATE INDEX "account_recommendations_rank_idx" ON "account_recommendations" ("account_id", "rank") `);
    await queryRunner.query(`CREATE INDEX "account_recommendations_feature_idx" ON "account_recommendations" ("feature_id") `);
    await queryRunner.query(
      `CREATE TABLE "account_recommendation_state" ("account_id" uuid NOT NULL, "as_of" date NOT NULL, "computed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "eligible_features" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "account_recommendation_state_pkey" PRIMARY KEY ("account_id"))`,
    );
    await queryRunner.query(`ALTER TABLE "account_recommendations" ADD CONSTRAINT "account_recommendations_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "account_recommendations" ADD CONSTRAINT "account_recommendations_feature_id_fkey" FOREIGN KEY ("feature_id") REFERENCES "features"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "account_recommendation_state" ADD CONSTRAINT "account_recommendation_state_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "account_recommendation_state" DROP CONSTRAINT "account_recommendation_state_account_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "account_recommendations" DROP CONSTRAINT "account_recommendations_feature_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "account_recommendations" DROP CONSTRAINT "account_recommendations_account_id_fkey"`);
    await queryRunner.query(`DROP TABLE "account_recommendation_state"`);
    await queryRunner.query(`DROP INDEX "public"."account_recommendations_feature_idx"`);
    await queryRunner.query(`DROP INDEX "public"."account_recommendations_rank_idx"`);
    await queryRunner.query(`DROP TABLE "account_recommendations"`);
  }
}
