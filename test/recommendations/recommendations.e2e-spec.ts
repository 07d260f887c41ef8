import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { FixedClock } from '../../src/common/clock';
import { JobRunner } from '../../src/jobs/job-runner.service';
import { RecommendationStatsService } from '../../src/recommendations/recommendation-stats.service';
import { RecommendationsService } from '../../src/recommendations/recommendations.service';
import { assign, auth, createAccount, createManager } from '../accounts/fixtures';
import { at, ingestDaily } from '../health/fixtures';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Recommendations over crafted accounts whose answers are known by hand. RECOMMENDATION_MIN_PEERS
 * is 3 so small groups are enough.
 *
 * Growth online-education accounts (video calling, 1:1 tutoring): four peers all use rec-basic,
 * three of them rec-record, one rec-board. The target uses rec-basic only, so for it rec-record
 * has 75% peer adoption (and 75% of rec-basic users use it) and the target already has 5% of its
 * users on it, rec-board 25%. Scores pull those small groups toward the overall rate (3 of 14
 * accounts open to rec-record use it, 1 of 14 rec-board): 47.53 and 9.72. rec-beauty serves
 * another use case, rec-advanced needs rec-record first, rec-voice is another product line.
 *
 * Enterprise accounts for usage lift: five adopt lift-feature on 2027-01-13 and their video minutes
 * double from that week; three non-adopters stay flat over the same weeks, so the lift is +100%.
 */
