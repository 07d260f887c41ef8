import request from 'supertest';
import { FixedClock } from '../../src/common/clock';
import { TicketSlaStore } from '../../src/support/ticket-sla-store.service';
import { auth, createAccount } from '../accounts/fixtures';
import { ingestTickets } from '../support-tickets/fixtures';
import { startTestApp, TestApp } from '../support/test-app';
import { describeWithDuckDb, Format, pull, readWithDuckDb } from './export-reader';

interface ApiTarget {
  targetMinutes: number;
  dueAt: string | null;
  state: string;
}
interface ApiTicket {
  externalId: string;
  sla: { supportPlan: string; clock: string; paused: boolean; firstResponse: ApiTarget; resolution: ApiTarget } | null;
}
/** The SLA columns of one exported ticket, due times as epoch milliseconds whatever the format. */
interface ExportedSla {
  external_id: string;
  sla_support_plan: string | null;
  sla_clock: string | null;
  first_response_target_minutes: number | null;
  resolution_target_minutes: number | null;
  first_response_due_at: number | null;
  resolution_due_at: number | null;
  first_response_state: string | null;
  resolution_state: string | null;
}

const FORMATS: Format[] = ['csv', 'ndjson', 'parquet'];
const SLA_SELECT = `SELECT external_id, sla_support_plan, sla_clock, first_response_target_minutes, resolution_target_minutes,
  epoch_ms(first_response_due_at::TIMESTAMPTZ) AS first_response_due_at, epoch_ms(resolution_due_at::TIMESTAMPTZ) AS resolution_due_at,
  first_response_state, resolution_state FROM t`;
const weekdays = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'];
const nine2five = weekdays.map((day) => ({ day, open: '09:00', close: '17:00' }));
const hours = (value: string) => Date.parse(value);

/**
 * The tickets export (and bi.tickets) against the tickets API: the same policy, due times and
 * states for the same tickets, in every format; due times follow policy, calendar and account
 * changes; rows from before the SLA columns are filled at start-up.
 */
