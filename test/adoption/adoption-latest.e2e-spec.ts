import request from 'supertest';
import { FixedClock } from '../../src/common/clock';
import { auth, createAccount } from '../accounts/fixtures';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * `feature_adoption_latest` is kept by triggers on `feature_adoption_daily`; whatever writes the
 * daily rows (the API, SQL by hand), it must equal the latest daily row of each (account, feature).
 */
describe('Latest adoption report per account and feature (e2e)', () => {
  let t: TestApp;
  const clock = new FixedClock(new Date('2026-05-01T08:00:00Z'));
  let account: { id: string };
  let other: { id: string };

  /** The table as the triggers left it, and what it should hold, computed from the daily rows. */
  const latestKept = async () =>
    (
      await t.db.pool.query(
        `SELECT l.account_id AS account, f.key AS feature, l.day::text AS day, l.adoption_pct::text AS pct
         FROM feature_adoption_latest l JOIN features f ON f.id = l.feature_id WHERE l.account_id = ANY($1::uuid[]) ORDER BY 1, 2`,
        [[account.id, other.id]],
      )
    ).rows;
  const latestFromDailyRows = async () =>
    (
      await t.db.pool.query(
        `SELECT DISTINCT ON (d.account_id, f.key) d.account_id AS account, f.key AS feature, d.day::text AS day, d.adoption_pct::text AS pct
         FROM feature_adoption_daily d JOIN features f ON f.id = d.feature_id WHERE d.account_id = ANY($1::uuid[]) ORDER BY d.account_id, f.key, d.day DESC`,
        [[account.id, other.id]],
      )
    ).rows;
  const expectInStep = async (expected: { account: string; feature: string; day: string; pct: string }[]) => {
    const kept = await latestKept();
    expect(kept).toEqual(await latestFromDailyRows());
    expect(kept).toEqual(expected);
  };
  const post = (rows: { account: string; feature: string; date: string; adoptionPct: number }[]) => request(t.server).post('/api/v1/adoption').set(auth(t.adminKey)).send(rows).expect(200);

  beforeAll(async () => {
    t = await startTestApp({ clock });
    for (const key of ['screen-share', 'whiteboard']) {
      await request(t.server).post('/api/v1/features').set(auth(t.adminKey)).send({ key, product: 'video-calling', name: key }).expect(201);
    }
    account = await createAccount(t);
    other = await createAccount(t);
  });
  afterAll(async () => t.close());

  it('follows inserts, re-sent values, older reports, deletes and a deleted account', async () => {
    await post([
      { account: account.id, feature: 'screen-share', date: '2026-04-01', adoptionPct: 10 },
      { account: account.id, feature: 'screen-share', date: '2026-04-08', adoptionPct: 20 },
      { account: account.id, feature: 'whiteboard', date: '2026-04-08', adoptionPct: 5 },
      { account: other.id, feature: 'whiteboard', date: '2026-04-15', adoptionPct: 60 },
    ]);
    await expectInStep([
      { account: account.id, feature: 'screen-share', day: '2026-04-08', pct: '20.00' },
      { account: account.id, feature: 'whiteboard', day: '2026-04-08', pct: '5.00' },
      { account: other.id, feature: 'whiteboard', day: '2026-04-15', pct: '60.00' },
    ].sort((a, b) => a.account.localeCompare(b.account)));

    // A corrected latest report, a corrected older one, and an older report sent late.
    await post([
      { account: account.id, feature: 'screen-share', date: '2026-04-08', adoptionPct: 25 },
      { account: account.id, feature: 'screen-share', date: '2026-04-01', adoptionPct: 11 },
      { account: account.id, feature: 'whiteboard', date: '2026-03-25', adoptionPct: 1 },
    ]);
    const corrected = [
      { account: account.id, feature: 'screen-share', day: '2026-04-08', pct: '25.00' },
      { account: account.id, feature: 'whiteboard', day: '2026-04-08', pct: '5.00' },
      { account: other.id, feature: 'whiteboard', day: '2026-04-15', pct: '60.00' },
    ].sort((a, b) => a.account.localeCompare(b.account));
    await expectInStep(corrected);

    // By hand: the latest report deleted falls back to the one before; the last one deleted leaves no row.
    await t.db.pool.query(`DELETE FROM feature_adoption_daily WHERE account_id = $1 AND day = '2026-04-08'`, [account.id]);
    await expectInStep(
      [
        { account: account.id, feature: 'screen-share', day: '2026-04-01', pct: '11.00' },
        { account: account.id, feature: 'whiteboard', day: '2026-03-25', pct: '1.00' },
        { account: other.id, feature: 'whiteboard', day: '2026-04-15', pct: '60.00' },
      ].sort((a, b) => a.account.localeCompare(b.account)),
    );
    await t.db.pool.query(`DELETE FROM feature_adoption_daily WHERE account_id = $1 AND feature_id = (SELECT id FROM features WHERE key = 'whiteboard')`, [account.id]);
    // By hand: a report moved to a later day becomes the latest.
    await t.db.pool.query(`UPDATE feature_adoption_daily SET day = '2026-04-20', adoption_pct = 40 WHERE account_id = $1 AND day = '2026-04-01'`, [account.id]);
    await expectInStep(
      [
        { account: account.id, feature: 'screen-share', day: '2026-04-20', pct: '40.00' },
        { account: other.id, feature: 'whiteboard', day: '2026-04-15', pct: '60.00' },
      ].sort((a, b) => a.account.localeCompare(b.account)),
    );

    await t.db.pool.query(`DELETE FROM accounts WHERE id = $1`, [other.id]);
    await expectInStep([{ account: account.id, feature: 'screen-share', day: '2026-04-20', pct: '40.00' }]);
  });
});
