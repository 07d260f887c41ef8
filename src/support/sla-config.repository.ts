import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { SlaPolicy, WeeklyHoursEntry } from './sla-policy-rules';

export interface CalendarRecord {
  region: string;
  timeZone: string;
  weeklyHours: WeeklyHoursEntry[];
  holidays: string[];
  schoolHolidays: string[];
}

/** SLA policies, segment default plans and regional calendars: small configuration tables read whole. */
@Injectable()
export class SlaConfigRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  inTransaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  policies(manager: EntityManager = this.dataSource.manager): Promise<SlaPolicy[]> {
    return manager.query(
      `SELECT support_plan AS "supportPlan", severity, clock, first_response_minutes AS "firstResponseMinutes", resolution_minutes AS "resolutionMinutes"
       FROM sla_policies ORDER BY support_plan, severity`,
    );
  }

  segmentPlans(manager: EntityManager = this.dataSource.manager): Promise<{ segment: string; supportPlan: string }[]> {
    return manager.query(`SELECT segment, support_plan AS "supportPlan" FROM segment_support_plans ORDER BY segment`);
  }

  calendars(manager: EntityManager = this.dataSource.manager): Promise<CalendarRecord[]> {
    return manager.query(`SELECT region, time_zone AS "timeZone", weekly_hours AS "weeklyHours", holidays::text[] AS holidays, school_holidays::text[] AS "schoolHolidays" FROM calendars ORDER BY region`);
  }

  async existingSegments(manager: EntityManager, keys: string[]): Promise<Set<string>> {
    const rows: { key: string }[] = await manager.query(`SELECT key FROM segments WHERE key = ANY($1::text[])`, [keys]);
    return new Set(rows.map((row) => row.key));
  }

  /** Replaces the named policies in one statement; returns the ones that changed. */
  async upsertPolicies(manager: EntityManager, policies: SlaPolicy[], at: Date): Promise<{ supportPlan: string; severity: string }[]> {
    if (policies.length === 0) return [];
    return manager.query(
      `INSERT INTO sla_policies (support_plan, severity, clock, first_response_minutes, resolution_minutes, created_at, updated_at)
       SELECT r."supportPlan", r.severity, r.clock, r."firstResponseMinutes", r."resolutionMinutes", $2, $2
       FROM jsonb_to_recordset($1::jsonb) AS r("supportPlan" text, severity text, clock text, "firstResponseMinutes" int, "resolutionMinutes" int)
       ON CONFLICT (support_plan, severity) DO UPDATE SET clock = EXCLUDED.clock, first_response_minutes = EXCLUDED.first_response_minutes,
         resolution_minutes = EXCLUDED.resolution_minutes, updated_at = EXCLUDED.updated_at
       WHERE (sla_policies.clock, sla_policies.first_response_minutes, sla_policies.resolution_minutes)
         IS DISTINCT FROM (EXCLUDED.clock, EXCLUDED.first_response_minutes, EXCLUDED.resolution_minutes)
       RETURNING support_plan AS "supportPlan", severity`,
      [JSON.stringify(policies), at],
    );
  }

  /** Returns how many segment defaults changed. */
  async upsertSegmentPlans(manager: EntityManager, entries: { segment: string; supportPlan: string }[], at: Date): Promise<number> {
    if (entries.length === 0) return 0;
    const rows: unknown[] = await manager.query(
      `INSERT INTO segment_support_plans (segment, support_plan, created_at, updated_at)
       SELECT r.segment, r."supportPlan", $2, $2 FROM jsonb_to_recordset($1::jsonb) AS r(segment text, "supportPlan" text)
       ON CONFLICT (segment) DO UPDATE SET support_plan = EXCLUDED.support_plan, updated_at = EXCLUDED.updated_at
       WHERE segment_support_plans.support_plan IS DISTINCT FROM EXCLUDED.support_plan
       RETURNING segment`,
      [JSON.stringify(entries), at],
    );
    return rows.length;
  }

  /**
   * Creates or replaces the named calendars. Answers how many changed what SLA clocks read (time
   * zone, weekly hours, holidays); a change of school holidays alone touches no ticket. `before`
   * reads the rows as they were: the statement's sub-statements share one snapshot.
   */
  async upsertCalendars(manager: EntityManager, calendars: CalendarRecord[], at: Date): Promise<{ slaChanged: number }> {
    if (calendars.length === 0) return { slaChanged: 0 };
    const [row]: { slaChanged: number }[] = await manager.query(
      `WITH input AS (
         SELECT r.region, r."timeZone" AS time_zone, r."weeklyHours" AS weekly_hours,
                ARRAY(SELECT jsonb_array_elements_text(r.holidays))::date[] AS holidays,
                ARRAY(SELECT jsonb_array_elements_text(r."schoolHolidays"))::date[] AS school_holidays
         FROM jsonb_to_recordset($1::jsonb) AS r(region text, "timeZone" text, "weeklyHours" jsonb, holidays jsonb, "schoolHolidays" jsonb)
       ),
       before AS (SELECT c.region, c.time_zone, c.weekly_hours, c.holidays FROM calendars c JOIN input USING (region)),
       written AS (
         INSERT INTO calendars (region, time_zone, weekly_hours, holidays, school_holidays, created_at, updated_at)
         SELECT region, time_zone, weekly_hours, holidays, school_holidays, $2, $2 FROM input
         ON CONFLICT (region) DO UPDATE SET time_zone = EXCLUDED.time_zone, weekly_hours = EXCLUDED.weekly_hours, holidays = EXCLUDED.holidays,
           school_holidays = EXCLUDED.school_holidays, updated_at = EXCLUDED.updated_at
         WHERE (calendars.time_zone, calendars.weekly_hours, calendars.holidays, calendars.school_holidays)
           IS DISTINCT FROM (EXCLUDED.time_zone, EXCLUDED.weekly_hours, EXCLUDED.holidays, EXCLUDED.school_holidays)
         RETURNING region, time_zone, weekly_hours, holidays
       )
       SELECT count(*) FILTER (WHERE b.region IS NULL OR (b.time_zone, b.weekly_hours, b.holidays) IS DISTINCT FROM (w.time_zone, w.weekly_hours, w.holidays))::int AS "slaChanged"
       FROM written w LEFT JOIN before b USING (region)`,
      [JSON.stringify(calendars), at],
    );
    return row;
  }
}
