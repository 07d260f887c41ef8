import request from 'supertest';
import { FixedClock } from '../../src/common/clock';
import { CalendarRecord, SlaConfigRepository } from '../../src/support/sla-config.repository';
import { DEFAULT_SEGMENT_PLANS, DEFAULT_SLA_POLICIES } from '../../src/support/sla-policy-rules';
import { startTestApp, TestApp } from '../support/test-app';
import { auth, createAccount, createManager, paths } from '../accounts/fixtures';
import { ingestTickets } from './fixtures';

const WEEKDAYS_9_TO_5 = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'].map((day) => ({ day, open: '09:00', close: '17:00' }));

describe('SLA policies and calendars (e2e)', () => {
  let t: TestApp;
  const clock = new FixedClock(new Date('2026-06-20T12:00:00Z'));
  let managerKey: string;
  let csmKey: string;

  beforeAll(async () => {
    t = await startTestApp({ clock });
    managerKey = await t.keyFor('manager');
    csmKey = await t.keyFor('csm', (await createManager(t)).id);
  });
  afterAll(async () => t.close());

  it('seeds the service promise: policies per plan and severity, segment plans and a default calendar, readable by every role', async () => {
    const response = await request(t.server).get('/api/v1/sla-policies').set(auth(t.adminKey)).expect(200);
    expect(response.body).toEqual({
      items: [...DEFAULT_SLA_POLICIES].sort((a, b) => a.supportPlan.localeCompare(b.supportPlan) || a.severity.localeCompare(b.severity)),
      nextCursor: null,
      segmentPlans: [...DEFAULT_SEGMENT_PLANS].sort((a, b) => a.segment.localeCompare(b.segment)),
      fallbackPlan: 'standard',
      businessDayMinutes: 480,
    });
    const enterprise = response.body.items.filter((policy: { supportPlan: string }) => policy.supportPlan === 'enterprise');
    expect(enterprise.map((policy: { severity: string; clock: string; firstResponseMinutes: number }) => [policy.severity, policy.clock, policy.firstResponseMinutes])).toEqual([
      ['P1', '24x7', 5],
      ['P2', '24x7', 30],
      ['P3', 'business_hours', 120],
      ['P4', 'business_hours', 480],
    ]);
    const calendars = await request(t.server).get('/api/v1/calendars').set(auth(t.adminKey)).expect(200);
    expect(calendars.body).toEqual({ items: [{ region: 'default', timeZone: 'UTC', weeklyHours: WEEKDAYS_9_TO_5, holidays: [], schoolHolidays: [] }], nextCursor: null });
    for (const role of ['manager', 'ingest', 'bi'] as const) {
      const key = await t.keyFor(role);
      await request(t.server).get('/api/v1/sla-policies').set(auth(key)).expect(200);
      await request(t.server).get('/api/v1/calendars').set(auth(key)).expect(200);
    }
    await request(t.server).get('/api/v1/calendars').set(auth(csmKey)).expect(200);
  });

  it('replaces named policies and segment plans; tickets follow at once', async () => {
    const account = await createAccount(t, { externalId: 'cfg-acme', segment: 'enterprise', supportPlan: 'enterprise' });
    await ingestTickets(t, [{ accountExternalId: 'cfg-acme', externalId: 'CFG-1', severity: 'P1', status: 'open', openedAt: '2026-06-20T11:00:00Z' }]).expect(200);
    const put = await request(t.server)
      .put('/api/v1/sla-policies')
      .set(auth(managerKey))
      .send({
        items: ['P1', 'P2', 'P3', 'P4'].map((severity) => ({ supportPlan: 'gold', severity, clock: '24x7', firstResponseMinutes: 15, resolutionMinutes: 120 })).concat([
          { supportPlan: 'enterprise', severity: 'P1', clock: '24x7', firstResponseMinutes: 10, resolutionMinutes: 240 },
        ]),
        segmentPlans: [{ segment: 'startup', supportPlan: 'gold' }],
      })
      .expect(200);
    expect(put.body.items).toContainEqual({ supportPlan: 'enterprise', severity: 'P1', clock: '24x7', firstResponseMinutes: 10, resolutionMinutes: 240 });
    expect(put.body.items.filter((policy: { supportPlan: string }) => policy.supportPlan === 'gold')).toHaveLength(4);
    expect(put.body.segmentPlans).toContainEqual({ segment: 'startup', supportPlan: 'gold' });
    const listed = await request(t.server).get(`/api/v1/accounts/${account.id}/tickets`).set(auth(t.adminKey)).expect(200);
    expect(listed.body.items[0].sla.firstResponse).toMatchObject({ targetMinutes: 10, dueAt: '2026-06-20T11:10:00.000Z' });
    // the same PUT again changes nothing
    const before = await t.db.pool.query(`SELECT max(updated_at) AS at FROM sla_policies`);
    clock.advance(60_000);
    await request(t.server)
      .put('/api/v1/sla-policies')
      .set(auth(t.adminKey))
      .send({ items: [{ supportPlan: 'enterprise', severity: 'P1', clock: '24x7', firstResponseMinutes: 10, resolutionMinutes: 240 }] })
      .expect(200);
    expect((await t.db.pool.query(`SELECT max(updated_at) AS at FROM sla_policies`)).rows[0].at).toEqual(before.rows[0].at);
  });

  it('refuses bad policies with their paths, and csm keys', async () => {
    const bad = async (body: unknown) => paths((await request(t.server).put('/api/v1/sla-policies').set(auth(t.adminKey)).send(body as object).expect(400)).body);
    const policy = { supportPlan: 'silver', severity: 'P1', clock: '24x7', firstResponseMinutes: 30, resolutionMinutes: 60 };
    expect(await bad({ items: [{ ...policy, resolutionMinutes: 10 }] })).toEqual(['items[0].resolutionMinutes']);
    expect(await bad({ items: [policy, policy] })).toEqual(['items[1].severity']);
    expect(await bad({ items: [{ ...policy, clock: 'lunar', severity: 'P0', firstResponseMinutes: 0, supportPlan: 'Silver Plan' }] })).toEqual(
      expect.arrayContaining(['items[0].clock', 'items[0].severity', 'items[0].firstResponseMinutes', 'items[0].supportPlan']),
    );
    expect(await bad({ items: [policy], segmentPlans: [{ segment: 'growth', supportPlan: 'silver' }] })).toEqual(['segmentPlans[0].supportPlan']);
    expect(await bad({ segmentPlans: [{ segment: 'galactic', supportPlan: 'standard' }] })).toEqual(['segmentPlans[0].segment']);
    expect(await bad({ items: [], colour: 'red' })).toEqual(['colour']);
    expect(await bad({ items: 'all' })).toContain('items');
    const nothingStored = await t.db.pool.query(`SELECT count(*)::int AS n FROM sla_policies WHERE support_plan = 'silver'`);
    expect(nothingStored.rows[0].n).toBe(0);
    await request(t.server).put('/api/v1/sla-policies').set(auth(csmKey)).send({ items: [policy] }).expect(403);
    await request(t.server).put('/api/v1/sla-policies').set(auth(t.adminKey)).set('content-type', 'application/json').send('{"items": [').expect(400);
  });

  it('replaces named calendars, keeps the others, and validates hours', async () => {
    const europe = {
      region: 'europe',
      timeZone: 'Europe/Berlin',
      weeklyHours: [
        { day: 'friday', open: '09:00', close: '15:00' },
        { day: 'monday', open: '13:00', close: '18:00' },
        { day: 'monday', open: '08:00', close: '12:00' },
      ],
      holidays: ['2026-12-25', '2026-12-24'],
    };
    const put = await request(t.server).put('/api/v1/calendars').set(auth(managerKey)).send({ items: [europe] }).expect(200);
    expect(put.body.items).toEqual([
      { region: 'default', timeZone: 'UTC', weeklyHours: WEEKDAYS_9_TO_5, holidays: [], schoolHolidays: [] },
      {
        region: 'europe',
        timeZone: 'Europe/Berlin',
        weeklyHours: [
          { day: 'monday', open: '08:00', close: '12:00' },
          { day: 'monday', open: '13:00', close: '18:00' },
          { day: 'friday', open: '09:00', close: '15:00' },
        ],
        holidays: ['2026-12-24', '2026-12-25'],
        schoolHolidays: [],
      },
    ]);
    const bad = async (calendar: Record<string, unknown>) =>
      paths((await request(t.server).put('/api/v1/calendars').set(auth(t.adminKey)).send({ items: [{ ...europe, ...calendar }] }).expect(400)).body);
    expect(await bad({ weeklyHours: [{ day: 'monday', open: '10:00', close: '09:00' }] })).toEqual(['items[0].weeklyHours[0].close']);
    expect(await bad({ weeklyHours: [{ day: 'monday', open: '09:00', close: '12:00' }, { day: 'monday', open: '11:00', close: '13:00' }] })).toEqual(['items[0].weeklyHours[1].open']);
    expect(await bad({ weeklyHours: [] })).toEqual(['items[0].weeklyHours']);
    expect(await bad({ weeklyHours: [{ day: 'funday', open: '9am', close: '25:00' }] })).toEqual(['items[0].weeklyHours[0].day', 'items[0].weeklyHours[0].open', 'items[0].weeklyHours[0].close']);
    expect(await bad({ timeZone: 'Mars/Olympus' })).toEqual(['items[0].timeZone']);
    expect(await bad({ holidays: ['2026-02-30'] })).toEqual(['items[0].holidays']);
    expect(await bad({ schoolHolidays: ['2026-07-20', '2026-07-20'] })).toEqual(['items[0].schoolHolidays']);
    expect(await bad({ schoolHolidays: ['20 July'] })).toEqual(['items[0].schoolHolidays']);
    expect([...new Set(await bad({ schoolHolidays: '2026-07-20' }))]).toEqual(['items[0].schoolHolidays']);
    expect(await bad({ region: 'Europe West' })).toEqual(['items[0].region']);
    const twice = await request(t.server).put('/api/v1/calendars').set(auth(t.adminKey)).send({ items: [europe, europe] }).expect(400);
    expect(paths(twice.body)).toEqual(['items[1].region']);
    await request(t.server).put('/api/v1/calendars').set(auth(csmKey)).send({ items: [europe] }).expect(403);
    // a whole-day interval closes at 24:00
    await request(t.server).put('/api/v1/calendars').set(auth(t.adminKey)).send({ items: [{ ...europe, weeklyHours: [{ day: 'sunday', open: '00:00', close: '24:00' }] }] }).expect(200);
  });

  it('keeps school holidays beside the public ones, and recomputes tickets only when what SLA clocks read changed', async () => {
    const school = { region: 'school-test', timeZone: 'Europe/London', weeklyHours: WEEKDAYS_9_TO_5, holidays: ['2026-12-25'], schoolHolidays: ['2026-07-21', '2026-07-20'] };
    const put = await request(t.server).put('/api/v1/calendars').set(auth(t.adminKey)).send({ items: [school] }).expect(200);
    expect(put.body.items.find((item: { region: string }) => item.region === 'school-test')).toEqual({ ...school, schoolHolidays: ['2026-07-20', '2026-07-21'] });
    const repository = t.app.get(SlaConfigRepository);
    const record = (changes: Partial<CalendarRecord>): CalendarRecord => ({ ...school, weeklyHours: school.weeklyHours as CalendarRecord['weeklyHours'], schoolHolidays: ['2026-07-20', '2026-07-21'], ...changes });
    const upsert = (changes: Partial<CalendarRecord>) => repository.inTransaction((manager) => repository.upsertCalendars(manager, [record(changes)], new Date()));
    expect(await upsert({})).toEqual({ slaChanged: 0 });
    expect(await upsert({ schoolHolidays: ['2026-08-03'] })).toEqual({ slaChanged: 0 });
    expect(await upsert({ schoolHolidays: ['2026-08-03'], holidays: ['2026-12-26'] })).toEqual({ slaChanged: 1 });
    expect(await upsert({ region: 'school-test-2', schoolHolidays: ['2026-08-03'], holidays: ['2026-12-26'] })).toEqual({ slaChanged: 1 });
    // Leaving schoolHolidays out of a PUT replaces them with none, as for every other field of a named calendar.
    const again = await request(t.server).put('/api/v1/calendars').set(auth(t.adminKey)).send({ items: [{ ...school, schoolHolidays: undefined }] }).expect(200);
    expect(again.body.items.find((item: { region: string }) => item.region === 'school-test').schoolHolidays).toEqual([]);
  });
});
