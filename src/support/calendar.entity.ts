import { Check, Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { WeeklyHoursEntry } from './sla-policy-rules';

/**
 * Business hours of a region: weekly opening intervals and holidays in the region's time zone, and
 * the region's school holidays. Region `default` serves regions without one.
 */
@Entity({ name: 'calendars' })
@Check('calendars_region_check', "region ~ '^[a-z0-9][a-z0-9_-]*$'")
@Check('calendars_weekly_hours_check', "jsonb_typeof(weekly_hours) = 'array'")
export class CalendarEntity {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'calendars_pkey' })
  region: string;

  @Column({ name: 'time_zone', type: 'text' })
  timeZone: string;

  /** `[{ day, open, close }]` with local `HH:MM` times. */
  @Column({ name: 'weekly_hours', type: 'jsonb' })
  weeklyHours: WeeklyHoursEntry[];

  /** Local days the region is closed. */
  @Column({ type: 'date', array: true, default: () => "'{}'" })
  holidays: string[];

  /** Local days the region's schools are closed: the usage drop check skips them, SLA clocks do not. */
  @Column({ name: 'school_holidays', type: 'date', array: true, default: () => "'{}'" })
  schoolHolidays: string[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
