import request from 'supertest';
import { FixedClock } from '../../src/common/clock';
import { DEFAULT_HEALTH_MODEL } from '../../src/health/scoring';
import { auth, createAccount, createManager, paths } from '../accounts/fixtures';
import { startTestApp, TestApp } from '../support/test-app';
import { addDays, at, ingestDaily } from './fixtures';

/**
 * A small crafted book: 10 growth accounts scored by a two-component model (usage trend, call
 * quality) for the growth segment, 2 enterprise accounts it does not score, and one account that
 * did not exist 90 days before its outcome. Churners' usage fell and their join success was poor
 * before they left; one churner looked healthy and one stayer looked poor, so the ranking is good,
 * not perfect.
 */
const FIRST_DAY = '2026-01-02';
const LAST_DAY = '2026-06-30';

const twoComponentModel = (usageWeight: number, qualityWeight: number) => {
  const model = JSON.parse(JSON.stringify(DEFAULT_HEALTH_MODEL));
  model.components = model.components
    .filter((component: { key: string }) => component.key === 'usage-trend' || component.key === 'call-quality')
    .map((component: { key: string }) => ({ ...component, weight: component.key === 'usage-trend' ? usageWeight : qualityWeight }));
  return { ...model, minimumCoverage: 0.5, segments: ['growth'] };
};

interface Planned {
  id: string;
  falls: boolean;
  poorQuality: boolean;
  outcome: { kind: 'churned' | 'renewed'; date: string };
}

