/**
 * What the review-planning job decides for a chunk of accounts: which reviews to add, which open
 * review a renewal or an event pulls earlier, and whose review each is. Pure and deterministic:
 * the repository reads the facts set-based and writes the plan in one statement per kind of change.
 *
 * Rules
 * - Cadence: each periodic cadence of the account's segment (e.g. strategic: EBR every 3 months,
 *   operations every month) keeps exactly one open review in its slot. The next one is due one
 *   interval after the last closed review of the slot (its meeting day, or due day when cancelled),
 *   else after the account's start; never earlier than `earliestCadenceDue` (time to prepare).
 * - Renewal: `lead_days` before the renewal date (segment's renewal cadence), once the renewal is
 *   within the planning horizon. Events: a breached P1 (post-incident review within a week) and an
 *   account turned red (risk review within two weeks), read from the alerts of the last 30 days.
 * - A trigger never adds a duplicate: an open review already due in its window answers it; else the
 *   earliest later open review not yet booked (including one this run just planned) is pulled
 *   earlier (its kind becomes the trigger's); only when there is none is a new review added. Each trigger key is recorded on the review that
 *   answered it, so the same renewal or incident is never planned twice.
 */
import { addDays, addMonths, maxDay } from './review-dates';
import type { CadenceManagerRole, ReviewKind, ReviewStatus } from './review-rules';

export const RENEWAL_PLANNING_HORIZON_DAYS = 120;
/** A review due in the month before a renewal's target day counts as the renewal review. */
export const RENEWAL_COVER_DAYS = 30;
export const POST_INCIDENT_DUE_DAYS = 7;
export const RISK_DUE_DAYS = 14;
/** Events (alerts) older than this plan nothing. */
export const EVENT_LOOKBACK_DAYS = 30;

export type TriggerKind = 'renewal' | 'post_incident' | 'risk';

export interface PlanningAccount {
  accountId: string;
  segment: string;
  renewalDate: string | null;
  /** The day the account started (created), the base of its first cadence review. */
  startDay: string;
  csmId: string | null;
  tamId: string | null;
}

export interface PlanningCadence {
  segment: string;
  kind: 'EBR' | 'QBR' | 'operations' | 'renewal';
  everyMonths: number | null;
  leadDays: number | null;
  managerRole: CadenceManagerRole;
}

export interface OpenReview {
  id: string;
  accountId: string;
  kind: ReviewKind;
  slot: string;
  status: ReviewStatus;
  dueDate: string;
  originalDueDate: string | null;
  managerId: string | null;
  triggerKeys: string[];
}

/** An alert that may plan an event review. */
export interface ReviewEvent {
  accountId: string;
  kind: 'post_incident' | 'risk';
  /** The episode (ticket id, or the red episode's first day). */
  sourceRef: string;
  /** The day the alert opened. */
  day: string;
}

export interface AccountPlanningFacts {
  account: PlanningAccount;
  openReviews: OpenReview[];
  /** Latest closed review day per slot. */
  lastClosedDayBySlot: Map<string, string>;
  /** Every trigger key already answered by a review of the account, whatever its state. */
  handledTriggerKeys: Set<string>;
  events: ReviewEvent[];
}

export interface ReviewTrigger {
  kind: TriggerKind;
  key: string;
  dueDate: string;
  /** An open review due in [coverFrom, dueDate] answers the trigger. */
  coverFrom: string;
}

export interface NewReview {
  accountId: string;
  kind: ReviewKind;
  slot: string;
  dueDate: string;
  /** Set when a trigger in the same run pulled the new cadence review earlier. */
  originalDueDate: string | null;
  managerId: string | null;
  triggerKeys: string[];
}

export interface ReviewUpdate {
  accountId: string;
  id: string;
  kind: ReviewKind;
  dueDate: string;
  originalDueDate: string | null;
  managerId: string | null;
  triggerKeys: string[];
}

export interface ReviewPlan {
  inserts: NewReview[];
  updates: ReviewUpdate[];
}

export interface PlanningOptions {
  today: string;
  /** The earliest due day of a new cadence review (today + the agenda lead time). */
  earliestCadenceDue: string;
}

const PULLABLE: readonly ReviewStatus[] = ['planned', 'agenda_ready'];

export function triggersFor(facts: AccountPlanningFacts, cadences: readonly PlanningCadence[], options: PlanningOptions): ReviewTrigger[] {
  const triggers: ReviewTrigger[] = [];
  const { account } = facts;
  const renewal = cadences.find((cadence) => cadence.segment === account.segment && cadence.kind === 'renewal' && cadence.leadDays !== null);
  if (renewal && account.renewalDate !== null && account.renewalDate >= options.today) {
    const target = addDays(account.renewalDate, -renewal.leadDays!);
    if (target <= addDays(options.today, RENEWAL_PLANNING_HORIZON_DAYS)) {
      triggers.push({ kind: 'renewal', key: `renewal:${account.renewalDate}`, dueDate: maxDay(target, options.today), coverFrom: addDays(target, -RENEWAL_COVER_DAYS) });
    }
  }
  const oldest = addDays(options.today, -EVENT_LOOKBACK_DAYS);
  for (const event of facts.events) {
    if (event.day < oldest || event.day > options.today) continue;
    const dueDays = event.kind === 'post_incident' ? POST_INCIDENT_DUE_DAYS : RISK_DUE_DAYS;
    triggers.push({ kind: event.kind, key: `${event.kind}:${event.sourceRef}`, dueDate: maxDay(addDays(event.day, dueDays), options.today), coverFrom: event.day });
  }
  return triggers
    .filter((trigger) => !facts.handledTriggerKeys.has(trigger.key))
    .sort((a, b) => (a.dueDate === b.dueDate ? (a.key < b.key ? -1 : a.key > b.key ? 1 : 0) : a.dueDate < b.dueDate ? -1 : 1));
}

