/**
 * What other modules (notifications digests and reminders, dashboards, exports) read about reviews
 * through `ReviewsService.openReviewsForManagers` and `nextReviewsForAccounts`. Pure types.
 */
export interface ReviewDigestItem {
  reviewId: string;
  accountId: string;
  accountName: string;
  accountSegment: string;
  /** `EBR|QBR|operations|renewal|post_incident|risk` */
  kind: string;
  /** `planned|agenda_ready|scheduled` (open reviews only) */
  status: string;
  /** `YYYY-MM-DD` */
  dueDate: string;
  /** ISO-8601 instant of the booked meeting, if any. */
  meetingAt: string | null;
  managerId: string;
  agendaReadyAt: string | null;
  nudgeFlaggedAt: string | null;
}

/** Outbox topics the reviews module writes, in the same transaction as the change they announce. */
export const REVIEW_OUTBOX_TOPICS = ['review.agenda_ready', 'review.nudge'] as const;
export type ReviewOutboxTopic = (typeof REVIEW_OUTBOX_TOPICS)[number];
export const REVIEW_EVENT_SCHEMA_VERSION = 1;

/** Payload of `review.agenda_ready` (documents generated or refreshed by the review-agendas job). */
export interface ReviewAgendaReadyPayload {
  schemaVersion: number;
  reviewId: string;
  accountId: string;
  accountName: string;
  managerId: string | null;
  kind: string;
  dueDate: string;
  meetingAt: string | null;
  generatedAt: string;
}

/** Payload of `review.nudge` (no meeting booked 35 days before due). */
export interface ReviewNudgePayload extends ReviewAgendaReadyPayload {
  flaggedAt: string;
}
