import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Incremental health runs also ask which accounts got adoption reports since a moment
 * (`updated_at >= $1`). Without an index that was a scan of every adoption row: 0.4 s at 20,000
 * accounts (5M rows) and the larger part of an incremental run at 100,000, whatever changed. A BRIN
 * index answers it from a few block ranges, as `usage_daily_recorded_at_brin` does for usage, and
 * costs almost nothing on ingest because reports arrive in time order. TypeORM cannot model BRIN, so
 * the migrations test lists it.
 */
export class AdoptionUpdatedAtBrin1795336000000 implements MigrationInterface {
  name = 'AdoptionUpdatedAtBrin1795336000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "feature_adoption_daily_updated_at_brin" ON "feature_adoption_daily" USING brin ("updated_at")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."feature_adoption_daily_updated_at_brin"`);
  }
}
