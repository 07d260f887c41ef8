import { DEFAULT_SEGMENT_PLANS, DEFAULT_SLA_POLICIES, policyBook, RegionCalendar } from './sla-policy-rules';
import type { TicketStatus } from './ticket-sla';
import { StoredTicketSla, storedTicketSla } from './ticket-sla-stored';
import { slaAccountAt, SlaContext, TicketSlaInput, ticketSlaView } from './ticket-sla-view';

const DEFAULT_CALENDAR: RegionCalendar = {
  region: 'default',
  timeZone: 'UTC',
  weeklyHours: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, openMinute: 9 * 60, closeMinute: 17 * 60 })),
  holidays: ['2026-06-08'],
  schoolHolidays: [],
};
const BERLIN: RegionCalendar = { ...DEFAULT_CALENDAR, region: 'emea', timeZone: 'Europe/Berlin', holidays: [] };
const context: SlaContext = {
  book: policyBook(DEFAULT_SLA_POLICIES, DEFAULT_SEGMENT_PLANS),
  calendars: new Map([
    ['default', DEFAULT_CALENDAR],
    ['emea', BERLIN],
  ]),
};

function ticket(fields: Partial<Omit<TicketSlaInput, 'openedAt' | 'firstResponseAt' | 'resolvedAt' | 'statusHistory'>> & {
  openedAt: string;
  firstResponseAt?: string;
  resolvedAt?: string;
  history?: [TicketStatus, string][];
}): TicketSlaInput {
  return {
    severity: fields.severity ?? 'P1',
    supportPlan: fields.supportPlan === undefined ? 'enterprise' : fields.supportPlan,
    segment: fields.segment ?? 'enterprise',
    region: fields.region ?? null,
    openedAt: new Date(fields.openedAt),
    firstResponseAt: fields.firstResponseAt ? new Date(fields.firstResponseAt) : null,
    resolvedAt: fields.resolvedAt ? new Date(fields.resolvedAt) : null,
    statusHistory: (fields.history ?? [['open', fields.openedAt]]).map(([status, at]) => ({ status, at })),
  };
}

/** What the tickets export and bi.tickets compute from the stored columns (export-datasets.ts, slaState). */
function exportedState(stored: StoredTicketSla, target: 'firstResponse' | 'resolution', now: Date): string | null {
  if (stored.clock === null) return null;
  const outcome = target === 'firstResponse' ? stored.firstResponseOutcome : stored.resolutionOutcome;
  if (outcome !== null) return outcome;
  const due = target === 'firstResponse' ? stored.firstResponseDueAt : stored.resolutionDueAt;
  return due !== null && Date.parse(due) < now.getTime() ? 'breached' : 'pending';
}

interface Scenario {
  name: string;
  ticket: TicketSlaInput;
  computedAt: string;
  expected: Partial<StoredTicketSla>;
}

const scenarios: Scenario[] = [
  {
    name: 'resolved on time: both due times and both outcomes are final',
    ticket: ticket({ openedAt: '2026-06-01T10:00:00Z', firstResponseAt: '2026-06-01T10:05:00Z', resolvedAt: '2026-06-01T14:00:00Z', history: [['open', '2026-06-01T10:00:00Z'], ['resolved', '2026-06-01T14:00:00Z']] }),
    computedAt: '2026-06-20T12:00:00Z',
    expected: {
      supportPlan: 'enterprise',
      clock: '24x7',
      firstResponseTargetMinutes: 5,
      resolutionTargetMinutes: 240,
      firstResponseDueAt: '2026-06-01T10:05:00.000Z',
      resolutionDueAt: '2026-06-01T14:00:00.000Z',
      firstResponseOutcome: 'met',
      resolutionOutcome: 'met',
    },
  },
  {
    name: 'responded one second late: breached for good',
    ticket: ticket({ openedAt: '2026-06-01T10:00:00Z', firstResponseAt: '2026-06-01T10:05:01Z' }),
    computedAt: '2026-06-01T10:10:00Z',
    expected: { firstResponseDueAt: '2026-06-01T10:05:00.000Z', firstResponseOutcome: 'breached', resolutionDueAt: '2026-06-01T14:00:00.000Z', resolutionOutcome: null },
  },
  {
    name: 'open with a running clock: due time fixed, outcome left to the reader',
    ticket: ticket({ severity: 'P3', openedAt: '2026-06-05T16:30:00Z' }),
    computedAt: '2026-06-05T16:31:00Z',
    // 2 business hours from Friday 16:30: 30 minutes Friday, the weekend and Monday's holiday off, 90 minutes Tuesday.
    expected: { clock: 'business_hours', firstResponseDueAt: '2026-06-09T10:30:00.000Z', resolutionDueAt: '2026-06-11T16:30:00.000Z', firstResponseOutcome: null },
  },
  {
    name: 'waiting on the customer: a due time not yet used up is unknown',
    ticket: ticket({ severity: 'P2', openedAt: '2026-06-02T10:00:00Z', firstResponseAt: '2026-06-02T10:10:00Z', history: [['open', '2026-06-02T10:00:00Z'], ['waiting_on_customer', '2026-06-02T11:00:00Z']] }),
    computedAt: '2026-06-02T13:00:00Z',
    expected: { firstResponseDueAt: '2026-06-02T10:30:00.000Z', firstResponseOutcome: 'met', resolutionDueAt: null, resolutionOutcome: null },
  },
  {
    name: 'waiting on the customer after the target was used up: the due time is known (breached)',
    ticket: ticket({ severity: 'P1', openedAt: '2026-06-02T10:00:00Z', history: [['open', '2026-06-02T10:00:00Z'], ['waiting_on_customer', '2026-06-02T11:00:00Z']] }),
    computedAt: '2026-06-02T13:00:00Z',
    expected: { firstResponseDueAt: '2026-06-02T10:05:00.000Z', firstResponseOutcome: null, resolutionDueAt: null },
  },
  {
    name: 'a pause that ended moves the due time by its length',
    ticket: ticket({
      severity: 'P2',
      openedAt: '2026-06-02T10:00:00Z',
      firstResponseAt: '2026-06-02T10:10:00Z',
      history: [['open', '2026-06-02T10:00:00Z'], ['waiting_on_customer', '2026-06-02T11:00:00Z'], ['open', '2026-06-02T15:00:00Z']],
    }),
    computedAt: '2026-06-02T16:00:00Z',
    expected: { resolutionDueAt: '2026-06-02T22:00:00.000Z', resolutionOutcome: null },
  },
  {
    name: 'no plan of its own: the segment default applies',
    ticket: ticket({ supportPlan: null, segment: 'growth', openedAt: '2026-06-01T10:00:00Z' }),
    computedAt: '2026-06-01T10:00:00Z',
    expected: { supportPlan: 'professional', firstResponseTargetMinutes: 30, firstResponseDueAt: '2026-06-01T10:30:00.000Z' },
  },
  {
    name: 'a region calendar in its own time zone (Berlin, summer time)',
    ticket: ticket({ severity: 'P3', region: 'EMEA', openedAt: '2026-06-01T06:00:00Z' }),
    computedAt: '2026-06-01T06:00:00Z',
    // opens 09:00 Berlin = 07:00 UTC; 2 business hours later
    expected: { firstResponseDueAt: '2026-06-01T09:00:00.000Z' },
  },
];

