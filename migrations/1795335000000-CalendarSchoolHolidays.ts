import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Regional calendars get school holidays: days the region's schools are closed (term breaks).
 * The usage drop check skips them, as it skips public holidays, so an education customer's quiet
 * week is not an alert; SLA clocks ignore them (support stays open).
 */
export class CalendarSchoolHolidays1795335000000 implements MigrationInterface {
  name = 'CalendarSchoolHolidays1795335000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "calendars" ADD "school_holidays" date array NOT NULL DEFAULT '{}'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "calendars" DROP COLUMN "school_holidays"`);
  }
}
