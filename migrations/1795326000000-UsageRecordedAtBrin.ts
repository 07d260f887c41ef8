import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Incremental health runs ask which accounts got usage since a moment (`recorded_at >= $1`). A BRIN
 * index answers that without a full scan of usage_daily, and costs almost nothing on the ingest path
 * because rows arrive in recorded_at order. TypeORM cannot model BRIN, so the migrations test lists it.
 */
export class UsageRecordedAtBrin1795326000000 implements MigrationInterface {
  name = 'UsageRecordedAtBrin1795326000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "usage_daily_recorded_at_brin" ON "usage_daily" USING brin ("recorded_at")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."usage_daily_recorded_at_brin"`);
  }
}
