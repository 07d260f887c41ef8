import { Client } from 'pg';
import request from 'supertest';
import { FixedClock } from '../../src/common/clock';
import { UsageSignalsRepository } from '../../src/usage/usage-signals.repository';
import { auth, createAccount } from '../accounts/fixtures';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * `usage_last_reported` is kept by triggers on `usage_daily`; whatever writes the daily rows (the
 * API, SQL by hand, two transactions at once), its highest day per (account, metric) must be the
 * pair's last day, and writers of different days must not wait for each other.
 */
describe('Last reported usage day per account and metric (e2e)', () => {
  let t: TestApp;
  let account: { id: string };
  let other: { id: string };
  const label = (accountId: string) => (accountId === account.id ? 'account' : 'other');

  const lastDaysKept = async () =>
    (
      await t.db.pool.query(`SELECT account_id, metric, max(day)::text AS day FROM usage_last_reported WHERE account_id = ANY($1::uuid[]) GROUP BY 1, 2 ORDER BY 1, 2`, [
        [account.id, other.id],
      ])
    ).rows.map((row) => `${label(row.account_id)}:${row.metric}:${row.day}`);
  const lastDaysOfDailyRows = async () =>
    (
      await t.db.pool.query(`SELECT account_id, metric, max(day)::text AS day FROM usage_daily WHERE account_id = ANY($1::uuid[]) GROUP BY 1, 2 ORDER BY 1, 2`, [[account.id, other.id]])
    ).rows.map((row) => `${label(row.account_id)}:${row.metric}:${row.day}`);
  const expectInStep = async (expected: string[]) => {
    const kept = await lastDaysKept();
    expect(kept).toEqual(await lastDaysOfDailyRows());
    expect(new Set(kept)).toEqual(new Set(expected));
  };
  const rowsKept = async (accountId: string) => Number((await t.db.pool.query(`SELECT count(*) AS n FROM usage_last_reported WHERE account_id = $1`, [accountId])).rows[0].n);
  const post = (rows: { account: string; metric: string; date: string; value: number }[]) => request(t.server).post('/api/v1/usage').set(auth(t.adminKey)).send(rows).expect(200);

  beforeAll(async () => {
    t = await startTestApp({ clock: new FixedClock(new Date('2026-05-01T08:00:00Z')) });
    account = await createAccount(t);
    other = await createAccount(t);
  });
  afterAll(async () => t.close());

  it('follows new days, older days sent late, re-sent values, deletes, moved rows and a deleted account', async () => {
    await post([
      { account: account.id, metric: 'video-minutes', date: '2026-04-20', value: 10 },
      { account: account.id, metric: 'video-minutes', date: '2026-04-22', value: 12 },
      { account: account.id, metric: 'audio-minutes', date: '2026-04-21', value: 3 },
      { account: other.id, metric: 'video-minutes', date: '2026-04-25', value: 7 },
    ]);
    await expectInStep(['account:audio-minutes:2026-04-21', 'account:video-minutes:2026-04-22', 'other:video-minutes:2026-04-25']);

    // An older day sent late and a changed value of the last day move nothing; a newer day does, and replaces the one before.
    await post([
      { account: account.id, metric: 'video-minutes', date: '2026-04-10', value: 1 },
      { account: account.id, metric: 'video-minutes', date: '2026-04-22', value: 13 },
      { account: other.id, metric: 'video-minutes', date: '2026-04-28', value: 8 },
    ]);
    await expectInStep(['account:audio-minutes:2026-04-21', 'account:video-minutes:2026-04-22', 'other:video-minutes:2026-04-28']);
    expect(await rowsKept(other.id)).toBe(1);

    // By hand: the last day deleted falls back to the day before; a pair's only day deleted leaves nothing.
    await t.db.pool.query(`DELETE FROM usage_daily WHERE account_id = $1 AND day IN ('2026-04-22', '2026-04-21')`, [account.id]);
    await expectInStep(['account:video-minutes:2026-04-20', 'other:video-minutes:2026-04-28']);
    // By hand: a row moved to a later day, and one moved to another account.
    await t.db.pool.query(`UPDATE usage_daily SET day = '2026-04-29' WHERE account_id = $1 AND day = '2026-04-10'`, [account.id]);
    await t.db.pool.query(`UPDATE usage_daily SET account_id = $2 WHERE account_id = $1 AND day = '2026-04-20'`, [account.id, other.id]);
    await expectInStep(['account:video-minutes:2026-04-29', 'other:video-minutes:2026-04-28']);

    const reads = t.app.get(UsageSignalsRepository);
    expect(await reads.lastDays([{ accountId: account.id, metric: 'video-minutes' }], '2026-01-01', '2026-04-30')).toEqual([{ accountId: account.id, metric: 'video-minutes', lastDay: '2026-04-29' }]);
    // A day before the last report is answered from the daily rows; a look-back that starts after the last day finds nothing.
    expect(await reads.lastDays([{ accountId: other.id, metric: 'video-minutes' }], '2026-01-01', '2026-04-26')).toEqual([{ accountId: other.id, metric: 'video-minutes', lastDay: '2026-04-25' }]);
    expect(await reads.lastDays([{ accountId: other.id, metric: 'video-minutes' }], '2026-04-29', '2026-04-30')).toEqual([]);

    await t.db.pool.query(`DELETE FROM accounts WHERE id = $1`, [other.id]);
    await expectInStep(['account:video-minutes:2026-04-29']);
  });

  it('lets two open transactions write later days of one account and metric without waiting for each other', async () => {
    const subject = await createAccount(t);
    await post([{ account: subject.id, metric: 'messages', date: '2026-04-01', value: 1 }]);
    const [first, second] = [new Client({ connectionString: t.db.url }), new Client({ connectionString: t.db.url })];
    await Promise.all([first.connect(), second.connect()]);
    const insert = (client: Client, day: string) => client.query(`INSERT INTO usage_daily (account_id, metric, day, value, recorded_at) VALUES ($1, 'messages', $2, 1, now())`, [subject.id, day]);
    try {
      for (const client of [first, second]) {
        await client.query('BEGIN');
        await client.query(`SET LOCAL lock_timeout = '2s'`);
      }
      await insert(first, '2026-04-10');
      await insert(second, '2026-04-12');
      await insert(first, '2026-04-11');
      await second.query('COMMIT');
      await first.query('COMMIT');
    } finally {
      await Promise.all([first.end(), second.end()]);
    }
    const kept = await t.db.pool.query(`SELECT max(day)::text AS day FROM usage_last_reported WHERE account_id = $1 AND metric = 'messages'`, [subject.id]);
    expect(kept.rows[0].day).toBe('2026-04-12');
    // The next newer day clears what the two left behind.
    await post([{ account: subject.id, metric: 'messages', date: '2026-04-13', value: 1 }]);
    expect(await rowsKept(subject.id)).toBe(1);
  });
});