describe('health model backtests and fits (e2e)', () => {
  let t: TestApp;
  const clock = new FixedClock(new Date('2026-01-01T06:00:00Z'));
  let manager: string;
  const planned: Planned[] = [];
  let late: { id: string };
  let enterprise: { id: string }[];

  const backtest = (body: unknown, path = '/bt/versions/1/backtest', key = manager) => request(t.server).post(`/api/v1/health-models${path}`).set(auth(key)).send(body as object);
  const outcomes = (rows: Record<string, unknown>[]) => request(t.server).post('/api/v1/outcomes').set(auth(t.adminKey)).send(rows).expect(200);

  beforeAll(async () => {
    t = await startTestApp({ clock });
    manager = await t.keyFor('manager');
    const plan: Omit<Planned, 'id'>[] = [
      { falls: true, poorQuality: true, outcome: { kind: 'churned', date: '2026-06-20' } },
      { falls: true, poorQuality: true, outcome: { kind: 'churned', date: '2026-06-22' } },
      { falls: true, poorQuality: false, outcome: { kind: 'churned', date: '2026-06-24' } },
      // Churned although healthy: the score cannot see everything.
      { falls: false, poorQuality: false, outcome: { kind: 'churned', date: '2026-06-26' } },
      { falls: false, poorQuality: false, outcome: { kind: 'renewed', date: '2026-06-15' } },
      { falls: false, poorQuality: false, outcome: { kind: 'renewed', date: '2026-06-17' } },
      { falls: false, poorQuality: false, outcome: { kind: 'renewed', date: '2026-06-19' } },
      { falls: false, poorQuality: false, outcome: { kind: 'renewed', date: '2026-06-21' } },
      { falls: false, poorQuality: true, outcome: { kind: 'renewed', date: '2026-06-23' } },
      // Stayed although poor.
      { falls: true, poorQuality: true, outcome: { kind: 'renewed', date: '2026-06-25' } },
    ];
    const accountBody = { products: ['video-calling'], billingModel: 'payg', commitAmount: null, commitPeriod: null, renewalDate: null, segment: 'growth' };
    for (const entry of plan) planned.push({ id: (await createAccount(t, accountBody)).id, ...entry });
    enterprise = [await createAccount(t, { ...accountBody, segment: 'enterprise' }), await createAccount(t, { ...accountBody, segment: 'enterprise' })];
    at(clock, '2026-05-01T06:00:00Z');
    late = await createAccount(t, accountBody);
    at(clock, '2026-07-01T12:00:00Z');

    // Usage: flat at 100, or (falling accounts) from 100 on 1 March down to 30 by 31 March; join success good or poor.
    const usage = (falls: boolean) => (day: string) => (!falls || day < '2026-03-01' ? 100 : Math.max(30, 100 - Math.round((Date.parse(day) - Date.parse('2026-03-01')) / 86_400_000) * 2.4));
    for (const entry of [...planned, ...enterprise.map((account) => ({ id: account.id, falls: false, poorQuality: false }))]) {
      await ingestDaily(t, entry.id, 'video-minutes', FIRST_DAY, LAST_DAY, usage(entry.falls));
      await ingestDaily(t, entry.id, 'join-success-rate', FIRST_DAY, LAST_DAY, () => (entry.poorQuality ? 0.955 : 0.992), 1000);
    }
    await ingestDaily(t, late.id, 'video-minutes', '2026-05-01', LAST_DAY, () => 100);

    for (const key of ['bt']) {
      await request(t.server).post('/api/v1/health-models').set(auth(manager)).send({ key, name: 'Backtest model', definition: twoComponentModel(50, 50) }).expect(201);
    }
    await request(t.server).post('/api/v1/health-models/bt/versions/1/activate').set(auth(manager)).expect(200);
  });
  afterAll(async () => t.close());

  it('answers 422 while there are no outcomes, or only churns', async () => {
    const none = await backtest({ horizonDays: 90 }).expect(422);
    expect(none.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(none.body).toMatchObject({ status: 422, type: expect.stringContaining('no-outcomes'), detail: expect.stringMatching(/no outcomes/) });
    await request(t.server).post('/api/v1/health-models/bt/versions/1/fit').set(auth(manager)).send({}).expect(422);

    await outcomes(planned.filter((entry) => entry.outcome.kind === 'churned').map((entry) => ({ account: entry.id, kind: 'churned', date: entry.outcome.date, arrChange: '-120000.50' })));
    expect((await backtest({}).expect(422)).body.detail).toMatch(/without accounts that stayed/);
    await outcomes([
      ...planned.filter((entry) => entry.outcome.kind === 'renewed').map((entry) => ({ account: entry.id, kind: 'renewed', date: entry.outcome.date, arrChange: 0 })),
      ...enterprise.map((account) => ({ account: account.id, kind: 'renewed', date: '2026-06-18', arrChange: 0 })),
      { account: late.id, kind: 'renewed', date: '2026-06-01', arrChange: 0 },
    ]);
  });

  it('backtests a version: AUC, bands, red precision and recall, calibration, lead time, left-out outcomes', async () => {
    const response = await backtest({ horizonDays: 90 }).expect(200);
    const body = response.body;
    expect(body).toMatchObject({ horizonDays: 90, outcomes: { total: 13, churned: 4, retained: 9, firstDate: '2026-06-01', lastDate: '2026-06-26' } });
    expect(body.restatedValues).toMatch(/not reconstructed/);
    const result = body.backtest;
    expect(result).toMatchObject({ role: 'requested', model: { key: 'bt', version: 1, status: 'active' } });
    expect(result.sampleSize).toEqual({ samples: 10, churned: 4, retained: 6, accounts: 10, fromDailyRecord: 0, recomputed: 10 });
    // Left out: the two enterprise accounts (segment) and the account that did not exist yet.
    expect(result.leftOut.total).toBe(3);
    expect(result.leftOut.byReason).toEqual({ 'not-scored-then': 1, 'segment-not-in-model': 2, organisation: 0, 'insufficient-data': 0 });
    expect(result.leftOut.items).toEqual(expect.arrayContaining([expect.objectContaining({ accountId: late.id, reason: 'not-scored-then', asOf: addDays('2026-06-01', -90) })]));
    // Churners rank below stayers except the healthy churner and the poor stayer: clearly better than chance, not perfect.
    expect(result.auc).toBeGreaterThan(0.6);
    expect(result.auc).toBeLessThan(1);
    expect(result.arrWeightedAuc).toBeCloseTo(result.auc, 4);
    expect(result.bySegment).toEqual([{ segment: 'growth', samples: 10, churned: 4, auc: result.auc }]);
    expect(result.bands.map((band: { band: string }) => band.band)).toEqual(['green', 'yellow', 'red', 'unknown']);
    expect(result.bands.reduce((sum: number, band: { samples: number }) => sum + band.samples, 0)).toBe(10);
    const red = result.bands.find((band: { band: string }) => band.band === 'red');
    expect(result.redBand.flagged).toBe(red.samples);
    expect(red.samples).toBeGreaterThan(0);
    expect(result.redBand.precision).toBeCloseTo(red.churned / red.samples, 4);
    expect(result.redBand.recall).toBeCloseTo(red.churned / 4, 4);
    expect(result.calibration).toHaveLength(10);
    expect(result.calibration.reduce((sum: number, bin: { samples: number }) => sum + bin.samples, 0)).toBe(10);
    // Lead time: the falling, poor churners were red for weeks before they left; the healthy one never was.
    expect(result.leadTime.churnsWarned + result.leadTime.churnsNotWarned).toBe(4);
    expect(result.leadTime.churnsNotWarned).toBeGreaterThanOrEqual(1);
    expect(result.leadTime.medianDays).toBeGreaterThanOrEqual(28);
    expect(result.overrides).toMatchObject({ samplesWithOverride: 0, computedOnAllSamples: { samples: 10 } });
    expect(body.comparison).toEqual([]);
  });

  it('never reads data dated after the as-of day: planted future facts change nothing', async () => {
    const before = (await backtest({ horizonDays: 90 }).expect(200)).body.backtest;
    const fit = () => request(t.server).post('/api/v1/health-models/bt/versions/1/fit').set(auth(manager)).send({ horizonDays: 90, folds: 2, seed: 3 }).expect(201);
    const fitBefore = (await fit()).body;
    // Every sample's as-of day is on or before 2026-03-28; plant from 2026-04-01: usage turned around, quality swapped, the segment changed today.
    for (const entry of planned) {
      await ingestDaily(t, entry.id, 'video-minutes', '2026-04-01', LAST_DAY, () => (entry.outcome.kind === 'churned' ? 1000 : 1));
      await ingestDaily(t, entry.id, 'join-success-rate', '2026-04-01', LAST_DAY, () => (entry.poorQuality ? 0.999 : 0.9), 1000);
    }
    await request(t.server).patch(`/api/v1/accounts/${planned[0].id}`).set(auth(t.adminKey)).send({ segment: 'enterprise' }).expect(200);
    const after = (await backtest({ horizonDays: 90 }).expect(200)).body.backtest;
    // Lead time reads points up to each churn, so it may move; nothing judged on the as-of days may.
    const { leadTime: _before, ...judgedBefore } = before;
    const { leadTime: _after, ...judgedAfter } = after;
    expect(judgedAfter).toEqual(judgedBefore);
    // The fit learns from the same as-of scores: same weights, same cross-validated AUC (drafts 2 and 3).
    const fitAfter = (await fit()).body;
    expect(fitAfter.weights).toEqual(fitBefore.weights);
    expect(fitAfter.crossValidated).toEqual(fitBefore.crossValidated);
    expect([fitBefore.draft.version, fitAfter.draft.version]).toEqual([2, 3]);
  });

  it('reads the daily record where it has this version\'s snapshot, and judges overrides in force on the as-of day', async () => {
    const model = (await request(t.server).get('/api/v1/health-models/bt/versions/1').set(auth(manager)).expect(200)).body;
    const stayer = planned[4];
    const asOf = addDays(stayer.outcome.date, -90);
    await t.db.pool.query(
      `INSERT INTO health_daily_scores (account_id, day, run_id, model_id, model_version, score, band, coverage, components, drivers, computed_at)
       VALUES ($1, $2, gen_random_uuid(), $3, 1, 10, 'red', 1, '[]', '{}', $4)`,
      [stayer.id, asOf, model.id, `${asOf}T23:00:00Z`],
    );
    // A CSM said "red" for the first falling churner before its as-of day, and "green" for the poor stayer; the latter expired before its as-of day.
    const churner = planned[0];
    await t.db.pool.query(
      `INSERT INTO health_overrides (account_id, band, reason_code, note, expires_at, created_at, updated_at) VALUES
       ($1, 'red', 'renewal-risk', 'budget cut', '2026-12-31T00:00:00Z', '2026-03-01T00:00:00Z', now()),
       ($2, 'green', 'known-incident', 'incident', '2026-03-02T00:00:00Z', '2026-03-01T00:00:00Z', now())`,
      [churner.id, planned[9].id],
    );
    const result = (await backtest({ horizonDays: 90 }).expect(200)).body.backtest;
    expect(result.sampleSize).toMatchObject({ samples: 10, fromDailyRecord: 1, recomputed: 9 });
    expect(result.overrides).toEqual({
      samplesWithOverride: 1,
      override: { samples: 1, right: 1, accuracy: 1 },
      computedOnSameSamples: expect.objectContaining({ samples: 1 }),
      computedOnAllSamples: expect.objectContaining({ samples: 10 }),
    });
    await t.db.pool.query(`DELETE FROM health_daily_scores WHERE account_id = $1`, [stayer.id]);
  });

  it('backtests a shadow version beside the active one in one answer', async () => {
    await request(t.server).post('/api/v1/health-models').set(auth(manager)).send({ key: 'bt', name: 'Quality heavier', definition: twoComponentModel(10, 90) }).expect(201);
    await request(t.server).post('/api/v1/health-models/bt/versions/4/shadow').set(auth(manager)).expect(200);
    const body = (await backtest({ horizonDays: 90 }).expect(200)).body;
    expect(body.comparison).toHaveLength(1);
    expect(body.comparison[0]).toMatchObject({ role: 'shadow', model: { key: 'bt', version: 4, status: 'shadow' }, sampleSize: { samples: 10 } });
    expect(body.backtest.aucOnSharedSamples).toBe(body.backtest.auc);
    expect(typeof body.comparison[0].auc).toBe('number');
    // Asked about the shadow version, the active one is the comparison.
    const fromShadow = (await backtest({}, '/bt/versions/4/backtest').expect(200)).body;
    expect(fromShadow.backtest.role).toBe('requested');
    expect(fromShadow.comparison.map((entry: { role: string; model: { version: number } }) => [entry.role, entry.model.version])).toEqual([['active', 1]]);
    expect(fromShadow.backtest.auc).toBe(body.comparison[0].auc);
  });

  it('fits weights into a new draft version and leaves activation to a person', async () => {
    const response = await request(t.server).post('/api/v1/health-models/bt/versions/1/fit').set(auth(manager)).send({ horizonDays: 90, folds: 2, seed: 7 }).expect(201);
    const body = response.body;
    expect(body.basedOn).toMatchObject({ key: 'bt', version: 1, status: 'active' });
    expect(body.draft).toMatchObject({ key: 'bt', version: 5, status: 'draft', editable: true });
    expect(body.samples).toEqual({ samples: 10, churned: 4, retained: 6, accounts: 10 });
    expect(body.method).toMatchObject({ folds: 2, seed: 7 });
    const proposed = body.weights.map((weight: { proposed: number }) => weight.proposed);
    expect(body.weights.map((weight: { key: string; current: number }) => [weight.key, weight.current])).toEqual([['usage-trend', 50], ['call-quality', 50]]);
    expect(proposed.reduce((a: number, b: number) => a + b, 0)).toBe(100);
    expect(proposed.every((weight: number) => Number.isInteger(weight) && weight >= 1)).toBe(true);
    expect(body.draft.definition.components.map((component: { weight: number }) => component.weight)).toEqual(proposed);
    expect(body.crossValidated.folds).toHaveLength(2);
    expect(typeof body.crossValidated.currentAuc).toBe('number');
    expect(typeof body.crossValidated.proposedAuc).toBe('number');
    // Same seed, same answer (a new draft each time).
    const again = (await request(t.server).post('/api/v1/health-models/bt/versions/1/fit').set(auth(manager)).send({ horizonDays: 90, folds: 2, seed: 7 }).expect(201)).body;
    expect(again.draft.version).toBe(6);
    expect(again.crossValidated).toEqual(body.crossValidated);
    const model = (await request(t.server).get('/api/v1/health-models/bt').set(auth(manager)).expect(200)).body;
    expect(model.activeVersion).toBe(1);
    const audit = await t.db.pool.query(`SELECT count(*)::int AS count FROM audit_log WHERE action = 'health-model.fit'`);
    expect(audit.rows[0].count).toBe(4);
  });

  it('refuses bad input with problem+json', async () => {
    await backtest({}, '/bt/versions/99/backtest').expect(404);
    await backtest({}, '/nope/versions/1/backtest').expect(404);
    await backtest({}, '/bt/versions/x/backtest').expect(404);
    await request(t.server).post('/api/v1/health-models/bt/versions/99/fit').set(auth(manager)).send({}).expect(404);
    for (const horizonDays of [0, 366, -5, 1.5, '90']) {
      const response = await backtest({ horizonDays }).expect(400);
      expect([...new Set(paths(response.body))]).toEqual(['horizonDays']);
    }
    expect(paths((await backtest({ horizonDays: 90, extra: true }).expect(400)).body)).toEqual(['extra']);
    expect(paths((await request(t.server).post('/api/v1/health-models/bt/versions/1/fit').set(auth(manager)).send({ folds: 1 }).expect(400)).body)).toEqual(['folds']);
    const malformed = await request(t.server).post('/api/v1/health-models/bt/versions/1/backtest').set(auth(manager)).set('Content-Type', 'application/json').send('{"horizonDays": ').expect(400);
    expect(malformed.headers['content-type']).toMatch(/application\/problem\+json/);
    // Boundaries are accepted.
    await backtest({ horizonDays: 1 }).expect(200);
    await backtest({ horizonDays: 365 }).expect(200);
  });

  it('is for admins and managers only', async () => {
    const csm = await createManager(t);
    const lead = await createManager(t, { role: 'lead' });
    for (const key of [await t.keyFor('csm', csm.id), await t.keyFor('lead', lead.id), await t.keyFor('ingest'), await t.keyFor('bi')]) {
      await backtest({}, '/bt/versions/1/backtest', key).expect(403);
      await request(t.server).post('/api/v1/health-models/bt/versions/1/fit').set(auth(key)).send({}).expect(403);
    }
    await backtest({}, '/bt/versions/1/backtest', t.adminKey).expect(200);
    await request(t.server).post('/api/v1/health-models/bt/versions/1/backtest').send({}).expect(401);
  });
});
