import request from 'supertest';
import { FixedClock } from '../../src/common/clock';
import { loadDemoData } from '../../src/demo/demo-data';
import { REVIEW_KINDS, REVIEW_STATUSES } from '../../src/reviews/review-rules';
import { auth } from '../accounts/fixtures';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { startTestApp, TestApp } from '../support/test-app';
import { runJob } from './fixtures';

const AS_OF = '2026-11-22';

describe('demo reviews (e2e)', () => {
  let db: TestDatabase;
  let t: TestApp;

  beforeAll(async () => {
    db = await createTestDatabase();
    await loadDemoData(db.pool, { asOf: AS_OF, accounts: 40 });
    t = await startTestApp({ db, clock: new FixedClock(new Date(`${AS_OF}T12:00:00Z`)) });
  });
  afterAll(async () => {
    await t.close();
    await db.drop();
  });

  it('loads reviews of every kind and state, with action items, once', async () => {
    const kinds = await db.pool.query(`SELECT DISTINCT kind FROM business_reviews ORDER BY kind`);
    expect(kinds.rows.map((row) => row.kind).sort()).toEqual([...REVIEW_KINDS].sort());
    const statuses = await db.pool.query(`SELECT DISTINCT status FROM business_reviews`);
    expect(statuses.rows.map((row) => row.status).sort()).toEqual([...REVIEW_STATUSES].sort());
    const items = await db.pool.query(`SELECT status, count(*)::int AS n FROM review_action_items GROUP BY status ORDER BY status`);
    expect(items.rows.map((row) => row.status)).toEqual(['done', 'in_progress', 'open']);
    const before = await db.pool.query(`SELECT count(*)::int AS n FROM business_reviews`);

    const again = await loadDemoData(db.pool, { asOf: AS_OF, accounts: 40 });
    expect(again.alreadyLoaded).toBe(true);
    expect((await db.pool.query(`SELECT count(*)::int AS n FROM business_reviews`)).rows[0].n).toBe(before.rows[0].n);
  });

  it('the jobs and the documents work on the demo reviews', async () => {
    await runJob(t, 'review-planning');
    const agendas = await runJob(t, 'review-agendas');
    expect(agendas.stats.generated).toBeGreaterThan(0);
    const open = (await request(t.server).get('/api/v1/reviews?status=scheduled&limit=1').set(auth(t.adminKey)).expect(200)).body.items[0];
    const agenda = await request(t.server).get(`/api/v1/reviews/${open.id}/agenda`).set(auth(t.adminKey)).set('Accept', 'text/markdown').expect(200);
    expect(agenda.text).toMatch(/^# /);
    const carried = (await request(t.server).get(`/api/v1/reviews/${open.id}/action-items`).set(auth(t.adminKey)).expect(200)).body.items;
    expect(carried.map((item: { status: string }) => item.status).sort()).toEqual(['in_progress', 'open']);
  });
});
