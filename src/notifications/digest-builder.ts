/**
 * Assembles one manager's daily digest and the overdue reminders that go with it. Pure.
 *
 * - due soon: open reviews whose date — the booked meeting's local day, else the due date — is
 *   within the next 14 days (today included);
 * - nudges: reviews flagged because no meeting was booked 35 days before due, still unbooked,
 *   flagged since the last digest (all outstanding ones in a manager's first digest);
 * - agendas ready since the last digest;
 * - overdue: open reviews (not held, completed or cancelled) past their date, repeated once a
 *   week per review rather than daily;
 * - escalations (team leads): their team's reviews 14 days or more overdue, weekly as well;
 * - alerts opened on the manager's accounts since the last digest, still unresolved;
 * - renewals in the next 90 days.
 * An empty digest is not sent.
 */
import { addDays, daysBetween, localTimeIn } from './digest-schedule';
import { NOTIFICATION_SCHEMA_VERSION } from './notification-events';
import type { ReviewDigestItem } from '../reviews/review-digest';

export const DUE_SOON_DAYS = 14;
export const RENEWAL_WINDOW_DAYS = 90;
export const OVERDUE_REPEAT_DAYS = 7;
export const LEAD_ESCALATION_DAYS = 14;

export interface DigestManager {
  id: string;
  name: string;
  email: string;
  timezone: string;
  leadId: string | null;
}

export interface DigestAlertInput {
  alertId: string;
  accountId: string;
  accountName: string;
  kind: string;
  severity: string;
  title: string;
  openedAt: string;
}

export interface DigestRenewalInput {
  accountId: string;
  accountName: string;
  segment: string;
  renewalDate: string;
  arr: number;
  autoRenew: boolean;
  band: string | null;
}

export interface DigestReview {
  reviewId: string;
  accountId: string;
  accountName: string;
  accountSegment: string;
  kind: string;
  status: string;
  dueDate: string;
  meetingAt: string | null;
  /** The meeting's local day when booked, else the due date. */
  effectiveDate: string;
  /** Days from today to `effectiveDate`; negative when overdue. */
  daysUntil: number;
  managerId: string;
  managerName: string;
  link: string;
}

export interface DigestAlert extends DigestAlertInput {
  link: string;
}

export interface DigestRenewal extends DigestRenewalInput {
  daysToRenewal: number;
  link: string;
}

export interface DigestPayload {
  schemaVersion: number;
  managerId: string;
  managerName: string;
  managerEmail: string;
  timezone: string;
  /** The manager's local business day the digest is for. */
  localDate: string;
  generatedAt: string;
  dueSoon: DigestReview[];
  nudges: DigestReview[];
  agendasReady: DigestReview[];
  overdue: DigestReview[];
  escalations: DigestReview[];
  alerts: DigestAlert[];
  renewals: DigestRenewal[];
}

/** Payload of `review.reminder`: one overdue review told to one recipient (its manager, or their lead). */
export interface ReviewReminderPayload {
  schemaVersion: number;
  reviewId: string;
  accountId: string;
  accountName: string;
  kind: string;
  status: string;
  dueDate: string;
  meetingAt: string | null;
  daysOverdue: number;
  managerId: string;
  managerName: string;
  recipientManagerId: string;
  /** True when the recipient is the manager's team lead (14 days or more overdue). */
  escalation: boolean;
  localDate: string;
  link: string;
}

export interface DigestInput {
  manager: DigestManager;
  localDate: string;
  now: Date;
  /** Open reviews the manager owns. */
  ownReviews: ReviewDigestItem[];
  /** Open reviews of the managers whose lead this manager is. */
  teamReviews: ReviewDigestItem[];
  managerNames: Map<string, string>;
  /** Last local date each review was reminded to this recipient (`reviewId` → `YYYY-MM-DD`). */
  lastRemindedOn: Map<string, string>;
  /** When the previous digest went out; null before the first one. */
  lastDigestAt: Date | null;
  alerts: DigestAlertInput[];
  renewals: DigestRenewalInput[];
  baseUrl: string;
}

export interface BuiltDigest {
  payload: DigestPayload;
  reminders: ReviewReminderPayload[];
  empty: boolean;
}

function effectiveDateOf(review: ReviewDigestItem, timeZone: string): string {
  return review.meetingAt !== null ? localTimeIn(new Date(review.meetingAt), timeZone).date : review.dueDate;
}

function isAfter(instant: string | null, since: Date | null): boolean {
  if (instant === null) return false;
  return since === null || Date.parse(instant) > since.getTime();
}

