import { FixedClock } from '../../src/common/clock';
import { ReviewsService } from '../../src/reviews/reviews.service';
import { assign, createAccount, createManager } from '../accounts/fixtures';
import { seedAlert } from '../health/alerts-fixtures';
import { startTestApp, TestApp } from '../support/test-app';
import { runJob, storedReviews } from './fixtures';

describe('review-planning job', () => {
  let t: TestApp;
  const clock = new FixedClock(new Date('2026-06-01T09:00:00Z'));
  const at = (instant: string) => clock.set(new Date(instant));

  beforeAll(async () => {
    t = await startTestApp({ clock });
  });
  afterAll(async () => t.close());

  it('plans a new account its cadence reviews with its CSM (TAM for operations); running twice adds nothing', async () => {
    at('2026-06-01T09:00:00Z');
    const csm = await createManager(t);
    const tam = await createManager(t, { role: 'tam' });
    const strategic = await createAccount(t, { segment: 'strategic', renewalDate: '2027-12-31' });
    await assign(t, strategic.id, csm.id, 'csm');
    await assign(t, strategic.id, tam.id, 'tam');
    const startup = await createAccount(t, { segment: 'startup', renewalDate: null, billingModel: 'payg', commitAmount: null, commitPeriod: null, autoRenew: false });

    at('2026-06-01T10:00:00Z');
    const first = await runJob(t, 'review-planning');
    expect(first.stats.planned).toBeGreaterThanOrEqual(2);
    const reviews = await storedReviews(t, strategic.id);
    expect(reviews.map((review) => [review.kind, review.status, review.dueDate, review.managerId])).toEqual([
      ['operations', 'planned', '2026-07-01', tam.id],
      ['EBR', 'planned', '2026-09-01', csm.id],
    ]);
    expect(await storedReviews(t, startup.id)).toEqual([]);

    at('2026-06-01T11:00:00Z');
    const second = await runJob(t, 'review-planning');
    expect(second.stats).toMatchObject({ planned: 0, updated: 0 });
    expect(await storedReviews(t, strategic.id)).toEqual(reviews);

    // What notifications and dashboards read.
    const service = t.app.get(ReviewsService);
    const forTam = await service.openReviewsForManagers([tam.id]);
    expect(forTam).toEqual([
      { reviewId: reviews[0].id, accountId: strategic.id, accountName: strategic.name, accountSegment: 'strategic', kind: 'operations', status: 'planned', dueDate: '2026-07-01', meetingAt: null, managerId: tam.id, agendaReadyAt: null, nudgeFlaggedAt: null },
    ]);
    expect((await service.openReviewsForManagers(null)).map((item) => item.reviewId)).toEqual(expect.arrayContaining(reviews.map((review) => review.id)));
    expect(await service.openReviewsForManagers([])).toEqual([]);
    const next = await service.nextReviewsForAccounts([strategic.id, startup.id]);
    expect([...next.keys()]).toEqual([strategic.id]);
    expect(next.get(strategic.id)).toMatchObject({ reviewId: reviews[0].id, dueDate: '2026-07-01' });
  });

  it('a renewal pulls the planned review earlier instead of adding one', async () => {
    at('2026-06-02T09:00:00Z');
    const csm = await createManager(t);
    const account = await createAccount(t, { segment: 'enterprise', renewalDate: '2027-06-30' });
    await assign(t, account.id, csm.id, 'csm');
    at('2026-06-02T10:00:00Z');
    await runJob(t, 'review-planning');
    const [qbr] = await storedReviews(t, account.id);
    expect(qbr).toMatchObject({ kind: 'QBR', dueDate: '2026-09-02', triggerKeys: [] });

    // The renewal moves to 2026-10-15: with 90 days of lead the renewal review is due 2026-07-17.
    await t.db.pool.query(`UPDATE accounts SET renewal_date = '2026-10-15' WHERE id = $1`, [account.id]);
    at('2026-06-02T11:00:00Z');
    await runJob(t, 'review-planning');
    const after = await storedReviews(t, account.id);
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ id: qbr.id, kind: 'renewal', slot: 'QBR', dueDate: '2026-07-17', originalDueDate: '2026-09-02', triggerKeys: ['renewal:2026-10-15'] });

    at('2026-06-02T12:00:00Z');
    const again = await runJob(t, 'review-planning');
    expect(again.stats).toMatchObject({ planned: 0, updated: 0 });
  });

  it('a breached P1 plans a post-incident review once; an account turned red pulls a risk review', async () => {
    at('2026-06-03T09:00:00Z');
    const startup = await createAccount(t, { segment: 'startup' });
    const growth = await createAccount(t, { segment: 'growth', renewalDate: '2027-12-31' });
    await seedAlert(t, startup.id, { kind: 'sla_breached', sourceRef: 'ticket-1', facts: { sentence: 'P1 breached', ticketSeverity: 'P1' }, openedAt: '2026-06-02T12:00:00Z' });
    await seedAlert(t, startup.id, { kind: 'sla_breached', sourceRef: 'ticket-2', facts: { sentence: 'P3 breached', ticketSeverity: 'P3' }, openedAt: '2026-06-02T12:00:00Z' });
    at('2026-06-03T10:00:00Z');
    await runJob(t, 'review-planning');
    expect((await storedReviews(t, startup.id)).map((review) => [review.kind, review.dueDate, review.triggerKeys])).toEqual([['post_incident', '2026-06-09', ['post_incident:ticket-1']]]);
    expect((await storedReviews(t, growth.id)).map((review) => [review.kind, review.dueDate])).toEqual([['QBR', '2026-12-03']]);

    await seedAlert(t, growth.id, {
      kind: 'band_dropped',
      severity: 'high',
      sourceRef: '2026-06-03:red',
      facts: { sentence: 'red since 2026-06-03', toBand: 'red', fromBand: 'yellow' },
      openedAt: '2026-06-03T06:00:00Z',
    });
    at('2026-06-03T11:00:00Z');
    await runJob(t, 'review-planning');
    expect((await storedReviews(t, growth.id)).map((review) => [review.kind, review.dueDate, review.originalDueDate])).toEqual([['risk', '2026-06-17', '2026-12-03']]);
    expect(await storedReviews(t, startup.id)).toHaveLength(1);
  });

  it('skips test and archived accounts', async () => {
    at('2026-06-04T09:00:00Z');
    const sandbox = await createAccount(t, { segment: 'enterprise', isTest: true });
    const archived = await createAccount(t, { segment: 'enterprise' });
    await t.db.pool.query('UPDATE accounts SET archived_at = $2 WHERE id = $1', [archived.id, '2026-06-04T09:30:00Z']);
    at('2026-06-04T10:00:00Z');
    await runJob(t, 'review-planning');
    expect(await storedReviews(t, sandbox.id)).toEqual([]);
    expect(await storedReviews(t, archived.id)).toEqual([]);
  });
});

describe('review-planning in a business time zone east of UTC', () => {
  let t: TestApp;
  // 20:00 UTC on 1 June is already 2 June in Shanghai: "today" and the account's start are Shanghai days.
  const clock = new FixedClock(new Date('2026-06-01T20:00:00Z'));

  beforeAll(async () => {
    t = await startTestApp({ clock, env: { BUSINESS_TIMEZONE: 'Asia/Shanghai' } });
  });
  afterAll(async () => t.close());

  it('plans from the local day', async () => {
    const account = await createAccount(t, { segment: 'enterprise', renewalDate: '2026-10-31' });
    clock.set(new Date('2026-06-01T21:00:00Z'));
    await runJob(t, 'review-planning');
    // The first QBR is due 3 months after 2 June; the renewal (2026-10-31 − 90 days = 2026-08-02) pulls it earlier.
    expect((await storedReviews(t, account.id)).map((review) => [review.kind, review.slot, review.dueDate, review.originalDueDate])).toEqual([['renewal', 'QBR', '2026-08-02', '2026-09-02']]);
  });
});