describe('storedTicketSla', () => {
  it.each(scenarios)('$name', ({ ticket: input, computedAt, expected }) => {
    expect(storedTicketSla(input, context, new Date(computedAt))).toMatchObject(expected);
  });

  it('stores nothing when not even the fallback plan has a policy', () => {
    const empty: SlaContext = { book: policyBook([], []), calendars: context.calendars };
    expect(storedTicketSla(ticket({ openedAt: '2026-06-01T10:00:00Z' }), empty, new Date('2026-06-02T00:00:00Z'))).toMatchObject({ clock: null, supportPlan: null, firstResponseDueAt: null });
  });

  it('does not depend on when it is computed (a re-sent ticket is unchanged)', () => {
    for (const { ticket: input, computedAt } of scenarios) {
      const first = storedTicketSla(input, context, new Date(computedAt));
      for (const laterDays of [1, 30, 400]) expect(storedTicketSla(input, context, new Date(Date.parse(computedAt) + laterDays * 86_400_000))).toEqual(first);
    }
  });

  it('gives the API answer at any later moment: the same due time (unless paused) and the same state', () => {
    const instants = ['2026-06-01T10:05:00Z', '2026-06-01T10:05:01Z', '2026-06-02T10:30:00Z', '2026-06-02T12:00:00Z', '2026-06-09T10:30:00Z', '2026-06-09T10:30:01Z', '2026-06-11T16:30:01Z', '2026-07-01T00:00:00Z'];
    for (const { name, ticket: input, computedAt } of scenarios) {
      const stored = storedTicketSla(input, context, new Date(computedAt));
      for (const instant of instants.map((value) => new Date(value)).filter((value) => value.getTime() >= Date.parse(computedAt))) {
        const view = ticketSlaView(input, context, instant)!;
        for (const target of ['firstResponse', 'resolution'] as const) {
          const storedDue = target === 'firstResponse' ? stored.firstResponseDueAt : stored.resolutionDueAt;
          const apiDue = view[target].dueAt?.toISOString() ?? null;
          const where = `${name}, ${target} at ${instant.toISOString()}`;
          expect({ where, state: exportedState(stored, target, instant) }).toEqual({ where, state: view[target].state });
          if (storedDue !== null || !view.paused) expect({ where, due: storedDue }).toEqual({ where, due: apiDue });
        }
      }
    }
  });
});

describe('slaAccountAt', () => {
  const account = {
    current: { supportPlan: 'enterprise', segment: 'enterprise', region: 'emea' },
    history: [
      { validFromMs: Date.parse('2026-06-10T00:00:00Z'), validToMs: null, supportPlan: 'enterprise', segment: 'enterprise' },
      { validFromMs: Date.parse('2026-06-01T00:00:00Z'), validToMs: Date.parse('2026-06-10T00:00:00Z'), supportPlan: null, segment: 'growth' },
    ],
  };
  it.each([
    ['before any history: the current plan and segment', '2026-05-01T00:00:00Z', { supportPlan: 'enterprise', segment: 'enterprise', region: 'emea' }],
    ['in an older version: its plan (even none) and segment, the current region', '2026-06-05T00:00:00Z', { supportPlan: null, segment: 'growth', region: 'emea' }],
    ['exactly when a version starts: that version', '2026-06-10T00:00:00Z', { supportPlan: 'enterprise', segment: 'enterprise', region: 'emea' }],
  ])('%s', (_name, openedAt, expected) => {
    expect(slaAccountAt(account, Date.parse(openedAt))).toEqual(expected);
  });
});
