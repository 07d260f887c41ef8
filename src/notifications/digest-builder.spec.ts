import type { ReviewDigestItem } from '../reviews/review-digest';
import { buildDigest, DigestInput } from './digest-builder';

const manager = { id: 'm1', name: 'Mia', email: 'mia@vendor.example', timezone: 'Asia/Shanghai', leadId: null };

function review(overrides: Partial<ReviewDigestItem>): ReviewDigestItem {
  return {
    reviewId: 'r1',
    accountId: 'a1',
    accountName: 'Acme',
    accountSegment: 'growth',
    kind: 'QBR',
    status: 'planned',
    dueDate: '2026-12-01',
    meetingAt: null,
    managerId: 'm1',
    agendaReadyAt: null,
    nudgeFlaggedAt: null,
    ...overrides,
  };
}

function input(overrides: Partial<DigestInput>): DigestInput {
  return {
    manager,
    localDate: '2026-11-23',
    now: new Date('2026-11-23T01:00:00Z'),
    ownReviews: [],
    teamReviews: [],
    managerNames: new Map([
      ['m1', 'Mia'],
      ['m2', 'Max'],
    ]),
    lastRemindedOn: new Map(),
    lastDigestAt: new Date('2026-11-20T01:00:00Z'),
    alerts: [],
    renewals: [],
    baseUrl: 'https://health.example.com',
    ...overrides,
  };
}

const ids = (lines: { reviewId: string }[]) => lines.map((line) => line.reviewId);

describe('buildDigest', () => {
  it('is empty, and so not sent, when there is nothing to say', () => {
    expect(buildDigest(input({})).empty).toBe(true);
  });

  it.each([
    ['due today', { dueDate: '2026-11-23' }, true],
    ['due in 14 days', { dueDate: '2026-12-07' }, true],
    ['due in 15 days', { dueDate: '2026-12-08' }, false],
    ['due in 30 days but meeting booked in 3 (Shanghai day)', { dueDate: '2026-12-23', meetingAt: '2026-11-25T18:00:00Z', status: 'scheduled' }, true],
    ['due in 10 days but meeting booked in 20', { dueDate: '2026-12-03', meetingAt: '2026-12-13T02:00:00Z', status: 'scheduled' }, false],
  ])('lists a review %s as due soon: %p', (_case, overrides, listed) => {
    const built = buildDigest(input({ ownReviews: [review(overrides)] }));
    expect(ids(built.payload.dueSoon)).toEqual(listed ? ['r1'] : []);
  });

  it('counts the meeting day in the manager\'s zone', () => {
    // 18:00 UTC on the 25th is 02:00 on the 26th in Shanghai: 3 days away.
    const built = buildDigest(input({ ownReviews: [review({ dueDate: '2026-12-23', meetingAt: '2026-11-25T18:00:00Z', status: 'scheduled' })] }));
    expect(built.payload.dueSoon[0]).toMatchObject({ effectiveDate: '2026-11-26', daysUntil: 3 });
  });

  it.each([
    ['never reminded', undefined, true],
    ['reminded 6 days ago', '2026-11-17', false],
    ['reminded 7 days ago', '2026-11-16', true],
  ])('repeats an overdue review weekly: %s → %p', (_case, last, listed) => {
    const lastRemindedOn = new Map(last ? [['r1', last]] : []);
    const built = buildDigest(input({ ownReviews: [review({ dueDate: '2026-11-10' })], lastRemindedOn }));
    expect(ids(built.payload.overdue)).toEqual(listed ? ['r1'] : []);
    expect(built.reminders.map((reminder) => [reminder.reviewId, reminder.escalation, reminder.daysOverdue])).toEqual(listed ? [['r1', false, 13]] : []);
  });

  it.each([
    ['13 days overdue', '2026-11-10', false],
    ['14 days overdue', '2026-11-09', true],
  ])("tells a lead about a team member's review %s: %p", (_case, dueDate, listed) => {
    const built = buildDigest(input({ teamReviews: [review({ reviewId: 'r2', managerId: 'm2', dueDate })] }));
    expect(ids(built.payload.escalations)).toEqual(listed ? ['r2'] : []);
    if (listed) expect(built.reminders[0]).toMatchObject({ reviewId: 'r2', escalation: true, managerName: 'Max', recipientManagerId: 'm1' });
  });

  it.each([
    ['flagged after the last digest, no meeting', { nudgeFlaggedAt: '2026-11-21T00:00:00Z', dueDate: '2026-12-25' }, true],
    ['flagged before the last digest', { nudgeFlaggedAt: '2026-11-19T00:00:00Z', dueDate: '2026-12-25' }, false],
    ['flagged, but a meeting is booked since', { nudgeFlaggedAt: '2026-11-21T00:00:00Z', dueDate: '2026-12-25', meetingAt: '2026-12-20T02:00:00Z', status: 'scheduled' }, false],
  ])('lists a nudge %s: %p', (_case, overrides, listed) => {
    expect(ids(buildDigest(input({ ownReviews: [review(overrides)] })).payload.nudges)).toEqual(listed ? ['r1'] : []);
  });

  it('lists every outstanding nudge and agenda in a first digest', () => {
    const built = buildDigest(input({ lastDigestAt: null, ownReviews: [review({ nudgeFlaggedAt: '2026-10-01T00:00:00Z', agendaReadyAt: '2026-10-02T00:00:00Z', dueDate: '2026-12-25' })] }));
    expect(ids(built.payload.nudges)).toEqual(['r1']);
    expect(ids(built.payload.agendasReady)).toEqual(['r1']);
  });

  it('lists renewals within 90 days only, soonest first, with days to go', () => {
    const renewal = (accountId: string, renewalDate: string) => ({ accountId, accountName: accountId, segment: 'growth', renewalDate, arr: 1000, autoRenew: false, band: 'green' });
    const built = buildDigest(input({ renewals: [renewal('late', '2027-02-22'), renewal('soon', '2026-12-01'), renewal('past', '2026-11-22'), renewal('edge', '2027-02-21')] }));
    expect(built.payload.renewals.map((entry) => [entry.accountId, entry.daysToRenewal])).toEqual([
      ['soon', 8],
      ['edge', 90],
    ]);
    expect(built.empty).toBe(false);
  });

  it('links alerts and keeps them oldest first', () => {
    const alert = (alertId: string, openedAt: string) => ({ alertId, accountId: 'a1', accountName: 'Acme', kind: 'usage_dropped', severity: 'high', title: 'Usage fell', openedAt });
    const built = buildDigest(input({ alerts: [alert('b', '2026-11-22T00:00:00Z'), alert('a', '2026-11-21T00:00:00Z')] }));
    expect(built.payload.alerts.map((entry) => [entry.alertId, entry.link])).toEqual([
      ['a', 'https://health.example.com/api/v1/alerts/a'],
      ['b', 'https://health.example.com/api/v1/alerts/b'],
    ]);
  });
});
