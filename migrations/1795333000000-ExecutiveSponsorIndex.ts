import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Executive-sponsor assignments get an index of their own. A health run asks, per chunk of 1,000
 * accounts, which of them had a sponsor on the day; the planner answered that with a scan of every
 * assignment (43 ms a chunk at 100,000 accounts, so the run's cost grew with the square of the
 * accounts). Sponsors are a few rows per account at most, so the index stays small.
 */
export class ExecutiveSponsorIndex1795333000000 implements MigrationInterface {
  name = 'ExecutiveSponsorIndex1795333000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "account_assignments_exec_sponsor_idx" ON "account_assignments" ("account_id") WHERE role = 'exec_sponsor'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."account_assignments_exec_sponsor_idx"`);
  }
}
