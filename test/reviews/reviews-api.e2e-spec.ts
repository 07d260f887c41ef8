import request from 'supertest';
import { FixedClock } from '../../src/common/clock';
import { assign, auth, createAccount, createManager, paths } from '../accounts/fixtures';
import { outboxEvents } from '../health/alerts-fixtures';
import { at, ingestDaily, runHealthJob } from '../health/fixtures';
import { startTestApp, TestApp } from '../support/test-app';
import { runJob, storedReviews } from './fixtures';

/** Documents in both formats, the workflow with its bad moves, action items, scoping and bad inputs. */
describe('Reviews API (e2e)', () => {
  let t: TestApp;
  const clock = new FixedClock(new Date('2027-01-02T09:00:00Z'));
  let lead: { id: string };
  let csm: { id: string };
  let otherCsm: { id: string };
  let account: { id: string };
  let otherAccount: { id: string };
  let reviewId: string;
  let otherReviewId: string;
  let healthScore: number;
  let csmKey: string;
  let leadKey: string;
  let otherCsmKey: string;

  const get = (path: string, key = t.adminKey) => request(t.server).get(`/api/v1/${path}`).set(auth(key));
  const post = (path: string, body: object | string, key = t.adminKey) => request(t.server).post(`/api/v1/${path}`).set(auth(key)).send(body);
  const patch = (path: string, body: object | string, key = t.adminKey) => request(t.server).patch(`/api/v1/${path}`).set(auth(key)).send(body);

  beforeAll(async () => {
    t = await startTestApp({ clock });
    lead = await createManager(t, { role: 'lead' });
    csm = await createManager(t, { leadId: lead.id });
    otherCsm = await createManager(t);
    account = await createAccount(t, { name: 'Falling Academy', segment: 'enterprise', products: ['video-calling'], renewalDate: '2027-06-15', billingModel: 'commit', commitAmount: 36500 });
    otherAccount = await createAccount(t, { segment: 'enterprise', renewalDate: '2028-12-31' });
    await assign(t, account.id, csm.id, 'csm');
    await assign(t, otherAccount.id, otherCsm.id, 'csm');
    csmKey = await t.keyFor('csm', csm.id);
    leadKey = await t.keyFor('lead', lead.id);
    otherCsmKey = await t.keyFor('csm', otherCsm.id);

    at(clock, '2027-03-10T06:00:00Z');
    await ingestDaily(t, account.id, 'video-minutes', '2026-12-01', '2027-03-09', (day) => (day < '2027-02-01' ? 1000 : 600));
    await ingestDaily(t, account.id, 'join-success-rate', '2026-12-01', '2027-03-09', () => 0.98, 100);
    at(clock, '2027-03-10T12:00:00Z');
    const { healthRun } = await runHealthJob(t);
    expect(healthRun).toMatchObject({ status: 'completed' });
    healthScore = (await get(`accounts/${account.id}/health`).expect(200)).body.score;
    expect(typeof healthScore).toBe('number');

    at(clock, '2027-03-10T13:00:00Z');
    await runJob(t, 'review-planning');
    reviewId = (await storedReviews(t, account.id))[0].id;
    otherReviewId = (await storedReviews(t, otherAccount.id))[0].id;
  });
  afterAll(async () => t.close());

  it('serves the brief and the agenda as JSON and Markdown; the agenda never shows the health score', async () => {
    // A recommendation as the recommendation-stats job stores it.
    const feature = await t.db.pool.query(
      `INSERT INTO features (key, product, name, guide_url) VALUES ('cloud-recording-test', 'video-calling', 'Cloud recording', 'https://guide.example/recording') RETURNING id`,
    );
    await t.db.pool.query(
      `INSERT INTO account_recommendations (account_id, feature_id, rank, score, rationale, evidence, as_of, computed_at)
       VALUES ($1, $2, 1, 80, '71% of enterprise education accounts use cloud recording.', '{"peerCount": 40, "peerAdoptionPct": 71}', '2027-03-09', '2027-03-10T00:00:00Z')`,
      [account.id, feature.rows[0].id],
    );
    const generated = await post(`reviews/${reviewId}/agenda`, {}).expect(200);
    expect(generated.body.generatedAt).toBe('2027-03-10T13:00:00.000Z');
    const review = (await get(`reviews/${reviewId}`).expect(200)).body;
    expect(review).toMatchObject({ status: 'agenda_ready', kind: 'renewal', accountName: 'Falling Academy' });
    expect(review.documents.brief.sections.length).toBeGreaterThan(0);

    const brief = (await get(`reviews/${reviewId}/brief`).expect(200).expect('content-type', /application\/json/)).body;
    expect(brief.sections.map((section: { key: string }) => section.key)).toEqual(expect.arrayContaining(['health', 'commercial', 'goals']));
    expect(JSON.stringify(brief)).toContain(String(healthScore));

    const recommendations = brief.sections.find((section: { key: string }) => section.key === 'recommendations');
    expect(recommendations.points).toEqual(['Cloud recording: 71% of enterprise education accounts use cloud recording.']);
    expect(recommendations.data.items[0].evidence).toEqual({ peerCount: 40, peerAdoptionPct: 71 });

    const agenda = (await get(`reviews/${reviewId}/agenda`).expect(200)).body;
    expect(agenda.items.find((item: { key: string }) => item.key === 'adoption').points).toContain(
      'Try next: Cloud recording — 71% of enterprise education accounts use cloud recording. (https://guide.example/recording)',
    );
    expect(agenda.items.reduce((sum: number, item: { minutes: number }) => sum + item.minutes, 0)).toBe(45);
    expect(agenda.items.map((item: { key: string }) => item.key)).toEqual(expect.arrayContaining(['welcome', 'usage', 'quality', 'nextSteps']));

    const briefMarkdown = await get(`reviews/${reviewId}/brief`).set('Accept', 'text/markdown').expect(200).expect('content-type', /text\/markdown/);
    expect(briefMarkdown.text).toMatch(/^# Internal brief: Falling Academy/);
    const agendaMarkdown = await get(`reviews/${reviewId}/agenda`).set('Accept', 'text/markdown').expect(200).expect('content-type', /text\/markdown/);
    expect(agendaMarkdown.text).toContain('Video minutes');
    for (const text of [JSON.stringify(agenda), agendaMarkdown.text]) {
      expect(text).not.toContain(String(healthScore));
      expect(text).not.toMatch(/health|score|band/i);
    }

    // Stored documents stay as they were while the data moves on.
    await ingestDaily(t, account.id, 'video-minutes', '2027-03-01', '2027-03-09', () => 5);
    expect((await get(`reviews/${reviewId}/agenda`).expect(200)).body).toEqual(agenda);
  });

  it('moves through the workflow; impossible moves are 409, missing fields 400; holding records a touchpoint', async () => {
    const [planned] = await storedReviews(t, otherAccount.id);
    expect((await post(`reviews/${planned.id}/transition`, { to: 'held', notes: 'x' }).expect(409)).headers['content-type']).toMatch(/problem\+json/);
    expect(paths((await post(`reviews/${planned.id}/transition`, { to: 'scheduled' }).expect(400)).body)).toEqual(['meetingAt']);
    await post(`reviews/${planned.id}/transition`, { to: 'agenda_ready' }).expect(409);

    const scheduled = (await post(`reviews/${reviewId}/transition`, { to: 'scheduled', meetingAt: '2027-03-15T10:00:00+01:00' }).expect(200)).body;
    expect(scheduled).toMatchObject({ status: 'scheduled', meetingAt: '2027-03-15T09:00:00.000Z' });
    expect(paths((await post(`reviews/${reviewId}/transition`, { to: 'held' }).expect(400)).body)).toEqual(['notes']);
    await post(`reviews/${reviewId}/transition`, { to: 'completed' }).expect(409);
    const held = (await post(`reviews/${reviewId}/transition`, { to: 'held', notes: 'Agreed a recovery plan.' }, csmKey).expect(200)).body;
    expect(held).toMatchObject({ status: 'held', notes: 'Agreed a recovery plan.', heldAt: '2027-03-10T13:00:00.000Z' });
    const touchpoints = await t.db.pool.query(`SELECT kind, occurred_at AS "occurredAt", manager_id AS "managerId" FROM touchpoints WHERE account_id = $1`, [account.id]);
    expect(touchpoints.rows).toEqual([{ kind: 'review_held', occurredAt: new Date('2027-03-15T09:00:00Z'), managerId: csm.id }]);
    expect(held.touchpointId).toEqual(expect.any(String));
    await patch(`reviews/${reviewId}`, { meetingAt: '2027-03-16T09:00:00Z' }).expect(409);
    await post(`reviews/${reviewId}/transition`, { to: 'cancelled' }).expect(409);
    expect((await post(`reviews/${reviewId}/transition`, { to: 'completed' }).expect(200)).body.status).toBe('completed');
    await post(`reviews/${reviewId}/transition`, { to: 'completed' }).expect(409);
    await post(`reviews/${reviewId}/agenda`, {}).expect(409);
  });

  it('carries open action items over to the next review until done', async () => {
    const first = (await post(`reviews/${reviewId}/action-items`, { title: 'Upgrade the SDK', owner: 'Lee (customer)', ownerSide: 'customer', dueDate: '2027-04-01' }).expect(201)).body;
    const done = (await post(`reviews/${reviewId}/action-items`, { title: 'Send the RCA', owner: 'Dana' }).expect(201)).body;
    await patch(`reviews/${reviewId}/action-items/${done.id}`, { status: 'done' }).expect(200);

    at(clock, '2027-03-10T14:00:00Z');
    await runJob(t, 'review-planning');
    const next = (await get(`reviews?accountId=${account.id}&status=planned`).expect(200)).body.items[0];
    expect(next.kind).toBe('QBR');
    const items = (await get(`reviews/${next.id}/action-items`).expect(200)).body.items;
    expect(items.map((item: { id: string }) => item.id)).toEqual([first.id]);
    const agenda = (await post(`reviews/${next.id}/agenda`, {}).expect(200)).body;
    expect(agenda.items.find((item: { key: string }) => item.key === 'actionItems').points[0]).toContain('Upgrade the SDK');

    const updated = (await patch(`reviews/${next.id}/action-items/${first.id}`, { status: 'done' }).expect(200)).body;
    expect(updated).toMatchObject({ status: 'done', doneAt: '2027-03-10T14:00:00.000Z' });
    expect((await get(`reviews/${next.id}/action-items`).expect(200)).body.items).toEqual([]);
  });

  it('lists with filters and pages; csm and lead keys see only their accounts (404 outside)', async () => {
    const all = (await get('reviews?limit=1').expect(200)).body;
    expect(all.items).toHaveLength(1);
    expect(all.nextCursor).toEqual(expect.any(String));
    const second = (await get(`reviews?limit=1&cursor=${all.nextCursor}`).expect(200)).body;
    expect(second.items[0].id).not.toBe(all.items[0].id);

    const mine = (await get('reviews', csmKey).expect(200)).body.items;
    expect(new Set(mine.map((review: { accountId: string }) => review.accountId))).toEqual(new Set([account.id]));
    expect((await get('reviews', leadKey).expect(200)).body.items.map((review: { id: string }) => review.id)).toEqual(mine.map((review: { id: string }) => review.id));
    expect((await get(`reviews?team=${lead.id}`).expect(200)).body.items.map((review: { id: string }) => review.id)).toEqual(mine.map((review: { id: string }) => review.id));
    expect((await get(`reviews?managerId=${otherCsm.id}`).expect(200)).body.items.map((review: { id: string }) => review.id)).toEqual([otherReviewId]);
    expect((await get('reviews?kind=QBR&dueFrom=2027-01-01&dueTo=2030-01-01').expect(200)).body.items.every((review: { kind: string }) => review.kind === 'QBR')).toBe(true);

    for (const path of [`reviews/${otherReviewId}`, `reviews/${otherReviewId}/brief`, `reviews/${otherReviewId}/agenda`, `reviews/${otherReviewId}/action-items`]) {
      await get(path, csmKey).expect(404);
      await get(path, leadKey).expect(404);
    }
    await post(`reviews/${otherReviewId}/transition`, { to: 'cancelled' }, csmKey).expect(404);
    await post(`reviews/${otherReviewId}/action-items`, { title: 'x', owner: 'y' }, csmKey).expect(404);
    await get(`reviews/${otherReviewId}`, otherCsmKey).expect(200);
  });

  it('answers bad inputs with 400 problem+json', async () => {
    const malformed = await request(t.server).post(`/api/v1/reviews/${otherReviewId}/transition`).set(auth(t.adminKey)).set('content-type', 'application/json').send('{"to":');
    expect(malformed.status).toBe(400);
    expect(malformed.headers['content-type']).toMatch(/problem\+json/);
    await post(`reviews/${otherReviewId}/transition`, { to: 'cancelled', surprise: true }).expect(400);
    await post(`reviews/${otherReviewId}/transition`, { to: 'planned' }).expect(400);
    await post(`reviews/${otherReviewId}/transition`, { to: 'scheduled', meetingAt: '2027-02-30T10:00:00Z' }).expect(400);
    await patch(`reviews/${otherReviewId}`, { meetingMinutes: 5 }).expect(400);
    await post(`reviews/${otherReviewId}/action-items`, { title: 'x', owner: 'y', dueDate: '2027-13-01' }).expect(400);
    await post(`reviews/${otherReviewId}/action-items`, { title: '', owner: 'y' }).expect(400);
    await get('reviews?dueFrom=2027-02-31').expect(400);
    await get('reviews?dueFrom=2027-03-01&dueTo=2027-02-01').expect(400);
    await get('reviews?status=lost').expect(400);
    await get('reviews?cursor=nonsense').expect(400);
    await get('reviews/not-a-uuid').expect(400);
    await get('reviews/6f1c2b9e-1111-4aaa-8bbb-123456789abc').expect(404);
    await patch(`reviews/${otherReviewId}/action-items/6f1c2b9e-1111-4aaa-8bbb-123456789abc`, { status: 'done' }).expect(404);
  });

  it('review-agendas job: documents 14 days before due, a refresh 2 business days before the meeting, a nudge 35 days before due; events in the outbox', async () => {
    const [planned] = await storedReviews(t, otherAccount.id);
    // Due 2027-04-02 (three months after the account started): 35 days before is 2027-02-26, 14 days before 2027-03-19.
    expect(planned.dueDate).toBe('2027-04-02');
    at(clock, '2027-03-10T15:00:00Z');
    expect((await runJob(t, 'review-agendas')).stats).toMatchObject({ generated: 0, nudged: 1 });
    expect((await outboxEvents(t, otherAccount.id)).map((event) => event.topic)).toEqual(['review.nudge']);
    expect((await outboxEvents(t, otherAccount.id))[0].payload).toMatchObject({ schemaVersion: 1, reviewId: planned.id, kind: 'QBR', dueDate: '2027-04-02', meetingAt: null, flaggedAt: '2027-03-10T15:00:00.000Z' });

    at(clock, '2027-03-19T08:00:00Z');
    expect((await runJob(t, 'review-agendas')).stats).toMatchObject({ generated: 1, nudged: 0 });
    expect((await get(`reviews/${planned.id}`).expect(200)).body).toMatchObject({ status: 'agenda_ready', agendaReadyAt: '2027-03-19T08:00:00.000Z' });
    const ready = (await outboxEvents(t, otherAccount.id)).filter((event) => event.topic === 'review.agenda_ready');
    expect(ready).toHaveLength(1);
    expect(ready[0].payload).toMatchObject({ reviewId: planned.id, accountId: otherAccount.id, managerId: otherCsm.id, generatedAt: '2027-03-19T08:00:00.000Z' });

    // Meeting Monday 2027-03-29: refreshed from Thursday 2027-03-25, once.
    await post(`reviews/${planned.id}/transition`, { to: 'scheduled', meetingAt: '2027-03-29T09:00:00Z' }).expect(200);
    at(clock, '2027-03-24T08:00:00Z');
    expect((await runJob(t, 'review-agendas')).stats).toMatchObject({ generated: 0, refreshed: 0 });
    at(clock, '2027-03-25T08:00:00Z');
    expect((await runJob(t, 'review-agendas')).stats).toMatchObject({ refreshed: 1 });
    at(clock, '2027-03-26T08:00:00Z');
    expect((await runJob(t, 'review-agendas')).stats).toMatchObject({ generated: 0, refreshed: 0, nudged: 0 });

    // A review booked before it had documents still gets them, and stays scheduled.
    const booked = (await get(`reviews?accountId=${account.id}&status=agenda_ready`).expect(200)).body.items[0];
    await t.db.pool.query(`UPDATE business_reviews SET due_date = '2027-04-05', brief = NULL, agenda = NULL, documents_generated_at = NULL, documents_for = NULL WHERE id = $1`, [booked.id]);
    await post(`reviews/${booked.id}/transition`, { to: 'scheduled', meetingAt: '2027-04-05T09:00:00Z' }).expect(200);
    at(clock, '2027-03-26T09:00:00Z');
    expect((await runJob(t, 'review-agendas')).stats).toMatchObject({ generated: 1 });
    expect((await get(`reviews/${booked.id}`).expect(200)).body).toMatchObject({ status: 'scheduled', documentsGeneratedAt: '2027-03-26T09:00:00.000Z' });
    expect((await outboxEvents(t, otherAccount.id)).filter((event) => event.topic === 'review.agenda_ready')).toHaveLength(2);
  });

  it('reads and replaces cadences per segment (admin and manager only)', async () => {
    const cadences = (await get('review-cadences', csmKey).expect(200)).body.items;
    expect(cadences.find((item: { segment: string }) => item.segment === 'strategic')).toMatchObject({
      reviews: [
        { kind: 'EBR', everyMonths: 3, managerRole: 'csm' },
        { kind: 'operations', everyMonths: 1, managerRole: 'tam' },
      ],
      renewalLeadDays: 180,
    });
    expect(cadences.find((item: { segment: string }) => item.segment === 'startup')).toMatchObject({ reviews: [], renewalLeadDays: null });
    await request(t.server).put('/api/v1/review-cadences').set(auth(csmKey)).send({ items: [] }).expect(403);
    const replaced = (
      await request(t.server)
        .put('/api/v1/review-cadences')
        .set(auth(t.adminKey))
        .send({ items: [{ segment: 'startup', reviews: [{ kind: 'QBR', everyMonths: 12 }], renewalLeadDays: 30 }] })
        .expect(200)
    ).body.items;
    expect(replaced.find((item: { segment: string }) => item.segment === 'startup')).toMatchObject({ reviews: [{ kind: 'QBR', everyMonths: 12, managerRole: 'csm' }], renewalLeadDays: 30 });
    for (const body of [
      { items: [{ segment: 'nope', reviews: [], renewalLeadDays: null }] },
      { items: [{ segment: 'growth', reviews: [{ kind: 'QBR', everyMonths: 0 }], renewalLeadDays: 60 }] },
      { items: [{ segment: 'growth', reviews: [{ kind: 'renewal', everyMonths: 3 }], renewalLeadDays: 60 }] },
      { items: [{ segment: 'growth', reviews: [{ kind: 'QBR', everyMonths: 3 }, { kind: 'QBR', everyMonths: 6 }], renewalLeadDays: 60 }] },
      { items: [{ segment: 'growth', reviews: [], renewalLeadDays: 60, extra: 1 }] },
    ]) {
      await request(t.server).put('/api/v1/review-cadences').set(auth(t.adminKey)).send(body).expect(400);
    }
  });
});
