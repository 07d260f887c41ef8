import request from 'supertest';
import { FixedClock } from '../../src/common/clock';
import { auth, createAccount } from '../accounts/fixtures';
import { startTestApp, TestApp } from '../support/test-app';
import { at, health, ingestDaily, runHealthJob } from './fixtures';

/**
 * Runs on crafted accounts whose signals give known scores under the default model:
 *  - declining: video minutes 100/day for 28 days then 62/day (−38% → usage trend 15), billable
 *    100/day on a 36,500/year commit (on pace → 85), no tickets (support 100), no touchpoint and
 *    no sponsor (relationship 0); no quality, adoption or NPS: coverage 65%, score 3575/65 = 55.0.
 *  - steady: the same with flat usage (0% → 75): 5075/65 = 78.1, green.
 *  - their organisation rolls both up: (100k × 55 + 300k × 78.1) / 400k = 72.3, worst child declining.
 */
describe('health runs (e2e)', () => {
  let t: TestApp;
  const clock = new FixedClock(new Date('2027-03-10T06:00:00Z'));
  let declining: { id: string };
  let steady: { id: string };
  let organisation: { id: string };

  beforeAll(async () => {
    t = await startTestApp({ clock });
    organisation = await createAccount(t, { arr: '0', products: [], useCases: [], renewalDate: '2027-07-01' });
    const commit = { billingModel: 'commit', commitAmount: 36500, commitPeriod: 'year', renewalDate: '2027-07-01', parentId: organisation.id };
    declining = await createAccount(t, { ...commit, arr: '100000', products: ['video-calling'] });
    steady = await createAccount(t, { ...commit, arr: '300000', products: ['video-calling'] });
    for (const account of [declining, steady]) await ingestDaily(t, account.id, 'billable-amount', '2026-07-01', '2027-03-10', () => 100);
    await ingestDaily(t, declining.id, 'video-minutes', '2027-01-14', '2027-03-10', (day) => (day < '2027-02-11' ? 100 : 62));
    await ingestDaily(t, steady.id, 'video-minutes', '2027-01-14', '2027-03-10', () => 100);
    at(clock, '2027-03-10T12:00:00Z');
  });
  afterAll(async () => t.close());

  it('scores every account in a full run with components, coverage, band and drivers', async () => {
    const { jobRun, healthRun } = await runHealthJob(t);
    expect(jobRun).toMatchObject({ status: 'succeeded', stats: { kind: 'full', asOf: '2027-03-10', accountsScored: 2, organisationsRolledUp: 1 } });
    expect(healthRun).toMatchObject({ kind: 'full', status: 'completed', asOf: '2027-03-10' });

    const response = await health(t, declining.id).expect(200);
    expect(response.body).toMatchObject({ scored: true, score: 55, band: 'yellow', coverage: 0.65, model: { key: 'default', version: 1 }, asOf: '2027-03-10' });
    const components = Object.fromEntries(response.body.components.map((component: { key: string }) => [component.key, component]));
    expect(components['usage-trend']).toMatchObject({ status: 'scored', score: 15, facts: ['video minutes −38% over 28 days'] });
    expect(components['commit-pacing']).toMatchObject({ status: 'scored', score: 85 });
    expect(components.support).toMatchObject({ status: 'scored', score: 100 });
    expect(components.relationship).toMatchObject({ status: 'scored', score: 0, facts: ['no touchpoint recorded', 'no executive sponsor assigned'] });
    expect(components['call-quality']).toMatchObject({ status: 'missing', score: null });
    expect(response.body.drivers.down[0]).toMatchObject({ key: 'usage-trend', sentence: 'usage trend: video minutes −38% over 28 days' });
    expect(response.body.drivers.up[0]).toMatchObject({ key: 'support' });
    expect(response.body.change).toEqual({ sincePrevious: null, sinceWeekAgo: null });
    expect(response.body.effective).toEqual({ score: 55, band: 'yellow', source: 'computed' });

    expect((await health(t, steady.id).expect(200)).body).toMatchObject({ score: 78.1, band: 'green' });
    const parent = (await health(t, organisation.id).expect(200)).body;
    expect(parent).toMatchObject({ score: 72.3, band: 'yellow', coverage: 1 });
    expect(parent.drivers.rollUp).toMatchObject({ weighting: 'arr', arrReporting: 400000, worstChild: { accountId: declining.id, band: 'yellow', score: 55 } });
  });
});
