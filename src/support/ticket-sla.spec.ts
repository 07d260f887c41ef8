import { BusinessCalendar } from './sla-clock';
import { evaluateTicketSla, slaAttainment, SlaTerms, statusAt, TicketStatus, TicketTimeline } from './ticket-sla';

const UTC_OFFICE: BusinessCalendar = {
  timeZone: 'UTC',
  weeklyHours: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, openMinute: 9 * 60, closeMinute: 17 * 60 })),
  holidays: ['2026-06-08'],
};
const P1: SlaTerms = { clock: '24x7', firstResponseMinutes: 30, resolutionMinutes: 240 };
const P3: SlaTerms = { clock: 'business_hours', firstResponseMinutes: 120, resolutionMinutes: 480 };

function timeline(openedAt: string, fields: { firstResponseAt?: string; resolvedAt?: string; history?: [TicketStatus, string][] } = {}): TicketTimeline {
  return {
    openedAt: new Date(openedAt),
    firstResponseAt: fields.firstResponseAt ? new Date(fields.firstResponseAt) : null,
    resolvedAt: fields.resolvedAt ? new Date(fields.resolvedAt) : null,
    statusHistory: (fields.history ?? [['open', openedAt]]).map(([status, at]) => ({ status, at: new Date(at) })),
  };
}

interface Scenario {
  name: string;
  ticket: TicketTimeline;
  terms: SlaTerms;
  asOf: string;
  firstResponse: { state: string; dueAt: string | null; targetUsedPct?: number };
  resolution?: { state: string; dueAt: string | null; targetUsedPct?: number };
  paused?: boolean;
}

const scenarios: Scenario[] = [
  {
    name: 'responded exactly at the due time: met',
    ticket: timeline('2026-06-01T10:00:00Z', { firstResponseAt: '2026-06-01T10:30:00Z' }),
    terms: P1,
    asOf: '2026-06-01T12:00:00Z',
    firstResponse: { state: 'met', dueAt: '2026-06-01T10:30:00.000Z', targetUsedPct: 100 },
    resolution: { state: 'pending', dueAt: '2026-06-01T14:00:00.000Z', targetUsedPct: 50 },
  },
  {
    name: 'responded one second after the due time: breached',
    ticket: timeline('2026-06-01T10:00:00Z', { firstResponseAt: '2026-06-01T10:30:01Z' }),
    terms: P1,
    asOf: '2026-06-01T12:00:00Z',
    firstResponse: { state: 'breached', dueAt: '2026-06-01T10:30:00.000Z' },
  },
  {
    name: 'no response, asked exactly at the due time: still pending',
    ticket: timeline('2026-06-01T10:00:00Z'),
    terms: P1,
    asOf: '2026-06-01T10:30:00Z',
    firstResponse: { state: 'pending', dueAt: '2026-06-01T10:30:00.000Z', targetUsedPct: 100 },
  },
  {
    name: 'no response one second past the due time: an open ticket past due is breached',
    ticket: timeline('2026-06-01T10:00:00Z'),
    terms: P1,
    asOf: '2026-06-01T10:30:01Z',
    firstResponse: { state: 'breached', dueAt: '2026-06-01T10:30:00.000Z' },
  },
  {
    name: 'business hours across a weekend and a holiday: Friday 16:30 + 2h is Tuesday 10:30',
    ticket: timeline('2026-06-05T16:30:00Z', { firstResponseAt: '2026-06-09T10:30:00Z' }),
    terms: P3,
    asOf: '2026-06-09T12:00:00Z',
    firstResponse: { state: 'met', dueAt: '2026-06-09T10:30:00.000Z', targetUsedPct: 100 },
  },
  {
    name: 'business hours across a weekend and a holiday, one second late',
    ticket: timeline('2026-06-05T16:30:00Z', { firstResponseAt: '2026-06-09T10:30:01Z' }),
    terms: P3,
    asOf: '2026-06-09T12:00:00Z',
    firstResponse: { state: 'breached', dueAt: '2026-06-09T10:30:00.000Z' },
  },
  {
    name: 'waiting on the customer pauses the resolution clock',
    ticket: timeline('2026-06-01T10:00:00Z', {
      firstResponseAt: '2026-06-01T10:05:00Z',
      resolvedAt: '2026-06-01T16:00:00Z',
      history: [
        ['open', '2026-06-01T10:00:00Z'],
        ['waiting_on_customer', '2026-06-01T11:00:00Z'],
        ['open', '2026-06-01T13:00:00Z'],
        ['resolved', '2026-06-01T16:00:00Z'],
      ],
    }),
    terms: P1,
    asOf: '2026-06-02T00:00:00Z',
    firstResponse: { state: 'met', dueAt: '2026-06-01T10:30:00.000Z' },
    // 4 h target + 2 h paused: due at 16:00, resolved at 16:00, met exactly.
    resolution: { state: 'met', dueAt: '2026-06-01T16:00:00.000Z', targetUsedPct: 100 },
  },
  {
    name: 'paused now: the clock stands still and the due time assumes it resumes at asOf',
    ticket: timeline('2026-06-01T10:00:00Z', {
      firstResponseAt: '2026-06-01T10:05:00Z',
      history: [
        ['open', '2026-06-01T10:00:00Z'],
        ['waiting_on_customer', '2026-06-01T11:00:00Z'],
      ],
    }),
    terms: P1,
    asOf: '2026-06-01T20:00:00Z',
    paused: true,
    firstResponse: { state: 'met', dueAt: '2026-06-01T10:30:00.000Z' },
    resolution: { state: 'pending', dueAt: '2026-06-01T23:00:00.000Z', targetUsedPct: 25 },
  },
  {
    name: 'a reopened ticket: the time it spent resolved does not count',
    ticket: timeline('2026-06-01T10:00:00Z', {
      firstResponseAt: '2026-06-01T10:05:00Z',
      history: [
        ['open', '2026-06-01T10:00:00Z'],
        ['resolved', '2026-06-01T11:00:00Z'],
        ['open', '2026-06-01T15:00:00Z'],
      ],
    }),
    terms: P1,
    asOf: '2026-06-01T16:00:00Z',
    firstResponse: { state: 'met', dueAt: '2026-06-01T10:30:00.000Z' },
    resolution: { state: 'pending', dueAt: '2026-06-01T18:00:00.000Z', targetUsedPct: 50 },
  },
  {
    name: 'resolved without a recorded response: the resolution is the response',
    ticket: timeline('2026-06-01T10:00:00Z', { resolvedAt: '2026-06-01T10:20:00Z', history: [['open', '2026-06-01T10:00:00Z'], ['resolved', '2026-06-01T10:20:00Z']] }),
    terms: P1,
    asOf: '2026-06-02T00:00:00Z',
    firstResponse: { state: 'met', dueAt: '2026-06-01T10:30:00.000Z' },
    resolution: { state: 'met', dueAt: '2026-06-01T14:00:00.000Z' },
  },
  {
    name: 'as of a moment before the response, the response has not happened yet',
    ticket: timeline('2026-06-01T10:00:00Z', { firstResponseAt: '2026-06-01T10:20:00Z' }),
    terms: P1,
    asOf: '2026-06-01T10:10:00Z',
    firstResponse: { state: 'pending', dueAt: '2026-06-01T10:30:00.000Z', targetUsedPct: 33.33 },
  },
  {
    name: 'a pause after the response does not move the response due time',
    ticket: timeline('2026-06-01T10:00:00Z', {
      firstResponseAt: '2026-06-01T10:40:00Z',
      history: [
        ['open', '2026-06-01T10:00:00Z'],
        ['waiting_on_customer', '2026-06-01T10:45:00Z'],
      ],
    }),
    terms: P1,
    asOf: '2026-06-01T12:00:00Z',
    paused: true,
    firstResponse: { state: 'breached', dueAt: '2026-06-01T10:30:00.000Z' },
  },
];

