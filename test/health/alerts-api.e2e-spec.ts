import request from 'supertest';
import { FixedClock } from '../../src/common/clock';
import { assign, auth, createAccount, createManager, paths } from '../accounts/fixtures';
import { startTestApp, TestApp } from '../support/test-app';
import { outboxEvents, seedAlert } from './alerts-fixtures';

interface Alert {
  id: string;
  accountId: string;
  kind: string;
  status: string;
  snoozedUntil: string | null;
  snoozeReasonCode: string | null;
  snoozeNote: string | null;
  acknowledgedAt: string | null;
  acknowledgedByKeyId: string | null;
  resolvedAt: string | null;
  resolvedByKeyId: string | null;
  resolution: string | null;
  resolutionNote: string | null;
  openedAt: string;
  facts: Record<string, unknown>;
}

/** The alert routes: lists with filters and pages, scoping, acknowledge, snooze (and its expiry), resolve, and bad inputs. */
describe('Alerts API (e2e)', () => {
  let t: TestApp;
  const clock = new FixedClock(new Date('2026-06-20T12:00:00Z'));
  let lead: { id: string };
  let teamCsm: { id: string };
  let otherCsm: { id: string };
  let teamAccount: { id: string };
  let otherAccount: { id: string };
  let csmKey: string;
  let leadKey: string;
  let otherCsmKey: string;

  const list = async (query = '', key = t.adminKey): Promise<{ items: Alert[]; nextCursor: string | null }> =>
    (await request(t.server).get(`/api/v1/alerts${query}`).set(auth(key)).expect(200)).body;
  const post = (path: string, body?: object, key = t.adminKey) => {
    const call = request(t.server).post(`/api/v1/alerts/${path}`).set(auth(key));
    return body === undefined ? call : call.send(body);
  };

  beforeAll(async () => {
    t = await startTestApp({ clock });
    lead = await createManager(t, { role: 'lead' });
    teamCsm = await createManager(t, { leadId: lead.id });
    otherCsm = await createManager(t);
    teamAccount = await createAccount(t, { segment: 'enterprise' });
    otherAccount = await createAccount(t);
    await assign(t, teamAccount.id, teamCsm.id, 'csm');
    await assign(t, otherAccount.id, otherCsm.id, 'csm');
    csmKey = await t.keyFor('csm', teamCsm.id);
    leadKey = await t.keyFor('lead', lead.id);
    otherCsmKey = await t.keyFor('csm', otherCsm.id);
  });
  afterAll(async () => t.close());

  it('lists newest first in keyset pages, with filters', async () => {
    const account = await createAccount(t);
    const ids: string[] = [];
    for (let index = 0; index < 5; index += 1) {
      ids.push(await seedAlert(t, account.id, { openedAt: `2026-06-1${index}T08:00:00Z`, kind: index % 2 === 0 ? 'sla_response_at_risk' : 'sla_breached' }));
    }
    const first = await list(`?accountId=${account.id}&limit=2`);
    expect(first.items.map((alert) => alert.id)).toEqual([ids[4], ids[3]]);
    const second = await list(`?accountId=${account.id}&limit=2&cursor=${first.nextCursor}`);
    expect(second.items.map((alert) => alert.id)).toEqual([ids[2], ids[1]]);
    const third = await list(`?accountId=${account.id}&limit=2&cursor=${second.nextCursor}`);
    expect(third.items.map((alert) => alert.id)).toEqual([ids[0]]);
    expect(third.nextCursor).toBeNull();
    expect((await list(`?accountId=${account.id}&kind=sla_breached`)).items.map((alert) => alert.id)).toEqual([ids[3], ids[1]]);
    expect((await list(`?accountId=${account.id}&status=resolved`)).items).toEqual([]);
    expect((await list(`?accountId=${account.id}&severity=medium`)).items).toHaveLength(5);
  });

  it('filters by manager and by team, and scopes csm and lead keys to their accounts', async () => {
    const mine = await seedAlert(t, teamAccount.id);
    const theirs = await seedAlert(t, otherAccount.id);
    const ids = (page: { items: Alert[] }) => page.items.map((alert) => alert.id);

    expect(ids(await list(`?managerId=${teamCsm.id}`))).toContain(mine);
    expect(ids(await list(`?managerId=${teamCsm.id}`))).not.toContain(theirs);
    expect(ids(await list(`?team=${lead.id}`))).toContain(mine);
    expect(ids(await list(`?team=${lead.id}`))).not.toContain(theirs);

    expect(ids(await list('', csmKey))).toEqual([mine]);
    expect(ids(await list('', leadKey))).toEqual([mine]);
    expect(ids(await list('', otherCsmKey))).toEqual([theirs]);
    // A filter cannot widen the scope.
    expect(ids(await list(`?managerId=${otherCsm.id}`, csmKey))).toEqual([]);

    await request(t.server).get(`/api/v1/alerts/${mine}`).set(auth(csmKey)).expect(200);
    for (const key of [csmKey, leadKey]) {
      await request(t.server).get(`/api/v1/alerts/${theirs}`).set(auth(key)).expect(404);
      await post(`${theirs}/acknowledge`, undefined, key).expect(404);
      await post(`${theirs}/resolve`, {}, key).expect(404);
      await post(`${theirs}/snooze`, { reasonCode: 'known_cause', until: '2026-06-21T00:00:00Z' }, key).expect(404);
    }
    expect((await request(t.server).get(`/api/v1/alerts/${theirs}`).set(auth(otherCsmKey)).expect(200)).body.id).toBe(theirs);
  });

  it('refuses keys that do not read accounts', async () => {
    for (const role of ['ingest', 'bi'] as const) {
      const key = await t.keyFor(role);
      await request(t.server).get('/api/v1/alerts').set(auth(key)).expect(403);
    }
  });

  it('acknowledges once, and records who', async () => {
    const id = await seedAlert(t, teamAccount.id);
    const response = await post(`${id}/acknowledge`, undefined, csmKey).expect(200);
    expect(response.body).toMatchObject({ id, status: 'acknowledged', acknowledgedAt: '2026-06-20T12:00:00.000Z' });
    expect(response.body.acknowledgedByKeyId).toEqual(expect.any(String));
    const again = await post(`${id}/acknowledge`, undefined, csmKey).expect(409);
    expect(again.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(again.body.detail).toBe('The alert is already acknowledged.');
    const audit = await request(t.server).get(`/api/v1/audit-log?entityId=${id}`).set(auth(t.adminKey)).expect(200);
    expect(audit.body.items.map((entry: { action: string }) => entry.action)).toEqual(['alert.acknowledge']);
  });

  it('resolves with a note; resolved is terminal', async () => {
    const id = await seedAlert(t, teamAccount.id);
    const resolved = await post(`${id}/resolve`, { note: 'Spoke to their CTO; migration planned.' }, leadKey).expect(200);
    expect(resolved.body).toMatchObject({ status: 'resolved', resolution: 'manual', resolutionNote: 'Spoke to their CTO; migration planned.', resolvedAt: '2026-06-20T12:00:00.000Z' });
    expect(resolved.body.resolvedByKeyId).toEqual(expect.any(String));
    await post(`${id}/resolve`, {}).expect(409);
    await post(`${id}/acknowledge`).expect(409);
    await post(`${id}/snooze`, { reasonCode: 'known_cause', until: '2026-06-21T00:00:00Z' }).expect(409);
    expect((await list(`?accountId=${teamAccount.id}&status=resolved`)).items.map((alert) => alert.id)).toContain(id);
  });

  it('snoozes with a reason until a time; the snooze can be moved; it runs out by itself without a new event', async () => {
    const id = await seedAlert(t, teamAccount.id);
    const eventsBefore = (await outboxEvents(t)).length;
    const snoozed = await post(`${id}/snooze`, { reasonCode: 'waiting_on_customer', until: '2026-06-22T12:00:00Z', note: 'Their admin is on leave' }, csmKey).expect(200);
    expect(snoozed.body).toMatchObject({ status: 'snoozed', snoozedUntil: '2026-06-22T12:00:00.000Z', snoozeReasonCode: 'waiting_on_customer', snoozeNote: 'Their admin is on leave' });
    const moved = await post(`${id}/snooze`, { reasonCode: 'known_cause', until: '2026-06-23T12:00:00Z' }, csmKey).expect(200);
    expect(moved.body).toMatchObject({ status: 'snoozed', snoozedUntil: '2026-06-23T12:00:00.000Z', snoozeReasonCode: 'known_cause', snoozeNote: null });
    expect((await list(`?accountId=${teamAccount.id}&status=snoozed`)).items.map((alert) => alert.id)).toContain(id);
    expect((await list(`?accountId=${teamAccount.id}&status=open`)).items.map((alert) => alert.id)).not.toContain(id);

    clock.set(new Date('2026-06-23T12:00:00Z'));
    try {
      // Read as open as soon as the snooze ran out, before any job stored it.
      const read = await request(t.server).get(`/api/v1/alerts/${id}`).set(auth(csmKey)).expect(200);
      expect(read.body).toMatchObject({ status: 'open', snoozedUntil: '2026-06-23T12:00:00.000Z' });
      expect((await list(`?accountId=${teamAccount.id}&status=open`)).items.map((alert) => alert.id)).toContain(id);
      expect((await list(`?accountId=${teamAccount.id}&status=snoozed`)).items.map((alert) => alert.id)).not.toContain(id);
      // Acknowledging an alert whose snooze ran out is acknowledging an open alert.
      await post(`${id}/acknowledge`, undefined, csmKey).expect(200);
    } finally {
      clock.set(new Date('2026-06-20T12:00:00Z'));
    }
    expect((await outboxEvents(t)).length).toBe(eventsBefore);
  });

  it('acknowledging a snoozed alert ends the snooze; an acknowledged alert can be snoozed', async () => {
    const id = await seedAlert(t, teamAccount.id, { status: 'snoozed', snoozedUntil: '2026-06-25T00:00:00Z', snoozeReasonCode: 'data_issue' });
    expect((await post(`${id}/acknowledge`).expect(200)).body.status).toBe('acknowledged');
    expect((await post(`${id}/snooze`, { reasonCode: 'action_in_progress', until: '2026-07-01T00:00:00Z' }).expect(200)).body.status).toBe('snoozed');
    expect((await post(`${id}/resolve`).expect(200)).body.status).toBe('resolved');
  });

  it('answers 400 for bad snoozes, ids, filters and cursors, and 404 for unknown alerts', async () => {
    const id = await seedAlert(t, teamAccount.id);
    const bad = async (body: object, expectedPaths: string[]) => {
      const response = await post(`${id}/snooze`, body).expect(400);
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(paths(response.body)).toEqual(expectedPaths);
    };
    await bad({ reasonCode: 'known_cause', until: '2026-06-20T11:59:59Z' }, ['until']);
    await bad({ reasonCode: 'known_cause', until: '2026-06-20T12:00:00Z' }, ['until']);
    await bad({ reasonCode: 'known_cause', until: '2026-09-18T12:00:01Z' }, ['until']);
    await bad({ reasonCode: 'known_cause', until: 'next week' }, ['until']);
    await bad({ reasonCode: 'holiday', until: '2026-06-21T00:00:00Z' }, ['reasonCode']);
    await bad({ reasonCode: 'other', until: '2026-06-21T00:00:00Z' }, ['note']);
    await bad({ until: '2026-06-21T00:00:00Z' }, ['reasonCode']);
    await bad({ reasonCode: 'known_cause', until: '2026-06-21T00:00:00Z', note: 'x'.repeat(2001) }, ['note']);
    await bad({ reasonCode: 'known_cause', until: '2026-06-21T00:00:00Z', extra: true }, ['extra']);
    await post(`${id}/snooze`, { reasonCode: 'known_cause', until: '2026-09-18T12:00:00Z' }).expect(200);
    await post(`${id}/resolve`, { note: 42 }).expect(400);

    await request(t.server).get('/api/v1/alerts/not-a-uuid').set(auth(t.adminKey)).expect(400);
    await post('not-a-uuid/acknowledge').expect(400);
    await request(t.server).get('/api/v1/alerts/3f1b7c9e-8a2d-4e5f-9b6a-1c2d3e4f5a6b').set(auth(t.adminKey)).expect(404);
    await post('3f1b7c9e-8a2d-4e5f-9b6a-1c2d3e4f5a6b/resolve', {}).expect(404);
    for (const query of ['?kind=everything', '?status=closed', '?managerId=nope', '?team=1', '?limit=0', '?limit=501', '?cursor=abc', '?unknown=1']) {
      await request(t.server).get(`/api/v1/alerts${query}`).set(auth(t.adminKey)).expect(400);
    }
    const forged = Buffer.from(JSON.stringify([42, 'x'])).toString('base64url');
    await request(t.server).get(`/api/v1/alerts?cursor=${forged}`).set(auth(t.adminKey)).expect(400);
  });

  it('answers two concurrent resolves with one 200 and one 409', async () => {
    const id = await seedAlert(t, teamAccount.id);
    const answers = await Promise.all([post(`${id}/resolve`, {}), post(`${id}/resolve`, {})]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
  });
});