function remindable(reviewId: string, localDate: string, lastRemindedOn: Map<string, string>): boolean {
  const last = lastRemindedOn.get(reviewId);
  return last === undefined || daysBetween(last, localDate) >= OVERDUE_REPEAT_DAYS;
}

const byDateThenAccount = (a: DigestReview, b: DigestReview) => a.effectiveDate.localeCompare(b.effectiveDate) || a.accountName.localeCompare(b.accountName);

export function buildDigest(input: DigestInput): BuiltDigest {
  const { manager, localDate, baseUrl } = input;
  const toLine = (review: ReviewDigestItem): DigestReview => {
    const effectiveDate = effectiveDateOf(review, manager.timezone);
    return {
      reviewId: review.reviewId,
      accountId: review.accountId,
      accountName: review.accountName,
      accountSegment: review.accountSegment,
      kind: review.kind,
      status: review.status,
      dueDate: review.dueDate,
      meetingAt: review.meetingAt,
      effectiveDate,
      daysUntil: daysBetween(localDate, effectiveDate),
      managerId: review.managerId,
      managerName: input.managerNames.get(review.managerId) ?? '',
      link: `${baseUrl}/api/v1/reviews/${review.reviewId}`,
    };
  };
  const reminderOf = (line: DigestReview, escalation: boolean): ReviewReminderPayload => ({
    schemaVersion: NOTIFICATION_SCHEMA_VERSION,
    reviewId: line.reviewId,
    accountId: line.accountId,
    accountName: line.accountName,
    kind: line.kind,
    status: line.status,
    dueDate: line.dueDate,
    meetingAt: line.meetingAt,
    daysOverdue: -line.daysUntil,
    managerId: line.managerId,
    managerName: line.managerName,
    recipientManagerId: manager.id,
    escalation,
    localDate,
    link: line.link,
  });

  const own = input.ownReviews.filter((review) => review.managerId === manager.id).map(toLine);
  const dueSoon = own.filter((line) => line.daysUntil >= 0 && line.daysUntil <= DUE_SOON_DAYS).sort(byDateThenAccount);
  const overdue = own.filter((line) => line.daysUntil < 0 && remindable(line.reviewId, localDate, input.lastRemindedOn)).sort(byDateThenAccount);
  const ownById = new Map(input.ownReviews.map((review) => [review.reviewId, review]));
  const nudges = own
    .filter((line) => line.meetingAt === null && line.daysUntil >= 0 && isAfter(ownById.get(line.reviewId)!.nudgeFlaggedAt, input.lastDigestAt))
    .sort(byDateThenAccount);
  const agendasReady = own.filter((line) => line.daysUntil >= 0 && isAfter(ownById.get(line.reviewId)!.agendaReadyAt, input.lastDigestAt)).sort(byDateThenAccount);
  const escalations = input.teamReviews
    .filter((review) => review.managerId !== manager.id)
    .map(toLine)
    .filter((line) => -line.daysUntil >= LEAD_ESCALATION_DAYS && remindable(line.reviewId, localDate, input.lastRemindedOn))
    .sort(byDateThenAccount);
  const alerts = [...input.alerts]
    .sort((a, b) => a.openedAt.localeCompare(b.openedAt) || a.alertId.localeCompare(b.alertId))
    .map((alert) => ({ ...alert, link: `${baseUrl}/api/v1/alerts/${alert.alertId}` }));
  const renewalEnd = addDays(localDate, RENEWAL_WINDOW_DAYS);
  const renewals = input.renewals
    .filter((renewal) => renewal.renewalDate >= localDate && renewal.renewalDate <= renewalEnd)
    .sort((a, b) => a.renewalDate.localeCompare(b.renewalDate) || a.accountName.localeCompare(b.accountName))
    .map((renewal) => ({ ...renewal, daysToRenewal: daysBetween(localDate, renewal.renewalDate), link: `${baseUrl}/api/v1/accounts/${renewal.accountId}/dashboard` }));

  const payload: DigestPayload = {
    schemaVersion: NOTIFICATION_SCHEMA_VERSION,
    managerId: manager.id,
    managerName: manager.name,
    managerEmail: manager.email,
    timezone: manager.timezone,
    localDate,
    generatedAt: input.now.toISOString(),
    dueSoon,
    nudges,
    agendasReady,
    overdue,
    escalations,
    alerts,
    renewals,
  };
  const reminders = [...overdue.map((line) => reminderOf(line, false)), ...escalations.map((line) => reminderOf(line, true))];
  const empty = [dueSoon, nudges, agendasReady, overdue, escalations, alerts, renewals].every((section) => section.length === 0);
  return { payload, reminders, empty };
}
