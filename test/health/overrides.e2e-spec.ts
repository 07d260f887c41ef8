import request from 'supertest';
import { FixedClock } from '../../src/common/clock';
import { assign, auth, createAccount, createManager, paths } from '../accounts/fixtures';
import { startTestApp, TestApp } from '../support/test-app';
import { at, health, ingestDaily, runHealthJob } from './fixtures';

describe('health overrides and scoped health reads (e2e)', () => {
  let t: TestApp;
  const clock = new FixedClock(new Date('2027-01-01T06:00:00Z'));
  let mine: { id: string };
  let theirs: { id: string };
  let csmKey: string;

  beforeAll(async () => {
    t = await startTestApp({ clock });
    const csm = await createManager(t);
    const other = await createManager(t);
    const commit = { billingModel: 'commit', commitAmount: 36500, commitPeriod: 'year', renewalDate: '2027-07-01', products: ['video-calling'] };
    mine = await createAccount(t, commit);
    theirs = await createAccount(t, commit);
    await assign(t, mine.id, csm.id, 'csm');
    await assign(t, theirs.id, other.id, 'csm');
    csmKey = await t.keyFor('csm', csm.id);
    at(clock, '2027-03-10T06:00:00Z');
    for (const account of [mine, theirs]) {
      await ingestDaily(t, account.id, 'billable-amount', '2026-07-01', '2027-03-10', () => 100);
      await ingestDaily(t, account.id, 'video-minutes', '2027-01-14', '2027-03-10', () => 100);
    }
    at(clock, '2027-03-10T12:00:00Z');
    await runHealthJob(t);
  });
  afterAll(async () => t.close());

  const put = (accountId: string, body: unknown, key = csmKey) => request(t.server).put(`/api/v1/accounts/${accountId}/override`).set(auth(key)).send(body as object);
  const valid = { band: 'red', score: 35, reasonCode: 'renewal-risk', note: 'Budget cut announced; evaluating a competitor', expiresAt: '2027-03-20T00:00:00Z' };

  it('scopes health reads: a csm sees their accounts and gets 404 outside them', async () => {
    expect((await health(t, mine.id, csmKey).expect(200)).body).toMatchObject({ scored: true, band: 'green' });
    await health(t, theirs.id, csmKey).expect(404);
    await request(t.server).get(`/api/v1/accounts/${theirs.id}/health/history`).set(auth(csmKey)).expect(404);
    await put(theirs.id, valid).expect(404);
    await request(t.server).delete(`/api/v1/accounts/${theirs.id}/override`).set(auth(csmKey)).expect(404);
    await health(t, mine.id, await t.keyFor('bi')).expect(403);
    await health(t, '00000000-0000-4000-8000-000000000000').expect(404);
  });

  it('validates an override with the scoring rules', async () => {
    const response = await put(mine.id, { band: 'unknown', score: 90, reasonCode: 'because', note: '', expiresAt: '2027-03-01T00:00:00Z' }).expect(400);
    expect(paths(response.body).sort()).toEqual(['band', 'expiresAt', 'note', 'reasonCode']);
    expect(paths((await put(mine.id, { ...valid, score: 80 }).expect(400)).body)).toEqual(['score']);
    expect(paths((await put(mine.id, { ...valid, expiresAt: '2028-06-01T00:00:00Z' }).expect(400)).body)).toEqual(['expiresAt']);
    await put(mine.id, { ...valid, extra: 1 }).expect(400);
  });

  it('shows an override beside the computed health until it expires by itself, audited', async () => {
    const set = await put(mine.id, valid).expect(200);
    expect(set.body).toMatchObject({
      band: 'green',
      override: { band: 'red', score: 35, reasonCode: 'renewal-risk', state: 'effective', setAt: '2027-03-10T12:00:00.000Z', expiresAt: '2027-03-20T00:00:00.000Z' },
      effective: { band: 'red', score: 35, source: 'override' },
    });
    const audit = await request(t.server).get('/api/v1/audit-log').set(auth(t.adminKey)).expect(200);
    expect(audit.body.items.map((entry: { action: string }) => entry.action)).toContain('health-override.set');

    at(clock, '2027-03-20T00:00:00Z');
    const expired = (await health(t, mine.id, csmKey).expect(200)).body;
    expect(expired.override).toMatchObject({ state: 'expired' });
    expect(expired.effective).toMatchObject({ band: 'green', source: 'computed' });

    // Replacing keeps one open override; clearing removes it.
    at(clock, '2027-03-20T01:00:00Z');
    await put(mine.id, { ...valid, band: 'yellow', score: null, expiresAt: '2027-04-01T00:00:00Z' }).expect(200);
    expect((await t.db.pool.query('SELECT count(*)::int AS n FROM health_overrides WHERE account_id = $1 AND cleared_at IS NULL', [mine.id])).rows[0].n).toBe(1);
    expect((await health(t, mine.id, csmKey).expect(200)).body.effective).toMatchObject({ band: 'yellow', source: 'override' });
    await request(t.server).delete(`/api/v1/accounts/${mine.id}/override`).set(auth(csmKey)).expect(204);
    await request(t.server).delete(`/api/v1/accounts/${mine.id}/override`).set(auth(csmKey)).expect(404);
    expect((await health(t, mine.id, csmKey).expect(200)).body).toMatchObject({ override: null, effective: { source: 'computed' } });
    await put(mine.id, valid, await t.keyFor('ingest')).expect(403);
  });

  it('answers an unscored account with an unknown band rather than an error', async () => {
    const fresh = await createAccount(t);
    expect((await health(t, fresh.id).expect(200)).body).toMatchObject({ scored: false, score: null, band: 'unknown', model: null, change: { sincePrevious: null, sinceWeekAgo: null }, shadow: [] });
  });
});