describe('ticket SLA', () => {
  it.each(scenarios)('$name', (scenario) => {
    const outcome = evaluateTicketSla(scenario.ticket, scenario.terms, UTC_OFFICE, new Date(scenario.asOf));
    const view = (target: typeof outcome.firstResponse, expected: { targetUsedPct?: number }) => ({
      state: target.state,
      dueAt: target.dueAt?.toISOString() ?? null,
      ...(expected.targetUsedPct === undefined ? {} : { targetUsedPct: target.targetUsedPct }),
    });
    expect(view(outcome.firstResponse, scenario.firstResponse)).toEqual(scenario.firstResponse);
    if (scenario.resolution) expect(view(outcome.resolution, scenario.resolution)).toEqual(scenario.resolution);
    expect(outcome.paused).toBe(scenario.paused ?? false);
  });

  it('reads the status at an instant', () => {
    const ticket = timeline('2026-06-01T10:00:00Z', { history: [['waiting_on_customer', '2026-06-01T11:00:00Z']] });
    expect(statusAt(ticket, Date.parse('2026-06-01T10:30:00Z'))).toBe('open');
    expect(statusAt(ticket, Date.parse('2026-06-01T11:00:00Z'))).toBe('waiting_on_customer');
  });
});

describe('SLA attainment', () => {
  it('counts by severity and in total; attainment leaves pending tickets out', () => {
    const attainment = slaAttainment([
      { severity: 'P1', firstResponse: 'met', resolution: 'met' },
      { severity: 'P1', firstResponse: 'breached', resolution: 'pending' },
      { severity: 'P1', firstResponse: 'met', resolution: 'breached' },
      { severity: 'P3', firstResponse: 'pending', resolution: 'pending' },
    ]);
    expect(attainment.bySeverity.map((entry) => entry.severity)).toEqual(['P1', 'P2', 'P3', 'P4']);
    expect(attainment.bySeverity[0]).toEqual({
      severity: 'P1',
      tickets: 3,
      firstResponse: { met: 2, breached: 1, pending: 0, attainmentPct: 66.7 },
      resolution: { met: 1, breached: 1, pending: 1, attainmentPct: 50 },
    });
    expect(attainment.bySeverity[1]).toMatchObject({ tickets: 0, firstResponse: { attainmentPct: null } });
    expect(attainment.bySeverity[2].firstResponse).toEqual({ met: 0, breached: 0, pending: 1, attainmentPct: null });
    expect(attainment.total).toMatchObject({ tickets: 4, firstResponse: { met: 2, breached: 1, pending: 1, attainmentPct: 66.7 } });
  });
});
