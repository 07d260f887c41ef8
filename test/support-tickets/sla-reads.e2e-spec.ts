import request from 'supertest';
import { FixedClock } from '../../src/common/clock';
import { TicketService } from '../../src/support/ticket.service';
import { startTestApp, TestApp } from '../support/test-app';
import { assign, auth, createAccount, createManager } from '../accounts/fixtures';
import { ingestTickets } from './fixtures';

interface SlaTarget {
  targetMinutes: number;
  dueAt: string | null;
  completedAt: string | null;
  state: string;
  elapsedMinutes: number;
  targetUsedPct: number;
}
interface Ticket {
  id: string;
  externalId: string;
  severity: string;
  status: string;
  openedAt: string;
  sla: { supportPlan: string; policySource: string; clock: string; calendarRegion: string; asOf: string; paused: boolean; firstResponse: SlaTarget; resolution: SlaTarget };
}

/** SLA clocks seen through the API: due times at the boundaries, weekends, holidays, pauses, plans, calendars and scoping. */
describe('Tickets with SLA state and attainment (e2e)', () => {
  let t: TestApp;
  const clock = new FixedClock(new Date('2026-06-20T12:00:00Z'));
  let acme: { id: string; externalId: string };
  let apac: { id: string; externalId: string };
  let premium: { id: string; externalId: string };

  const tickets = async (accountId: string, query = '', key = t.adminKey): Promise<Map<string, Ticket>> => {
    const response = await request(t.server).get(`/api/v1/accounts/${accountId}/tickets?limit=500${query}`).set(auth(key)).expect(200);
    return new Map((response.body.items as Ticket[]).map((ticket) => [ticket.externalId, ticket]));
  };
  const row = (account: string, fields: Record<string, unknown>) => ({ accountExternalId: account, ...fields });

  beforeAll(async () => {
    t = await startTestApp({ clock });
    acme = await createAccount(t, { externalId: 'sla-acme', segment: 'enterprise', supportPlan: 'enterprise', region: 'europe' });
    apac = await createAccount(t, { externalId: 'sla-apac', segment: 'growth', supportPlan: null, region: 'APAC' });
    premium = await createAccount(t, { externalId: 'sla-premium', segment: 'startup', supportPlan: 'Premium', region: null });
    // Europe has no calendar of its own: the default one (09:00-17:00 UTC, weekdays) with Monday 8 June off.
    await request(t.server)
      .put('/api/v1/calendars')
      .set(auth(t.adminKey))
      .send({
        items: [
          { region: 'default', timeZone: 'UTC', weeklyHours: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'].map((day) => ({ day, open: '09:00', close: '17:00' })), holidays: ['2026-06-08'] },
          { region: 'apac', timeZone: 'Asia/Singapore', weeklyHours: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'].map((day) => ({ day, open: '09:00', close: '18:00' })), holidays: [] },
        ],
      })
      .expect(200);
    const resolvedP1 = (externalId: string, firstResponseAt: string, resolvedAt: string) =>
      row('sla-acme', { externalId, severity: 'P1', status: 'resolved', openedAt: '2026-06-01T10:00:00Z', firstResponseAt, resolvedAt });
    const weekendP3 = (externalId: string, firstResponseAt: string) =>
      row('sla-acme', { externalId, severity: 'P3', status: 'open', openedAt: '2026-06-05T16:30:00Z', firstResponseAt });
    const pausedP2 = (externalId: string, resolvedAt: string) =>
      row('sla-acme', {
        externalId,
        severity: 'P2',
        status: 'resolved',
        openedAt: '2026-06-02T10:00:00Z',
        firstResponseAt: '2026-06-02T10:10:00Z',
        resolvedAt,
        statusHistory: [
          { status: 'open', at: '2026-06-02T10:00:00Z' },
          { status: 'waiting_on_customer', at: '2026-06-02T11:00:00Z' },
          { status: 'open', at: '2026-06-02T15:00:00Z' },
          { status: 'resolved', at: resolvedAt },
        ],
      });
    await ingestTickets(t, [
      // enterprise P1: 5 minutes to respond, 4 hours to resolve, 24x7
      resolvedP1('ON-TIME', '2026-06-01T10:05:00Z', '2026-06-01T14:00:00Z'),
      resolvedP1('ONE-SECOND-LATE', '2026-06-01T10:05:01Z', '2026-06-01T14:00:01Z'),
      // enterprise P3: 2 business hours from Friday 16:30 = 30 min Friday, weekend, Monday holiday, 90 min Tuesday
      weekendP3('WEEKEND', '2026-06-09T10:30:00Z'),
      weekendP3('WEEKEND-LATE', '2026-06-09T10:30:01Z'),
      // enterprise P2: 8 hours to resolve, 4 of them waiting on the customer
      pausedP2('PAUSED', '2026-06-02T22:00:00Z'),
      pausedP2('PAUSED-LATE', '2026-06-02T22:00:01Z'),
      row('sla-acme', { externalId: 'STILL-OPEN', severity: 'P1', status: 'open', openedAt: '2026-06-20T11:00:00Z' }),
      row('sla-apac', { externalId: 'APAC-P3', severity: 'P3', status: 'open', openedAt: '2026-06-15T00:00:00Z' }),
      row('sla-premium', { externalId: 'PREMIUM-P1', severity: 'P1', status: 'open', openedAt: '2026-06-20T09:00:00Z' }),
    ]).expect(200);
  });
  afterAll(async () => t.close());

  it('meets a target completed exactly at its due time and breaches it one second later', async () => {
    const byId = await tickets(acme.id);
    expect(byId.get('ON-TIME')!.sla).toMatchObject({
      supportPlan: 'enterprise',
      policySource: 'account',
      clock: '24x7',
      calendarRegion: 'default',
      asOf: '2026-06-20T12:00:00.000Z',
      paused: false,
      firstResponse: { targetMinutes: 5, dueAt: '2026-06-01T10:05:00.000Z', completedAt: '2026-06-01T10:05:00.000Z', state: 'met', elapsedMinutes: 5, targetUsedPct: 100 },
      resolution: { targetMinutes: 240, dueAt: '2026-06-01T14:00:00.000Z', state: 'met', targetUsedPct: 100 },
    });
    expect(byId.get('ONE-SECOND-LATE')!.sla).toMatchObject({
      firstResponse: { dueAt: '2026-06-01T10:05:00.000Z', state: 'breached' },
      resolution: { dueAt: '2026-06-01T14:00:00.000Z', state: 'breached' },
    });
  });

  it('counts business hours across a weekend and a holiday', async () => {
    const byId = await tickets(acme.id);
    expect(byId.get('WEEKEND')!.sla).toMatchObject({
      clock: 'business_hours',
      firstResponse: { targetMinutes: 120, dueAt: '2026-06-09T10:30:00.000Z', state: 'met', elapsedMinutes: 120 },
      // 3 business days = 1,440 business minutes: 30 Friday, 480 Tuesday and Wednesday, 450 Thursday; still open, so breached
      resolution: { targetMinutes: 1440, dueAt: '2026-06-11T16:30:00.000Z', completedAt: null, state: 'breached' },
    });
    expect(byId.get('WEEKEND-LATE')!.sla.firstResponse).toMatchObject({ dueAt: '2026-06-09T10:30:00.000Z', state: 'breached' });
  });

  it('pauses the clock while the ticket waits on the customer', async () => {
    const byId = await tickets(acme.id);
    expect(byId.get('PAUSED')!.sla.resolution).toMatchObject({ targetMinutes: 480, dueAt: '2026-06-02T22:00:00.000Z', state: 'met', elapsedMinutes: 480 });
    expect(byId.get('PAUSED-LATE')!.sla.resolution).toMatchObject({ dueAt: '2026-06-02T22:00:00.000Z', state: 'breached' });
    // as of a moment inside the pause, the clock stands still at one hour
    const during = await tickets(acme.id, '&asOf=2026-06-02T13:00:00Z');
    expect(during.get('PAUSED')!.sla).toMatchObject({ paused: true, resolution: { state: 'pending', elapsedMinutes: 60, targetUsedPct: 12.5, dueAt: '2026-06-02T20:00:00.000Z' } });
  });

  it('an open ticket is pending exactly at its due time and breached one second after', async () => {
    const atDue = await tickets(acme.id, '&asOf=2026-06-20T11:05:00Z&status=open&severity=P1');
    expect([...atDue.keys()]).toEqual(['STILL-OPEN']);
    expect(atDue.get('STILL-OPEN')!.sla.firstResponse).toMatchObject({ dueAt: '2026-06-20T11:05:00.000Z', state: 'pending', targetUsedPct: 100 });
    const after = await tickets(acme.id, '&asOf=2026-06-20T11:05:01Z&status=open&severity=P1');
    expect(after.get('STILL-OPEN')!.sla.firstResponse.state).toBe('breached');
    // before it was opened, the ticket is not there yet
    expect((await tickets(acme.id, '&asOf=2026-06-20T10:59:59Z&status=open&severity=P1')).size).toBe(0);
  });

  it('takes the segment default plan and the region calendar in its time zone', async () => {
    const apacTicket = (await tickets(apac.id)).get('APAC-P3')!;
    // growth defaults to professional: P3 responds in 4 business hours; Singapore opens at 09:00 (01:00 UTC)
    expect(apacTicket.sla).toMatchObject({ supportPlan: 'professional', policySource: 'segment', calendarRegion: 'apac', firstResponse: { targetMinutes: 240, dueAt: '2026-06-15T05:00:00.000Z', state: 'breached' } });
    // "Premium" has no policies: the startup segment's plan (standard) applies
    const premiumTicket = (await tickets(premium.id)).get('PREMIUM-P1')!;
    expect(premiumTicket.sla).toMatchObject({ supportPlan: 'standard', policySource: 'segment', calendarRegion: 'default', firstResponse: { targetMinutes: 60, state: 'breached' } });
  });

  it('lists newest first with filters and cursor pages', async () => {
    const all = await tickets(acme.id);
    expect([...all.keys()]).toEqual(['STILL-OPEN', 'WEEKEND', 'WEEKEND-LATE', 'PAUSED', 'PAUSED-LATE', 'ON-TIME', 'ONE-SECOND-LATE'].sort((a, b) => (all.get(b)!.openedAt.localeCompare(all.get(a)!.openedAt)) || (all.get(b)!.id.localeCompare(all.get(a)!.id))));
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: request.Response = await request(t.server)
        .get(`/api/v1/accounts/${acme.id}/tickets?limit=3${cursor ? `&cursor=${cursor}` : ''}`)
        .set(auth(t.adminKey))
        .expect(200);
      expect(page.body.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.body.items.map((item: Ticket) => item.externalId));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...all.keys()]);
    expect([...(await tickets(acme.id, '&status=resolved&severity=P2')).keys()].sort()).toEqual(['PAUSED', 'PAUSED-LATE']);
    expect([...(await tickets(acme.id, '&from=2026-06-02&to=2026-06-05T16:30:00Z')).keys()].sort()).toEqual(['PAUSED', 'PAUSED-LATE']);
    expect([...(await tickets(acme.id, '&from=2026-06-05T16:30:00Z&to=2026-06-06')).keys()].sort()).toEqual(['WEEKEND', 'WEEKEND-LATE']);
  });

  it('gives attainment by severity over a window', async () => {
    const response = await request(t.server).get(`/api/v1/accounts/${acme.id}/sla?from=2026-06-01&to=2026-06-21`).set(auth(t.adminKey)).expect(200);
    expect(response.body).toMatchObject({ accountId: acme.id, from: '2026-06-01T00:00:00.000Z', to: '2026-06-21T00:00:00.000Z', asOf: '2026-06-20T12:00:00.000Z' });
    expect(response.body.bySeverity).toEqual([
      { severity: 'P1', tickets: 3, firstResponse: { met: 1, breached: 2, pending: 0, attainmentPct: 33.3 }, resolution: { met: 1, breached: 1, pending: 1, attainmentPct: 50 } },
      { severity: 'P2', tickets: 2, firstResponse: { met: 2, breached: 0, pending: 0, attainmentPct: 100 }, resolution: { met: 1, breached: 1, pending: 0, attainmentPct: 50 } },
      { severity: 'P3', tickets: 2, firstResponse: { met: 1, breached: 1, pending: 0, attainmentPct: 50 }, resolution: { met: 0, breached: 2, pending: 0, attainmentPct: 0 } },
      { severity: 'P4', tickets: 0, firstResponse: { met: 0, breached: 0, pending: 0, attainmentPct: null }, resolution: { met: 0, breached: 0, pending: 0, attainmentPct: null } },
    ]);
    expect(response.body.total).toEqual({ tickets: 7, firstResponse: { met: 4, breached: 3, pending: 0, attainmentPct: 57.1 }, resolution: { met: 2, breached: 4, pending: 1, attainmentPct: 33.3 } });
    // the default window is the 90 days before asOf; a narrower one leaves tickets out
    const narrow = await request(t.server).get(`/api/v1/accounts/${acme.id}/sla?from=2026-06-20`).set(auth(t.adminKey)).expect(200);
    expect(narrow.body.total.tickets).toBe(1);
    const asOf = await request(t.server).get(`/api/v1/accounts/${acme.id}/sla?asOf=2026-06-01T10:05:00Z`).set(auth(t.adminKey)).expect(200);
    expect(asOf.body).toMatchObject({ to: '2026-06-01T10:05:00.000Z', total: { tickets: 2, firstResponse: { met: 1, breached: 0, pending: 1 } } });
  });

  it('refuses bad queries with 400 and unknown accounts with 404', async () => {
    const base = `/api/v1/accounts/${acme.id}`;
    for (const query of ['tickets?from=2026-06-05&to=2026-06-01', 'tickets?cursor=nonsense', 'tickets?asOf=2026-06-21T12:00:00Z', 'tickets?colour=red', 'tickets?severity=P9', 'tickets?from=2026-06-01T10:00:00', 'sla?from=2026-06-10&to=2026-06-10', 'sla?asOf=2030-01-01T00:00:00Z']) {
      const response = await request(t.server).get(`${base}/${query}`).set(auth(t.adminKey));
      expect([query, response.status]).toEqual([query, 400]);
      expect(response.headers['content-type']).toMatch(/problem\+json/);
    }
    const forged = Buffer.from(JSON.stringify(['2026-99-01T00:00:00.000Z', '00000000-0000-0000-0000-000000000000'])).toString('base64url');
    await request(t.server).get(`${base}/tickets?cursor=${forged}`).set(auth(t.adminKey)).expect(400);
    await request(t.server).get('/api/v1/accounts/not-a-uuid/tickets').set(auth(t.adminKey)).expect(400);
    await request(t.server).get('/api/v1/accounts/6f1c2b8e-3d4a-4f5b-9c6d-7e8f9a0b1c2d/tickets').set(auth(t.adminKey)).expect(404);
    await request(t.server).get('/api/v1/accounts/6f1c2b8e-3d4a-4f5b-9c6d-7e8f9a0b1c2d/sla').set(auth(t.adminKey)).expect(404);
  });

  it('scopes csm keys to their accounts and refuses ingest and bi keys', async () => {
    const manager = await createManager(t);
    await assign(t, acme.id, manager.id, 'csm');
    const csm = await t.keyFor('csm', manager.id);
    expect((await tickets(acme.id, '', csm)).size).toBe(7);
    await request(t.server).get(`/api/v1/accounts/${acme.id}/sla`).set(auth(csm)).expect(200);
    await request(t.server).get(`/api/v1/accounts/${apac.id}/tickets`).set(auth(csm)).expect(404);
    await request(t.server).get(`/api/v1/accounts/${apac.id}/sla`).set(auth(csm)).expect(404);
    await request(t.server).post('/api/v1/tickets').set(auth(csm)).send([]).expect(403);
    for (const role of ['ingest', 'bi'] as const) {
      const key = await t.keyFor(role);
      await request(t.server).get(`/api/v1/accounts/${acme.id}/tickets`).set(auth(key)).expect(403);
    }
  });

  it('sums support signals for a chunk of accounts in a few set-based reads', async () => {
    const quiet = await createAccount(t, { externalId: 'sla-quiet' });
    const signals = await t.app.get(TicketService).supportSignals([acme.id, apac.id, quiet.id], new Date('2026-06-20T12:00:00Z'));
    expect(signals.get(acme.id)).toEqual({ openP1: 1, openP2: 0, slaBreaches: { P1: 2, P2: 1, P3: 2 }, escalations: 0, windowDays: 90, lastSeenAt: new Date('2026-06-20T12:00:00Z') });
    expect(signals.get(apac.id)).toMatchObject({ openP1: 0, slaBreaches: { P3: 1 } });
    expect(signals.get(quiet.id)).toEqual({ openP1: 0, openP2: 0, slaBreaches: {}, escalations: 0, windowDays: 90, lastSeenAt: null });
  });

  it('gives many accounts their attainment in one read, equal to each account\'s own SLA answer', async () => {
    const quiet = await createAccount(t, { externalId: 'sla-quiet-batch' });
    const from = new Date('2026-06-01T00:00:00Z');
    const to = new Date('2026-06-20T12:00:00Z');
    const batch = await t.app.get(TicketService).slaAttainmentForAccounts([acme.id, apac.id, quiet.id], from, to, to);
    for (const account of [acme, apac, quiet]) {
      const single = await request(t.server).get(`/api/v1/accounts/${account.id}/sla?from=2026-06-01T00:00:00Z&to=2026-06-20T12:00:00Z&asOf=2026-06-20T12:00:00Z`).set(auth(t.adminKey)).expect(200);
      expect(batch.get(account.id)).toEqual({ bySeverity: single.body.bySeverity, total: single.body.total });
    }
    expect(batch.get(acme.id)!.total.tickets).toBe(7);
    expect(batch.get(quiet.id)!.total.tickets).toBe(0);
  });

  it('judges a ticket by the plan the account had when it was opened', async () => {
    const account = await createAccount(t, { externalId: 'sla-downgraded', segment: 'enterprise', supportPlan: 'enterprise' });
    clock.advance(3600_000); // 13:00
    await ingestTickets(t, [row('sla-downgraded', { externalId: 'BEFORE', severity: 'P2', status: 'open', openedAt: '2026-06-20T12:30:00Z' })]).expect(200);
    clock.advance(3600_000); // 14:00
    await request(t.server).patch(`/api/v1/accounts/${account.id}`).set(auth(t.adminKey)).send({ supportPlan: 'standard' }).expect(200);
    clock.advance(3600_000); // 15:00
    await ingestTickets(t, [row('sla-downgraded', { externalId: 'AFTER', severity: 'P2', status: 'open', openedAt: '2026-06-20T14:30:00Z' })]).expect(200);
    const byId = await tickets(account.id);
    expect(byId.get('BEFORE')!.sla).toMatchObject({ supportPlan: 'enterprise', firstResponse: { targetMinutes: 30 } });
    expect(byId.get('AFTER')!.sla).toMatchObject({ supportPlan: 'standard', firstResponse: { targetMinutes: 240 } });
  });
});
