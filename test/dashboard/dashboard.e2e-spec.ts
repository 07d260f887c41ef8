import request from 'supertest';
import { FixedClock } from '../../src/common/clock';
import { assign, auth, createAccount, createManager } from '../accounts/fixtures';
import { seedAlert } from '../health/alerts-fixtures';
import { at, ingestDaily, runHealthJob } from '../health/fixtures';
import { ingestTickets, ticketRow } from '../support-tickets/fixtures';
import { runJob } from '../reviews/fixtures';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * The crafted accounts of the health runs test (default model, as of 2027-03-10):
 *  - declining: −38% video minutes → 55.0, yellow; ARR 100,000 USD, renews 2027-07-01 (113 days).
 *  - steady: flat usage → 78.1, green; ARR 300,000 USD, renews 2027-07-01.
 *  - their organisation rolls both up → 72.3, yellow; its own ARR (400,000) is its children's.
 *  - quiet: held by the same manager, too little data → band unknown; renews 2027-05-01 (52 days).
 */
describe('account dashboard and portfolio health (e2e)', () => {
  let t: TestApp;
  const clock = new FixedClock(new Date('2027-01-01T06:00:00Z'));
  let csm: { id: string };
  let tam: { id: string };
  let other: { id: string };
  let declining: { id: string; externalId: string };
  let steady: { id: string };
  let organisation: { id: string };
  let quiet: { id: string };
  let outside: { id: string };

  const dashboard = (id: string, key = t.adminKey) => request(t.server).get(`/api/v1/accounts/${id}/dashboard`).set(auth(key));
  const portfolio = (id: string, key = t.adminKey) => request(t.server).get(`/api/v1/managers/${id}/portfolio`).set(auth(key));

  beforeAll(async () => {
    t = await startTestApp({ clock });
    csm = await createManager(t, { name: 'Casey Csm' });
    tam = await createManager(t, { name: 'Tari Tam' });
    other = await createManager(t);
    organisation = await createAccount(t, { arr: '400000', products: [], useCases: [], renewalDate: '2027-07-01' });
    const commit = { billingModel: 'commit', commitAmount: 36500, commitPeriod: 'year', parentId: organisation.id };
    declining = await createAccount(t, { ...commit, name: 'Declining Ltd', segment: 'growth', arr: '100000', currency: 'USD', renewalDate: '2027-07-01', products: ['video-calling'] });
    steady = await createAccount(t, { ...commit, arr: '300000', renewalDate: '2027-07-01', products: ['video-calling'] });
    quiet = await createAccount(t, { arr: '5000', renewalDate: '2027-05-01' });
    outside = await createAccount(t, { arr: '7000' });
    for (const account of [organisation, declining, steady, quiet]) await assign(t, account.id, csm.id, 'csm');
    await assign(t, declining.id, tam.id, 'tam');
    await assign(t, outside.id, other.id, 'csm');

    at(clock, '2027-03-10T06:00:00Z');
    for (const account of [declining, steady]) await ingestDaily(t, account.id, 'billable-amount', '2026-07-01', '2027-03-10', () => 100);
    await ingestDaily(t, declining.id, 'video-minutes', '2027-01-14', '2027-03-10', (day) => (day < '2027-02-11' ? 100 : 62));
    await ingestDaily(t, steady.id, 'video-minutes', '2027-01-14', '2027-03-10', () => 100);
    at(clock, '2027-03-10T12:00:00Z');
    const { healthRun } = await runHealthJob(t);
    expect(healthRun).toMatchObject({ status: 'completed', asOf: '2027-03-10' });
  });
  afterAll(async () => t.close());

  it('answers the dashboard of an account in one call', async () => {
    const open = ticketRow(declining.externalId, {
      severity: 'P3',
      status: 'open',
      statusHistory: [{ status: 'open', at: '2027-03-10T09:00:00Z' }],
      openedAt: '2027-03-10T09:00:00Z',
      firstResponseAt: null,
      resolvedAt: null,
    });
    const resolved = ticketRow(declining.externalId, {
      statusHistory: [
        { status: 'open', at: '2027-03-01T10:00:00Z' },
        { status: 'resolved', at: '2027-03-01T12:00:00Z' },
      ],
      openedAt: '2027-03-01T10:00:00Z',
      firstResponseAt: '2027-03-01T10:10:00Z',
      resolvedAt: '2027-03-01T12:00:00Z',
    });
    const ingested = await ingestTickets(t, [open, resolved]).expect(200);
    expect(ingested.body.rejected).toBe(0);
    const openAlert = await seedAlert(t, declining.id, { kind: 'score_fell', openedAt: '2027-03-10T12:00:00Z' });
    await seedAlert(t, steady.id, { openedAt: '2027-03-09T12:00:00Z' });

    const body = (await dashboard(declining.id).expect(200)).body;
    expect(body.account).toMatchObject({
      id: declining.id,
      name: 'Declining Ltd',
      segment: 'growth',
      arr: '100000.00',
      currency: 'USD',
      renewalDate: '2027-07-01',
      parentId: organisation.id,
      csm: { managerId: csm.id, name: 'Casey Csm' },
      tam: { managerId: tam.id, name: 'Tari Tam' },
    });
    // the same health as GET accounts/:id/health
    const health = (await request(t.server).get(`/api/v1/accounts/${declining.id}/health`).set(auth(t.adminKey)).expect(200)).body;
    expect(body.health).toEqual(health);
    expect(body.health).toMatchObject({ score: 55, band: 'yellow', change: { sincePrevious: null, sinceWeekAgo: null } });
    expect(body.scoreHistory).toEqual({ from: '2026-12-11', to: '2027-03-10', items: [{ day: '2027-03-10', score: 55, band: 'yellow', coverage: 0.65 }] });
    expect(body.adoption).toMatchObject({ featureCount: 0, adoptedCount: 0, relevantFeatures: null, topFeatures: [] });
    expect(body.trends.asOf).toBe('2027-03-09');
    expect(body.trends.usage.map((metric: { metric: string }) => metric.metric)).toContain('video-minutes');
    expect(body.trends.usage.find((metric: { metric: string }) => metric.metric === 'video-minutes')).toMatchObject({ isMainMetric: true, last28: { currentTo: '2027-03-09' } });
    // as of yesterday the 28 days hold 27 days at 62 and one at 100 (the trends read's own rule)
    expect(body.trends.usage.find((metric: { metric: string }) => metric.metric === 'video-minutes').last28.changePct).toBeCloseTo(-34.3, 1);
    expect(body.trends.quality).toEqual([]);
    expect(body.commitPacing).toMatchObject({ status: 'scored', score: 85, details: { billingModel: 'commit', commitAmount: 36500 } });
    expect(body.openTickets.count).toBe(1);
    expect(body.openTickets.items[0]).toMatchObject({ externalId: open.externalId, status: 'open', severity: 'P3' });
    expect(body.openTickets.items[0].sla).not.toBeNull();
    expect(body.openAlerts).toMatchObject({ count: 1, items: [{ id: openAlert, kind: 'score_fell', status: 'open' }] });
    expect(body.nextReview).toBeNull();
  });

  it('answers an unscored account with an unknown band and empty parts', async () => {
    const body = (await dashboard(quiet.id).expect(200)).body;
    expect(body.health).toMatchObject({ band: 'unknown' });
    expect(body).toMatchObject({ commitPacing: { status: 'missing', score: null }, openTickets: { count: 0 }, openAlerts: { count: 0 }, trends: { usage: [] } });
    await dashboard('6c1f0a3e-8a51-4df4-9ac2-5f1d1f3cbd9e').expect(404);
    await dashboard('not-a-uuid').expect(400);
  });

  it('scopes the dashboard: a csm sees its accounts only, bi may not read it', async () => {
    const csmKey = await t.keyFor('csm', csm.id);
    await dashboard(declining.id, csmKey).expect(200);
    await dashboard(outside.id, csmKey).expect(404);
    const otherKey = await t.keyFor('csm', other.id);
    await dashboard(declining.id, otherKey).expect(404);
    await dashboard(outside.id, otherKey).expect(200);
    await dashboard(declining.id, await t.keyFor('bi')).expect(403);
    await dashboard(declining.id, await t.keyFor('manager')).expect(200);
  });

  it('adds health to the portfolio: counts per band, ARR at risk without parents, renewals, accounts', async () => {
    const body = (await portfolio(csm.id).expect(200)).body;
    // existing fields unchanged
    expect(body).toMatchObject({ managerId: csm.id, accounts: 4, renewalsNext90Days: 1, arr: { total: '805000.00' } });
    expect(body.health.countsByBand).toEqual({ green: 1, yellow: 2, red: 0, unknown: 1 });
    // declining (yellow, 100,000); the organisation is yellow too but its ARR is its children's
    expect(body.health.arrAtRisk).toEqual({
      reportingCurrency: 'USD',
      date: '2027-03-10',
      basis: 'accounts-without-children',
      total: '100000.00',
      convertedTotal: '100000.00',
      yellow: '100000.00',
      red: '0.00',
      complete: true,
      accounts: 1,
      missingRates: [],
    });
    expect(body.health).toMatchObject({ renewalsNext90Days: 1, renewalsNext180Days: 4 });
    expect(body.health.accounts.map((account: { accountId: string }) => account.accountId)).toEqual([declining.id, organisation.id, quiet.id, steady.id]);
    expect(body.health.accounts[0]).toEqual({
      accountId: declining.id,
      externalId: declining.externalId,
      name: 'Declining Ltd',
      segment: 'growth',
      parentId: organisation.id,
      hasChildren: false,
      score: 55,
      band: 'yellow',
      overridden: false,
      computedScore: 55,
      computedBand: 'yellow',
      change7Days: null,
      arr: '100000.00',
      currency: 'USD',
      arrReporting: '100000.00',
      renewalDate: '2027-07-01',
    });
    expect(body.health.accounts[1]).toMatchObject({ accountId: organisation.id, hasChildren: true, score: 72.3, band: 'yellow' });
    expect(body.health.accounts[2]).toMatchObject({ accountId: quiet.id, band: 'unknown', change7Days: null });

    // a csm key sees its own portfolio, not another manager's
    const csmKey = await t.keyFor('csm', csm.id);
    expect((await portfolio(csm.id, csmKey).expect(200)).body.health.countsByBand).toEqual({ green: 1, yellow: 2, red: 0, unknown: 1 });
    await portfolio(other.id, csmKey).expect(404);
    await portfolio(csm.id, await t.keyFor('bi')).expect(403);
  });

  it('shows the next open review once reviews are planned', async () => {
    expect((await dashboard(declining.id).expect(200)).body.nextReview).toBeNull();
    at(clock, '2027-03-10T12:30:00Z');
    await runJob(t, 'review-planning');
    const { rows } = await t.db.pool.query(`SELECT id, kind, due_date::text AS "dueDate" FROM business_reviews WHERE account_id = $1 AND status IN ('planned', 'agenda_ready', 'scheduled') ORDER BY due_date, id LIMIT 1`, [declining.id]);
    expect(rows).toHaveLength(1);
    const { nextReview } = (await dashboard(declining.id).expect(200)).body;
    expect(nextReview).toMatchObject({ reviewId: rows[0].id, kind: rows[0].kind, dueDate: rows[0].dueDate, status: 'planned', meetingAt: null, managerId: csm.id });
  });

  it('counts an override in the portfolio until it expires: effective band and score, computed beside them', async () => {
    const override = { band: 'red', score: 30, reasonCode: 'renewal-risk', note: 'champion left', expiresAt: '2027-03-12T00:00:00Z' };
    await request(t.server).put(`/api/v1/accounts/${steady.id}/override`).set(auth(t.adminKey)).send(override).expect(200);
    try {
      const body = (await portfolio(csm.id).expect(200)).body;
      expect(body.health.countsByBand).toEqual({ green: 0, yellow: 2, red: 1, unknown: 1 });
      // steady's 300,000 is now at risk (red), beside declining's 100,000 (yellow)
      expect(body.health.arrAtRisk).toMatchObject({ total: '400000.00', yellow: '100000.00', red: '300000.00', accounts: 2 });
      expect(body.health.accounts[0]).toMatchObject({ accountId: steady.id, score: 30, band: 'red', overridden: true, computedScore: 78.1, computedBand: 'green' });

      at(clock, '2027-03-12T00:00:01Z'); // the override has expired by itself
      const later = (await portfolio(csm.id).expect(200)).body;
      expect(later.health.countsByBand).toEqual({ green: 1, yellow: 2, red: 0, unknown: 1 });
      expect(later.health.accounts.find((account: { accountId: string }) => account.accountId === steady.id)).toMatchObject({ band: 'green', overridden: false });
    } finally {
      at(clock, '2027-03-10T12:00:00Z');
      await request(t.server).delete(`/api/v1/accounts/${steady.id}/override`).set(auth(t.adminKey));
    }
  });
});
