import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { FixedClock } from '../../src/common/clock';
import { auth, createAccount } from '../accounts/fixtures';
import { startTestApp, TestApp } from '../support/test-app';
import { outboxEvents, storedAlerts } from './alerts-fixtures';
import { at, ingestDaily, runHealthJob } from './fixtures';

/**
 * Alerts through a real health run: the run's completing transaction calls evaluateAfterRun, so the
 * day it scores is judged against the days before it. The account is runs.e2e-spec's "declining"
 * one (video minutes −38%: score 55.0, yellow, under the default model).
 */
describe('Alerts from a health run (e2e)', () => {
  let t: TestApp;
  const clock = new FixedClock(new Date('2027-01-01T06:00:00Z'));

  beforeAll(async () => {
    t = await startTestApp({ clock });
  });
  afterAll(async () => t.close());

  it('a run that confirms a second yellow day after a green one opens the band drop and its event', async () => {
    const account = await createAccount(t, { segment: 'enterprise', billingModel: 'commit', commitAmount: 36500, commitPeriod: 'year', renewalDate: '2027-07-01', arr: '100000', products: ['video-calling'] });
    at(clock, '2027-03-10T06:00:00Z');
    await ingestDaily(t, account.id, 'billable-amount', '2026-07-01', '2027-03-10', () => 100);
    await ingestDaily(t, account.id, 'video-minutes', '2027-01-14', '2027-03-10', (day) => (day < '2027-02-11' ? 100 : 62));
    // The two days before, as earlier runs recorded them: green, then a first yellow day.
    for (const [day, score, band] of [['2027-03-08', 80, 'green'], ['2027-03-09', 56, 'yellow']] as const) {
      await t.db.pool.query(
        `INSERT INTO health_daily_scores (account_id, day, run_id, model_id, model_version, score, band, coverage, components, drivers, computed_at)
         VALUES ($1, $2, $3, $4, 1, $5, $6, 0.65, '{}', '{}', now())`,
        [account.id, day, randomUUID(), randomUUID(), score, band],
      );
    }
    at(clock, '2027-03-10T12:00:00Z');
    const { jobRun } = await runHealthJob(t);
    expect(jobRun).toMatchObject({ status: 'succeeded', stats: { asOf: '2027-03-10', alertsEvaluated: true } });

    const alerts = await storedAlerts(t, account.id);
    expect(alerts.map((alert) => [alert.kind, alert.status, alert.sourceRef])).toEqual([['band_dropped', 'open', '2027-03-09:yellow']]);
    expect(alerts[0].facts).toMatchObject({ fromBand: 'green', toBand: 'yellow', score: 55 });
    const events = await outboxEvents(t, account.id);
    expect(events.map((event) => event.topic)).toEqual(['alert.opened']);
    expect(events[0].payload).toMatchObject({ alertId: alerts[0].id, band: 'yellow', score: 55, asOf: '2027-03-10', immediate: false });

    // The CSM sees it, and a second run of the same day opens nothing new.
    const listed = await request(t.server).get(`/api/v1/alerts?accountId=${account.id}`).set(auth(t.adminKey)).expect(200);
    expect(listed.body.items.map((alert: { id: string }) => alert.id)).toEqual([alerts[0].id]);
    at(clock, '2027-03-10T12:15:00Z');
    await runHealthJob(t);
    expect(await storedAlerts(t, account.id)).toHaveLength(1);
    expect(await outboxEvents(t, account.id)).toHaveLength(1);
  });
});
