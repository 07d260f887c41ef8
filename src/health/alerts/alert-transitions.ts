/**
 * What a person may do to an alert, pure. Resolved is terminal; acknowledging twice is refused so
 * the first acknowledger stays on record; a snooze may be moved while it lasts.
 */
import { AlertStatus, MAX_SNOOZE_DAYS, SnoozeReasonCode } from './alert-rules';

export type AlertAction = 'acknowledge' | 'snooze' | 'resolve';

const ALLOWED_FROM: Record<AlertAction, readonly AlertStatus[]> = {
  acknowledge: ['open', 'snoozed'],
  snooze: ['open', 'snoozed', 'acknowledged'],
  resolve: ['open', 'snoozed', 'acknowledged'],
};

/** Why the action is refused from this (effective) status, or null when it is allowed. */
export function transitionConflict(status: AlertStatus, action: AlertAction): string | null {
  if (ALLOWED_FROM[action].includes(status)) return null;
  if (status === 'resolved') return `The alert is resolved; a resolved alert cannot be ${action === 'acknowledge' ? 'acknowledged' : action === 'snooze' ? 'snoozed' : 'resolved again'}.`;
  return `The alert is already ${status}.`;
}

const DAY_MS = 86_400_000;

/** Field errors of a snooze request: until in the future and at most 90 days ahead; `other` needs a note. */
export function snoozeErrors(until: Date, reasonCode: SnoozeReasonCode, note: string | null, now: Date): { path: string; message: string }[] {
  const errors: { path: string; message: string }[] = [];
  if (until.getTime() <= now.getTime()) errors.push({ path: 'until', message: 'until must be in the future' });
  else if (until.getTime() > now.getTime() + MAX_SNOOZE_DAYS * DAY_MS) errors.push({ path: 'until', message: `until must be at most ${MAX_SNOOZE_DAYS} days ahead` });
  if (reasonCode === 'other' && (note === null || note.trim() === '')) errors.push({ path: 'note', message: 'note is required when reasonCode is other' });
  return errors;
}
