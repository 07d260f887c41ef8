/** Kinds, states and the workflow of business reviews. Pure: no Nest or TypeORM import. */

export const REVIEW_KINDS = ['EBR', 'QBR', 'operations', 'renewal', 'post_incident', 'risk'] as const;
export type ReviewKind = (typeof REVIEW_KINDS)[number];

/** Kinds a segment's cadence may schedule periodically. */
export const PERIODIC_REVIEW_KINDS = ['EBR', 'QBR', 'operations'] as const;
export type PeriodicReviewKind = (typeof PERIODIC_REVIEW_KINDS)[number];

/** Kinds a cadence row may hold: periodic ones plus `renewal` (lead days before the renewal date). */
export const CADENCE_KINDS = [...PERIODIC_REVIEW_KINDS, 'renewal'] as const;
export type CadenceKind = (typeof CADENCE_KINDS)[number];

export const CADENCE_MANAGER_ROLES = ['csm', 'tam'] as const;
export type CadenceManagerRole = (typeof CADENCE_MANAGER_ROLES)[number];

export const REVIEW_STATUSES = ['planned', 'agenda_ready', 'scheduled', 'held', 'completed', 'cancelled'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

/** Reviews still ahead of their meeting: at most one per account and slot. */
export const OPEN_REVIEW_STATUSES: readonly ReviewStatus[] = ['planned', 'agenda_ready', 'scheduled'];

export const ACTION_ITEM_STATUSES = ['open', 'in_progress', 'done', 'dropped'] as const;
export type ActionItemStatus = (typeof ACTION_ITEM_STATUSES)[number];
/** Items in these states carry over to the next review of the account. */
export const OPEN_ACTION_ITEM_STATUSES: readonly ActionItemStatus[] = ['open', 'in_progress'];

export const ACTION_ITEM_OWNER_SIDES = ['customer', 'vendor'] as const;
export type ActionItemOwnerSide = (typeof ACTION_ITEM_OWNER_SIDES)[number];

/** Default meeting length; agenda time budgets add up to it. */
export const DEFAULT_MEETING_MINUTES = 45;

/** Which moves are possible from each state. */
const NEXT: Record<ReviewStatus, readonly ReviewStatus[]> = {
  planned: ['agenda_ready', 'scheduled', 'cancelled'],
  agenda_ready: ['scheduled', 'cancelled'],
  scheduled: ['held', 'cancelled'],
  held: ['completed'],
  completed: [],
  cancelled: [],
};

export function canTransition(from: ReviewStatus, to: ReviewStatus): boolean {
  return NEXT[from].includes(to);
}

/** Why a move is impossible (a 409), or null when it is allowed. */
export function transitionConflict(from: ReviewStatus, to: ReviewStatus): string | null {
  if (canTransition(from, to)) return null;
  const allowed = NEXT[from];
  return allowed.length === 0
    ? `The review is ${from}: it cannot change any more.`
    : `A ${from} review cannot move to ${to}; it can move to ${allowed.join(', ')}.`;
}

/** The field a target state needs (a 400 when missing), or null. */
export function missingTransitionField(to: ReviewStatus, input: { meetingAt?: string | null; notes?: string | null }, current: { meetingAt: Date | null }): string | null {
  if (to === 'scheduled' && !input.meetingAt && !current.meetingAt) return 'meetingAt';
  if (to === 'held' && !input.notes) return 'notes';
  return null;
}
