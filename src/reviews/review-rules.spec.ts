import { canTransition, missingTransitionField, REVIEW_STATUSES, ReviewStatus, transitionConflict } from './review-rules';

describe('review workflow', () => {
  const allowed: [ReviewStatus, ReviewStatus][] = [
    ['planned', 'agenda_ready'],
    ['planned', 'scheduled'],
    ['planned', 'cancelled'],
    ['agenda_ready', 'scheduled'],
    ['agenda_ready', 'cancelled'],
    ['scheduled', 'held'],
    ['scheduled', 'cancelled'],
    ['held', 'completed'],
  ];

  it.each(REVIEW_STATUSES.flatMap((from) => REVIEW_STATUSES.map((to) => [from, to] as [ReviewStatus, ReviewStatus])))('%s → %s', (from, to) => {
    const expected = allowed.some(([a, b]) => a === from && b === to);
    expect(canTransition(from, to)).toBe(expected);
    expect(transitionConflict(from, to) === null).toBe(expected);
  });

  it.each([
    { to: 'scheduled' as const, input: {}, current: { meetingAt: null }, missing: 'meetingAt' },
    { to: 'scheduled' as const, input: {}, current: { meetingAt: new Date('2026-06-01T09:00:00Z') }, missing: null },
    { to: 'scheduled' as const, input: { meetingAt: '2026-06-01T09:00:00Z' }, current: { meetingAt: null }, missing: null },
    { to: 'held' as const, input: {}, current: { meetingAt: new Date() }, missing: 'notes' },
    { to: 'held' as const, input: { notes: 'agreed a plan' }, current: { meetingAt: new Date() }, missing: null },
    { to: 'cancelled' as const, input: {}, current: { meetingAt: null }, missing: null },
  ])('moving to $to needs $missing', ({ to, input, current, missing }) => {
    expect(missingTransitionField(to, input, current)).toBe(missing);
  });
});