describe('Recommendations (e2e)', () => {
  let t: TestApp;
  const clock = new FixedClock(new Date('2027-03-10T12:00:00Z'));
  let target: { id: string };
  let liftTarget: { id: string };
  let owner: { id: string };
  let stranger: { id: string };
  let peers: { id: string }[] = [];

  const recommendations = (accountId: string, key = t.adminKey, query = '') => request(t.server).get(`/api/v1/accounts/${accountId}/recommendations${query}`).set(auth(key));
  const adopt = async (rows: { account: string; feature: string; date: string; adoptionPct: number }[]) => {
    const response = await request(t.server).post('/api/v1/adoption').set(auth(t.adminKey)).send(rows);
    if (response.status !== 200 || response.body.rejected > 0) throw new Error(`adoption not ingested: ${JSON.stringify(response.body)}`);
  };
  const runJob = async () => {
    const triggered = await request(t.server).post('/api/v1/jobs/recommendation-stats/run').set(auth(t.adminKey)).expect(202);
    await t.app.get(JobRunner).drain();
    const runs = await request(t.server).get('/api/v1/jobs/runs?job=recommendation-stats').set(auth(t.adminKey)).expect(200);
    return runs.body.items.find((run: { id: string }) => run.id === triggered.body.id);
  };
  const storedRows = async () =>
    (await t.db.pool.query(`SELECT account_id, feature_id, rank, score::text, rationale, evidence, computed_at, updated_at FROM account_recommendations ORDER BY account_id, rank`)).rows;

  beforeAll(async () => {
    t = await startTestApp({ clock, env: { RECOMMENDATION_MIN_PEERS: '3' } });
    const feature = (body: Record<string, unknown>) => request(t.server).post('/api/v1/features').set(auth(t.adminKey)).send({ product: 'video-calling', ...body }).expect(201);
    await feature({ key: 'rec-basic', name: 'Rec basic', useCases: ['one-to-one-tutoring', 'large-class'] });
    await feature({
      key: 'rec-record',
      name: 'Rec record',
      prerequisites: ['rec-basic'],
      eligibleSegments: ['growth', 'enterprise'],
      useCases: ['one-to-one-tutoring', 'large-class'],
      documentationUrl: 'https://docs.example.com/record',
      guideUrl: 'https://docs.example.com/record/guide',
      trainingUrl: 'https://academy.example.com/record',
    });
    await feature({ key: 'rec-board', name: 'Rec board', prerequisites: ['rec-basic'], useCases: ['one-to-one-tutoring'] });
    await feature({ key: 'rec-beauty', name: 'Rec beauty', prerequisites: ['rec-basic'], useCases: ['live-commerce'] });
    await feature({ key: 'rec-advanced', name: 'Rec advanced', prerequisites: ['rec-record'], useCases: ['one-to-one-tutoring'] });
    await feature({ key: 'rec-voice', name: 'Rec voice', product: 'voice-calling', useCases: ['one-to-one-tutoring'] });
    await feature({ key: 'lift-feature', name: 'Lift feature', eligibleSegments: ['enterprise'] });

    const education = { segment: 'growth', industry: 'online-education', products: ['video-calling'], useCases: ['one-to-one-tutoring'] };
    target = await createAccount(t, education);
    peers = [];
    for (let index = 0; index < 4; index += 1) peers.push(await createAccount(t, education));
    const day = '2027-03-01';
    await adopt([
      { account: target.id, feature: 'rec-basic', date: day, adoptionPct: 80 },
      { account: target.id, feature: 'rec-record', date: day, adoptionPct: 5 },
      ...peers.map((peer) => ({ account: peer.id, feature: 'rec-basic', date: day, adoptionPct: 90 })),
      ...peers.slice(0, 3).map((peer) => ({ account: peer.id, feature: 'rec-record', date: day, adoptionPct: 60 })),
      { account: peers[0].id, feature: 'rec-board', date: day, adoptionPct: 40 },
      { account: peers[3].id, feature: 'rec-board', date: day, adoptionPct: 10 },
    ]);

    const enterprise = { segment: 'enterprise', industry: 'social', products: ['video-calling'], useCases: ['large-class'] };
    const adopters = [];
    for (let index = 0; index < 5; index += 1) adopters.push(await createAccount(t, enterprise));
    const flat = [];
    for (let index = 0; index < 3; index += 1) flat.push(await createAccount(t, enterprise));
    liftTarget = await createAccount(t, enterprise);
    for (const account of adopters) await ingestDaily(t, account.id, 'video-minutes', '2026-12-14', '2027-02-14', (date) => (date < '2027-01-11' ? 100 : 200));
    for (const account of flat) await ingestDaily(t, account.id, 'video-minutes', '2026-12-14', '2027-02-14', () => 100);
    await adopt([
      ...adopters.map((account) => ({ account: account.id, feature: 'lift-feature', date: '2027-01-13', adoptionPct: 50 })),
      ...flat.map((account) => ({ account: account.id, feature: 'lift-feature', date: '2027-01-13', adoptionPct: 0 })),
      { account: liftTarget.id, feature: 'lift-feature', date: '2027-01-13', adoptionPct: 0 },
    ]);

    owner = await createManager(t);
    stranger = await createManager(t);
    await assign(t, target.id, owner.id, 'csm');
  });
  afterAll(async () => t.close());

  it('says when the statistics were never computed', async () => {
    const response = await recommendations(target.id).expect(200);
    expect(response.body).toEqual({ accountId: target.id, computedAt: null, asOf: null, eligibleFeatures: 0, items: [] });
    expect(await t.app.get(RecommendationsService).forAccounts([target.id])).toEqual(new Map());
  });

  it('ranks the eligible features by their evidence after the job ran', async () => {
    at(clock, '2027-03-10T12:00:00Z');
    const run = await runJob();
    expect(run).toMatchObject({ status: 'succeeded', stats: { asOf: '2027-03-10', accounts: 14 } });

    const response = await recommendations(target.id).expect(200);
    expect(response.body).toMatchObject({ accountId: target.id, computedAt: '2027-03-10T12:00:00.000Z', asOf: '2027-03-10', eligibleFeatures: 2 });
    expect(response.body.items).toEqual([
      {
        rank: 1,
        feature: { id: expect.any(String), key: 'rec-record', name: 'Rec record', product: 'video-calling' },
        score: 47.53,
        evidence: {
          peerGroup: 'segment_industry',
          peerCount: 4,
          peerAdoptionPct: 75,
          coAdoptionPct: 75,
          coAdoptionSample: 4,
          usageLiftPct: null,
          usageLiftAdopters: 0,
          usageLiftComparisons: 0,
          retentionAdopterPct: null,
          retentionNonAdopterPct: null,
          retentionSample: 0,
          accountAdoptionPct: 5,
        },
        links: { docs: 'https://docs.example.com/record', guide: 'https://docs.example.com/record/guide', training: 'https://academy.example.com/record' },
        rationale: '75% of growth online education accounts use Rec record; 5% of your users already use it.',
      },
      expect.objectContaining({
        rank: 2,
        feature: expect.objectContaining({ key: 'rec-board' }),
        score: 9.72,
        evidence: expect.objectContaining({ peerGroup: 'segment_industry', peerCount: 4, peerAdoptionPct: 25, coAdoptionPct: 25, accountAdoptionPct: null }),
        links: { docs: null, guide: null, training: null },
        rationale: '25% of growth online education accounts use Rec board.',
      }),
    ]);
  });

  it('measures usage lift against non-adopters of the same segment over the same weeks', async () => {
    const response = await recommendations(liftTarget.id).expect(200);
    const lift = response.body.items.find((item: { feature: { key: string } }) => item.feature.key === 'lift-feature');
    expect(lift.evidence).toMatchObject({ peerGroup: 'segment_industry', peerCount: 8, peerAdoptionPct: 62.5, usageLiftPct: 100, usageLiftAdopters: 5, usageLiftComparisons: 3 });
    expect(lift.rationale).toBe("63% of enterprise social accounts use Lift feature; after adopting it their video minutes grew 100% more than peers'.");
  });

  it('gives other modules many accounts at once, best first', async () => {
    const byAccount = await t.app.get(RecommendationsService).forAccounts([target.id, liftTarget.id, randomUUID()], 1);
    expect([...byAccount.keys()].sort()).toEqual([target.id, liftTarget.id].sort());
    expect(byAccount.get(target.id)).toEqual([
      expect.objectContaining({ accountId: target.id, rank: 1, featureKey: 'rec-record', productKey: 'video-calling', score: 47.53, computedAt: '2027-03-10T12:00:00.000Z' }),
    ]);
  });

  it('takes a limit and refuses a bad one', async () => {
    const limited = await recommendations(target.id, t.adminKey, '?limit=1').expect(200);
    expect(limited.body.items.map((item: { rank: number }) => item.rank)).toEqual([1]);
    for (const query of ['?limit=0', '?limit=21', '?limit=abc', '?limit=1.5', '?unknown=1']) {
      const response = await recommendations(target.id, t.adminKey, query).expect(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
    }
  });

  it('answers 404 for unknown accounts and accounts outside the key scope, 403 for roles without reads', async () => {
    await recommendations(randomUUID()).expect(404);
    await recommendations('not-a-uuid').expect(400);
    await recommendations(target.id, await t.keyFor('csm', owner.id)).expect(200);
    await recommendations(target.id, await t.keyFor('csm', stranger.id)).expect(404);
    await recommendations(target.id, await t.keyFor('lead', owner.id)).expect(200);
    await recommendations(target.id, await t.keyFor('lead', stranger.id)).expect(404);
    await recommendations(target.id, await t.keyFor('manager')).expect(200);
    await recommendations(target.id, await t.keyFor('ingest')).expect(403);
    await recommendations(target.id, await t.keyFor('bi')).expect(403);
  });

  it('a rerun on the same data changes nothing', async () => {
    const before = await storedRows();
    expect(before.length).toBeGreaterThan(0);
    const stats = await t.app.get(RecommendationStatsService).run();
    expect(stats).toMatchObject({ asOf: '2027-03-10', written: 0, deleted: 0, recommendations: before.length });
    expect(await storedRows()).toEqual(before);

    // A later run through the job writes the same recommendations, stamped with its own time.
    at(clock, '2027-03-10T13:00:00Z');
    expect(await runJob()).toMatchObject({ status: 'succeeded' });
    const later = await storedRows();
    const content = (rows: Record<string, unknown>[]) => rows.map(({ computed_at: _computed, updated_at: _updated, ...row }) => row);
    expect(content(later)).toEqual(content(before));
    expect(new Set(later.map((row) => (row.computed_at as Date).toISOString()))).toEqual(new Set(['2027-03-10T13:00:00.000Z']));
  });

  it('follows adoption: an adopted feature leaves, what it unlocks arrives', async () => {
    await adopt([{ account: target.id, feature: 'rec-record', date: '2027-03-10', adoptionPct: 50 }]);
    at(clock, '2027-03-10T14:00:00Z');
    await runJob();
    const response = await recommendations(target.id).expect(200);
    expect(response.body.items.map((item: { feature: { key: string } }) => item.feature.key)).toEqual(['rec-board', 'rec-advanced']);
    const advanced = response.body.items[1];
    // No peer uses rec-advanced (and rec-advanced is open to the whole segment): 0 of 4.
    expect(advanced.evidence).toMatchObject({ peerGroup: 'segment_industry', peerCount: 4, peerAdoptionPct: 0 });
  });

  it('drops archived accounts on the next run', async () => {
    await request(t.server).post(`/api/v1/accounts/${peers[3].id}/archive`).set(auth(t.adminKey)).send({}).expect((response) => {
      if (response.status >= 300) throw new Error(`archive failed: ${response.status} ${JSON.stringify(response.body)}`);
    });
    at(clock, '2027-03-10T15:00:00Z');
    await runJob();
    const rows = await t.db.pool.query('SELECT count(*)::int AS n FROM account_recommendations WHERE account_id = $1', [peers[3].id]);
    expect(rows.rows[0].n).toBe(0);
    const response = await recommendations(peers[3].id).expect(200);
    expect(response.body).toMatchObject({ computedAt: null, items: [] });
  });
});

describe('Recommendations in a business time zone ahead of UTC (e2e)', () => {
  let t: TestApp;
  // 12:00 UTC on the 10th is already the 11th in Auckland.
  const clock = new FixedClock(new Date('2027-03-10T12:00:00Z'));

  beforeAll(async () => {
    t = await startTestApp({ clock, env: { BUSINESS_TIMEZONE: 'Pacific/Auckland', RECOMMENDATION_MIN_PEERS: '1' } });
  });
  afterAll(async () => t.close());

  it('computes as of the business day and reads adoption up to it', async () => {
    await request(t.server).post('/api/v1/features').set(auth(t.adminKey)).send({ key: 'tz-feature', product: 'video-calling', name: 'TZ feature' }).expect(201);
    const account = await createAccount(t, { segment: 'growth', products: ['video-calling'], useCases: ['large-class'] });
    const peer = await createAccount(t, { segment: 'growth', products: ['video-calling'], useCases: ['large-class'] });
    // Reported for the 11th (allowed: at most one day after today): adopted as of the 11th, not before.
    await request(t.server).post('/api/v1/adoption').set(auth(t.adminKey)).send([{ account: peer.id, feature: 'tz-feature', date: '2027-03-11', adoptionPct: 90 }]).expect(200);
    const stats = await t.app.get(RecommendationStatsService).run();
    expect(stats).toMatchObject({ asOf: '2027-03-11', accounts: 2 });
    const response = await request(t.server).get(`/api/v1/accounts/${account.id}/recommendations`).set(auth(t.adminKey)).expect(200);
    expect(response.body).toMatchObject({ asOf: '2027-03-11', computedAt: '2027-03-10T12:00:00.000Z' });
    expect(response.body.items).toEqual([expect.objectContaining({ feature: expect.objectContaining({ key: 'tz-feature' }), evidence: expect.objectContaining({ peerCount: 1, peerAdoptionPct: 100 }) })]);

    // As of the 10th the peer had not adopted yet.
    await t.app.get(RecommendationStatsService).run({ asOfDay: '2027-03-10' });
    const earlier = await request(t.server).get(`/api/v1/accounts/${account.id}/recommendations`).set(auth(t.adminKey)).expect(200);
    expect(earlier.body.asOf).toBe('2027-03-10');
    expect(earlier.body.items[0].evidence).toMatchObject({ peerCount: 0, peerAdoptionPct: 0 });
  });
});