describe('BI exports: tickets with SLA columns (e2e)', () => {
  let t: TestApp;
  const clock = new FixedClock(new Date('2026-06-20T12:00:00Z'));
  let acme: { id: string };
  let apac: { id: string };

  const api = async (accountId: string): Promise<Map<string, ApiTicket>> => {
    const response = await request(t.server).get(`/api/v1/accounts/${accountId}/tickets?limit=500`).set(auth(t.adminKey)).expect(200);
    return new Map((response.body.items as ApiTicket[]).map((ticket) => [ticket.externalId, ticket]));
  };
  const exported = async (format: Format, query: Record<string, string> = {}): Promise<Map<string, ExportedSla>> => {
    const answer = await pull(t, 'tickets', { format, ...query });
    expect(answer.status).toBe(200);
    const rows = await readWithDuckDb<Record<string, string | number | null>>(answer.body, format, SLA_SELECT);
    const number = (value: string | number | null) => (value === null ? null : Number(value));
    return new Map(
      rows.map((row) => [
        String(row.external_id),
        {
          ...(row as unknown as ExportedSla),
          first_response_target_minutes: number(row.first_response_target_minutes),
          resolution_target_minutes: number(row.resolution_target_minutes),
          first_response_due_at: number(row.first_response_due_at),
          resolution_due_at: number(row.resolution_due_at),
        },
      ]),
    );
  };
  /** What the export should say of a ticket, from the API's answer: a paused target's projected due time is not stored. */
  const expectedFromApi = (ticket: ApiTicket): Omit<ExportedSla, 'external_id'> => {
    const due = (target: ApiTarget) => (ticket.sla!.paused && target.state === 'pending' ? null : target.dueAt === null ? null : Date.parse(target.dueAt));
    return {
      sla_support_plan: ticket.sla!.supportPlan,
      sla_clock: ticket.sla!.clock,
      first_response_target_minutes: ticket.sla!.firstResponse.targetMinutes,
      resolution_target_minutes: ticket.sla!.resolution.targetMinutes,
      first_response_due_at: due(ticket.sla!.firstResponse),
      resolution_due_at: due(ticket.sla!.resolution),
      first_response_state: ticket.sla!.firstResponse.state,
      resolution_state: ticket.sla!.resolution.state,
    };
  };
  const expectExportMatchesApi = async (format: Format = 'csv'): Promise<Map<string, ExportedSla>> => {
    const rows = await exported(format);
    const answers = new Map([...(await api(acme.id)), ...(await api(apac.id))]);
    expect(rows.size).toBe(answers.size);
    for (const [externalId, ticket] of answers) {
      const { external_id: _externalId, ...row } = rows.get(externalId)!;
      expect({ externalId, ...row }).toEqual({ externalId, ...expectedFromApi(ticket) });
    }
    return rows;
  };
  const putCalendars = (holidays: string[]) =>
    request(t.server)
      .put('/api/v1/calendars')
      .set(auth(t.adminKey))
      .send({
        items: [
          { region: 'default', timeZone: 'UTC', weeklyHours: nine2five, holidays },
          { region: 'apac', timeZone: 'Asia/Singapore', weeklyHours: weekdays.map((day) => ({ day, open: '09:00', close: '18:00' })), holidays: [] },
        ],
      })
      .expect(200);

  beforeAll(async () => {
    t = await startTestApp({ clock });
    acme = await createAccount(t, { externalId: 'xsla-acme', segment: 'enterprise', supportPlan: 'enterprise', region: 'europe' });
    apac = await createAccount(t, { externalId: 'xsla-apac', segment: 'growth', supportPlan: null, region: 'APAC' });
    // Europe has no calendar of its own: the default one, with Monday 8 June off.
    await putCalendars(['2026-06-08']);
    const acmeRow = (externalId: string, fields: Record<string, unknown>) => ({ accountExternalId: 'xsla-acme', externalId, ...fields });
    await ingestTickets(t, [
      // enterprise P1 (24x7): 5 minutes to respond, 4 hours to resolve; exactly at the due time and one second late
      acmeRow('ON-TIME', { severity: 'P1', status: 'resolved', openedAt: '2026-06-01T10:00:00Z', firstResponseAt: '2026-06-01T10:05:00Z', resolvedAt: '2026-06-01T14:00:00Z' }),
      acmeRow('ONE-SECOND-LATE', { severity: 'P1', status: 'resolved', openedAt: '2026-06-01T10:00:00Z', firstResponseAt: '2026-06-01T10:05:01Z', resolvedAt: '2026-06-01T14:00:01Z' }),
      // enterprise P3 (business hours) from Friday 16:30 across the weekend and Monday's holiday
      acmeRow('WEEKEND', { severity: 'P3', status: 'open', openedAt: '2026-06-05T16:30:00Z', firstResponseAt: '2026-06-09T10:30:00Z' }),
      acmeRow('WEEKEND-LATE', { severity: 'P3', status: 'open', openedAt: '2026-06-05T16:30:00Z', firstResponseAt: '2026-06-09T10:30:01Z' }),
      // enterprise P2 resolved after a 4-hour pause: due 22:00 instead of 18:00
      acmeRow('PAUSE-ENDED', {
        severity: 'P2',
        status: 'resolved',
        openedAt: '2026-06-02T10:00:00Z',
        firstResponseAt: '2026-06-02T10:10:00Z',
        resolvedAt: '2026-06-02T22:00:00Z',
        statusHistory: [
          { status: 'open', at: '2026-06-02T10:00:00Z' },
          { status: 'waiting_on_customer', at: '2026-06-02T11:00:00Z' },
          { status: 'open', at: '2026-06-02T15:00:00Z' },
          { status: 'resolved', at: '2026-06-02T22:00:00Z' },
        ],
      }),
      // waiting on the customer now: the resolution's due time is not known while the clock stands still
      acmeRow('WAITING', {
        severity: 'P2',
        status: 'waiting_on_customer',
        openedAt: '2026-06-20T09:00:00Z',
        firstResponseAt: '2026-06-20T09:10:00Z',
        statusHistory: [
          { status: 'open', at: '2026-06-20T09:00:00Z' },
          { status: 'waiting_on_customer', at: '2026-06-20T10:00:00Z' },
        ],
      }),
      // open P1: first response due 11:05 (breached at 12:00), resolution due 15:00 (pending)
      acmeRow('STILL-OPEN', { severity: 'P1', status: 'open', openedAt: '2026-06-20T11:00:00Z' }),
      // growth's default plan (professional), P3 in Singapore business hours
      { accountExternalId: 'xsla-apac', externalId: 'APAC-P3', severity: 'P3', status: 'open', openedAt: '2026-06-15T00:00:00Z' },
    ]).expect(200);
  });
  afterAll(async () => t.close());

  it.each(FORMATS)('%s: the policy, due times and states of every ticket are the API answer', async (format) => {
    const rows = await expectExportMatchesApi(format);
    // Spot checks, so the comparison cannot pass on two equally wrong answers.
    expect(rows.get('ON-TIME')).toMatchObject({ first_response_due_at: hours('2026-06-01T10:05:00Z'), first_response_state: 'met', resolution_state: 'met' });
    expect(rows.get('ONE-SECOND-LATE')).toMatchObject({ first_response_state: 'breached', resolution_state: 'breached' });
    expect(rows.get('WEEKEND')).toMatchObject({ sla_clock: 'business_hours', first_response_due_at: hours('2026-06-09T10:30:00Z'), first_response_state: 'met', resolution_due_at: hours('2026-06-11T16:30:00Z'), resolution_state: 'breached' });
    expect(rows.get('WEEKEND-LATE')).toMatchObject({ first_response_state: 'breached' });
    expect(rows.get('PAUSE-ENDED')).toMatchObject({ resolution_due_at: hours('2026-06-02T22:00:00Z'), resolution_state: 'met' });
    expect(rows.get('WAITING')).toMatchObject({ first_response_state: 'met', resolution_due_at: null, resolution_state: 'pending' });
    expect(rows.get('STILL-OPEN')).toMatchObject({ first_response_due_at: hours('2026-06-20T11:05:00Z'), first_response_state: 'breached', resolution_due_at: hours('2026-06-20T15:00:00Z'), resolution_state: 'pending' });
    expect(rows.get('APAC-P3')).toMatchObject({ sla_support_plan: 'professional', sla_clock: 'business_hours', first_response_target_minutes: 240 });
  });

  it('types the SLA columns in Parquet', async () => {
    const types = await describeWithDuckDb((await pull(t, 'tickets', { format: 'parquet' })).body, 'parquet');
    expect(types).toMatchObject({
      sla_support_plan: 'VARCHAR',
      sla_clock: 'VARCHAR',
      first_response_target_minutes: 'INTEGER',
      resolution_target_minutes: 'INTEGER',
      first_response_due_at: 'TIMESTAMP WITH TIME ZONE',
      resolution_due_at: 'TIMESTAMP WITH TIME ZONE',
      first_response_state: 'VARCHAR',
      resolution_state: 'VARCHAR',
    });
  });

  it('judges pending against the pull time: pending exactly at the due time, breached one second after', async () => {
    try {
      clock.set(new Date('2026-06-20T15:00:00Z'));
      expect((await expectExportMatchesApi()).get('STILL-OPEN')!.resolution_state).toBe('pending');
      clock.set(new Date('2026-06-20T15:00:01Z'));
      expect((await expectExportMatchesApi()).get('STILL-OPEN')!.resolution_state).toBe('breached');
    } finally {
      clock.set(new Date('2026-06-20T12:00:00Z'));
    }
  });

  it('sends a target the clock breached since the previous pull in the next incremental pull, though the row did not change', async () => {
    try {
      const before = await pull(t, 'tickets', { format: 'csv' });
      clock.set(new Date('2026-06-20T15:00:01Z'));
      const changes = await pull(t, 'tickets', { format: 'csv', since: before.cursor });
      const rows = await readWithDuckDb<{ external_id: string; resolution_state: string }>(changes.body, 'csv', 'SELECT external_id, resolution_state FROM t ORDER BY 1');
      expect(rows).toEqual([{ external_id: 'STILL-OPEN', resolution_state: 'breached' }]);
      // Judged once: the pull after it, at the same instant, has nothing new.
      expect(await readWithDuckDb((await pull(t, 'tickets', { format: 'csv', since: changes.cursor })).body, 'csv')).toHaveLength(0);
    } finally {
      clock.set(new Date('2026-06-20T12:00:00Z'));
    }
  });

  it('bi.tickets has the same due times, and judges states by the database clock', async () => {
    const csv = await exported('csv');
    const { rows } = await t.db.pool.query<{ external_id: string; first_response_due_at: Date | null; resolution_due_at: Date | null; first_response_state: string; resolution_state: string }>(
      `SELECT external_id, first_response_due_at, resolution_due_at, first_response_state, resolution_state FROM bi.tickets WHERE account_id = ANY($1::uuid[])`,
      [[acme.id, apac.id]],
    );
    expect(rows).toHaveLength(csv.size);
    for (const row of rows) {
      const fromExport = csv.get(row.external_id)!;
      expect({ id: row.external_id, first: row.first_response_due_at?.getTime() ?? null, resolution: row.resolution_due_at?.getTime() ?? null }).toEqual({
        id: row.external_id,
        first: fromExport.first_response_due_at,
        resolution: fromExport.resolution_due_at,
      });
      // The database clock is past June 2026's due times: final outcomes agree, a pending target with a due time is breached.
      for (const [target, state] of [
        ['first_response', row.first_response_state],
        ['resolution', row.resolution_state],
      ] as const) {
        const exportedState = fromExport[`${target}_state`];
        const due = fromExport[`${target}_due_at`];
        expect({ id: row.external_id, target, state }).toEqual({ id: row.external_id, target, state: exportedState === 'pending' && due !== null && due < Date.now() ? 'breached' : exportedState });
      }
    }
  });

  it('recomputes due times when an SLA policy changes, in the same request, re-exporting only the tickets it moved', async () => {
    const before = await pull(t, 'tickets', { format: 'csv' });
    const response = await request(t.server)
      .put('/api/v1/sla-policies')
      .set(auth(t.adminKey))
      .send({ items: [{ supportPlan: 'enterprise', severity: 'P1', clock: '24x7', firstResponseMinutes: 10, resolutionMinutes: 240 }] })
      .expect(200);
    expect(response.body.items).toContainEqual(expect.objectContaining({ supportPlan: 'enterprise', severity: 'P1', firstResponseMinutes: 10 }));
    const rows = await expectExportMatchesApi();
    expect(rows.get('STILL-OPEN')).toMatchObject({ first_response_target_minutes: 10, first_response_due_at: hours('2026-06-20T11:10:00Z'), first_response_state: 'breached' });
    expect(rows.get('ONE-SECOND-LATE')).toMatchObject({ first_response_due_at: hours('2026-06-01T10:10:00Z'), first_response_state: 'met' });
    // The change cursor sees the rewritten rows (the enterprise P1 tickets) and nothing else.
    const changes = await readWithDuckDb<{ external_id: string }>((await pull(t, 'tickets', { format: 'csv', since: before.cursor })).body, 'csv', 'SELECT external_id FROM t ORDER BY 1');
    expect(changes.map((row) => row.external_id)).toEqual(['ON-TIME', 'ONE-SECOND-LATE', 'STILL-OPEN']);
    // The same policy again rewrites nothing.
    const after = await pull(t, 'tickets', { format: 'csv' });
    await request(t.server)
      .put('/api/v1/sla-policies')
      .set(auth(t.adminKey))
      .send({ items: [{ supportPlan: 'enterprise', severity: 'P1', clock: '24x7', firstResponseMinutes: 10, resolutionMinutes: 240 }] })
      .expect(200);
    expect((await readWithDuckDb((await pull(t, 'tickets', { format: 'csv', since: after.cursor })).body, 'csv')).length).toBe(0);
  });

  it('recomputes business-hours due times when a calendar changes', async () => {
    // Tuesday 9 June off too: the weekend ticket's first response is now due on Wednesday.
    await putCalendars(['2026-06-08', '2026-06-09']);
    const rows = await expectExportMatchesApi();
    expect(rows.get('WEEKEND')).toMatchObject({ first_response_due_at: hours('2026-06-10T10:30:00Z'), first_response_state: 'met' });
    expect(rows.get('WEEKEND-LATE')).toMatchObject({ first_response_state: 'met' });
  });

  it("recomputes an account's tickets when its support plan changes", async () => {
    await request(t.server).patch(`/api/v1/accounts/${apac.id}`).set(auth(t.adminKey)).send({ supportPlan: 'enterprise' }).expect(200);
    const rows = await expectExportMatchesApi();
    expect(rows.get('APAC-P3')).toMatchObject({ sla_support_plan: 'enterprise', first_response_target_minutes: 120 });
  });

  it('fills the SLA columns of rows from before they existed at start-up (the backfill)', async () => {
    const expected = await exported('csv');
    await t.db.pool.query(
      `UPDATE support_tickets SET sla_support_plan = NULL, sla_clock = NULL, first_response_target_minutes = NULL, resolution_target_minutes = NULL,
         first_response_due_at = NULL, resolution_due_at = NULL, first_response_outcome = NULL, resolution_outcome = NULL, sla_computed_at = NULL`,
    );
    expect((await exported('csv')).get('ON-TIME')).toMatchObject({ sla_clock: null, first_response_due_at: null, first_response_state: null });
    await t.app.get(TicketSlaStore).onApplicationBootstrap();
    expect(await exported('csv')).toEqual(expected);
    const { rows } = await t.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM support_tickets WHERE sla_computed_at IS NULL');
    expect(rows[0].n).toBe(0);
  });
});