function managerFor(account: PlanningAccount, role: CadenceManagerRole): string | null {
  return role === 'tam' ? (account.tamId ?? account.csmId) : account.csmId;
}

const byDueThenId = (a: { dueDate: string; id: string }, b: { dueDate: string; id: string }) =>
  a.dueDate === b.dueDate ? (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) : a.dueDate < b.dueDate ? -1 : 1;

/** The plan for one account. */
export function planAccountReviews(facts: AccountPlanningFacts, cadences: readonly PlanningCadence[], options: PlanningOptions): ReviewPlan {
  const { account } = facts;
  const segmentCadences = cadences.filter((cadence) => cadence.segment === account.segment);
  const roleBySlot = new Map<string, CadenceManagerRole>(segmentCadences.map((cadence) => [cadence.kind, cadence.managerRole]));
  // Working copies: open reviews as they will be after this plan; new ones get a provisional id.
  const reviews = facts.openReviews.map((review) => ({ ...review, triggerKeys: [...review.triggerKeys], isNew: false, changed: false }));
  let provisional = 0;

  // Cadence first, so a renewal or event in the same run pulls the new cadence review earlier instead of adding one.
  for (const cadence of segmentCadences) {
    if (cadence.kind === 'renewal' || cadence.everyMonths === null) continue;
    if (reviews.some((review) => review.slot === cadence.kind)) continue;
    const base = facts.lastClosedDayBySlot.get(cadence.kind) ?? account.startDay;
    provisional += 1;
    reviews.push({
      id: `new-${provisional}`,
      accountId: account.accountId,
      kind: cadence.kind,
      slot: cadence.kind,
      status: 'planned',
      dueDate: maxDay(addMonths(base, cadence.everyMonths), options.earliestCadenceDue),
      originalDueDate: null,
      managerId: managerFor(account, cadence.managerRole),
      triggerKeys: [],
      isNew: true,
      changed: true,
    });
  }

  for (const trigger of triggersFor(facts, cadences, options)) {
    const candidates = reviews.filter((review) => review.kind !== 'operations' && review.slot !== 'operations').sort(byDueThenId);
    const covering = candidates.find((review) => review.dueDate >= trigger.coverFrom && review.dueDate <= trigger.dueDate);
    const pullable = candidates.find((review) => PULLABLE.includes(review.status) && review.dueDate > trigger.dueDate);
    const sameSlot = reviews.find((review) => review.slot === trigger.kind);
    if (covering) {
      covering.triggerKeys.push(trigger.key);
      covering.changed = true;
    } else if (pullable) {
      pullable.originalDueDate = pullable.originalDueDate ?? pullable.dueDate;
      pullable.dueDate = trigger.dueDate;
      pullable.kind = trigger.kind;
      pullable.triggerKeys.push(trigger.key);
      pullable.changed = true;
    } else if (sameSlot) {
      // An open review of the same slot exists but is booked (or overdue): it answers the trigger.
      sameSlot.triggerKeys.push(trigger.key);
      sameSlot.changed = true;
    } else {
      provisional += 1;
      reviews.push({
        id: `new-${provisional}`,
        accountId: account.accountId,
        kind: trigger.kind,
        slot: trigger.kind,
        status: 'planned',
        dueDate: trigger.dueDate,
        originalDueDate: null,
        managerId: account.csmId,
        triggerKeys: [trigger.key],
        isNew: true,
        changed: true,
      });
    }
  }

  // Open reviews follow the account's current CSM (TAM for a TAM slot) when it changed.
  for (const review of reviews) {
    if (review.isNew) continue;
    const manager = managerFor(account, roleBySlot.get(review.slot) ?? 'csm');
    if (manager !== null && manager !== review.managerId) {
      review.managerId = manager;
      review.changed = true;
    }
  }

  return {
    inserts: reviews
      .filter((review) => review.isNew)
      .map((review) => ({
        accountId: review.accountId,
        kind: review.kind,
        slot: review.slot,
        dueDate: review.dueDate,
        originalDueDate: review.originalDueDate,
        managerId: review.managerId,
        triggerKeys: review.triggerKeys,
      })),
    updates: reviews
      .filter((review) => !review.isNew && review.changed)
      .map((review) => ({
        accountId: review.accountId,
        id: review.id,
        kind: review.kind,
        dueDate: review.dueDate,
        originalDueDate: review.originalDueDate,
        managerId: review.managerId,
        triggerKeys: review.triggerKeys,
      })),
  };
}
