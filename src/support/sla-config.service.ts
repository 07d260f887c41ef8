import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { ProblemFieldError, ValidationFailedError } from '../common/problem';
import type { CalendarDto, PutCalendarsDto, PutSlaPoliciesDto } from './dto/sla-config.dto';
import { CalendarRecord, SlaConfigRepository } from './sla-config.repository';
import {
  BUSINESS_DAY_MINUTES,
  FALLBACK_SUPPORT_PLAN,
  HolidayLookup,
  holidayLookup,
  policyKey,
  SlaPolicy,
  toOpeningHours,
  toWeeklyHoursEntries,
  weeklyHoursErrors,
} from './sla-policy-rules';
import { regionCalendars, SlaContext, slaContextOf } from './ticket-sla-view';
import { TicketSlaStore } from './ticket-sla-store.service';
import { TICKET_SEVERITIES, TicketSeverity } from './ticket-sla';

export interface SlaPoliciesView {
  items: SlaPolicy[];
  segmentPlans: { segment: string; supportPlan: string }[];
  fallbackPlan: string;
  businessDayMinutes: number;
}

/** SLA policies, the segment defaults of support plans, and regional business-hours calendars. */
@Injectable()
export class SlaConfigService {
  constructor(
    private readonly config: SlaConfigRepository,
    private readonly clock: Clock,
    private readonly slaStore: TicketSlaStore,
  ) {}

  async policies(): Promise<SlaPoliciesView> {
    const [items, segmentPlans] = await Promise.all([this.config.policies(), this.config.segmentPlans()]);
    return { items, segmentPlans, fallbackPlan: FALLBACK_SUPPORT_PLAN, businessDayMinutes: BUSINESS_DAY_MINUTES };
  }

  /** Creates or replaces the named policies and segment defaults together; a segment's plan must cover every severity. */
  async putPolicies(body: PutSlaPoliciesDto): Promise<SlaPoliciesView> {
    const items = body.items ?? [];
    const segmentPlans = body.segmentPlans ?? [];
    const errors: ProblemFieldError[] = [];
    const seenPolicies = new Map<string, number>();
    items.forEach((item, index) => {
      const key = policyKey(item.supportPlan, item.severity);
      const earlier = seenPolicies.get(key);
      if (earlier !== undefined) errors.push({ path: `items[${index}].severity`, message: `${item.supportPlan} ${item.severity} is also items[${earlier}]` });
      seenPolicies.set(key, index);
      if (item.resolutionMinutes < item.firstResponseMinutes) {
        errors.push({ path: `items[${index}].resolutionMinutes`, message: 'resolutionMinutes must be at least firstResponseMinutes' });
      }
    });
    const seenSegments = new Map<string, number>();
    segmentPlans.forEach((entry, index) => {
      const earlier = seenSegments.get(entry.segment);
      if (earlier !== undefined) errors.push({ path: `segmentPlans[${index}].segment`, message: `${entry.segment} is also segmentPlans[${earlier}]` });
      seenSegments.set(entry.segment, index);
    });
    if (errors.length > 0) throw new ValidationFailedError(errors);

    await this.config.inTransaction(async (manager) => {
      // Before reading anything: ingest holds this lock while it computes due times from the policies.
      await this.slaStore.lockTicketWrites(manager);
      const known = await this.config.existingSegments(manager, segmentPlans.map((entry) => entry.segment));
      const covered = new Set([...(await this.config.policies(manager)), ...items].map((policy) => policyKey(policy.supportPlan, policy.severity)));
      segmentPlans.forEach((entry, index) => {
        if (!known.has(entry.segment)) errors.push({ path: `segmentPlans[${index}].segment`, message: `segment ${entry.segment} does not exist` });
        const missing = TICKET_SEVERITIES.filter((severity) => !covered.has(policyKey(entry.supportPlan, severity)));
        if (missing.length > 0) errors.push({ path: `segmentPlans[${index}].supportPlan`, message: `plan ${entry.supportPlan} has no policy for ${missing.join(', ')}` });
      });
      if (errors.length > 0) throw new ValidationFailedError(errors);
      const now = this.clock.now();
      const changedPolicies = await this.config.upsertPolicies(manager, items, now);
      const changedSegmentPlans = await this.config.upsertSegmentPlans(manager, segmentPlans, now);
      // Stored due times follow in the same transaction: a changed segment default can move any
      // ticket, a changed policy only tickets of its severity.
      if (changedSegmentPlans > 0) await this.slaStore.recompute(manager, {});
      else if (changedPolicies.length > 0) await this.slaStore.recompute(manager, { severities: [...new Set(changedPolicies.map((policy) => policy.severity as TicketSeverity))] });
    });
    return this.policies();
  }

  async calendars(): Promise<CalendarRecord[]> {
    return this.config.calendars();
  }

  /** Creates or replaces the named calendars; weekly hours are stored Monday first so a repeat changes nothing. */
  async putCalendars(body: PutCalendarsDto): Promise<CalendarRecord[]> {
    const errors: ProblemFieldError[] = [];
    const seen = new Map<string, number>();
    body.items.forEach((calendar, index) => {
      const earlier = seen.get(calendar.region);
      if (earlier !== undefined) errors.push({ path: `items[${index}].region`, message: `${calendar.region} is also items[${earlier}]` });
      seen.set(calendar.region, index);
      for (const error of weeklyHoursErrors(calendar.weeklyHours)) {
        const path = error.index === null ? `items[${index}].weeklyHours` : `items[${index}].weeklyHours[${error.index}].${error.field}`;
        errors.push({ path, message: error.message });
      }
    });
    if (errors.length > 0) throw new ValidationFailedError(errors);
    const records = body.items.map((calendar: CalendarDto) => ({
      region: calendar.region,
      timeZone: calendar.timeZone,
      weeklyHours: toWeeklyHoursEntries(calendar.weeklyHours.map(toOpeningHours)),
      holidays: [...calendar.holidays].sort(),
      schoolHolidays: [...(calendar.schoolHolidays ?? [])].sort(),
    }));
    await this.config.inTransaction(async (manager) => {
      await this.slaStore.lockTicketWrites(manager);
      // Only business-hours clocks read calendars (and not their school holidays); their tickets' due times follow in the same transaction.
      if ((await this.config.upsertCalendars(manager, records, this.clock.now())).slaChanged > 0) await this.slaStore.recompute(manager, { clock: 'business_hours' });
    });
    return this.config.calendars();
  }

  /** The holidays of each region's calendar (the usage trend's overnight-drop check leaves them out). */
  async holidays(): Promise<HolidayLookup> {
    return holidayLookup(regionCalendars(await this.config.calendars()));
  }

  /** Everything tickets are judged against, read once for a whole request. */
  async context(): Promise<SlaContext> {
    const [policies, segmentPlans, calendars] = await Promise.all([this.config.policies(), this.config.segmentPlans(), this.config.calendars()]);
    return slaContextOf(policies, segmentPlans, calendars);
  }
}
