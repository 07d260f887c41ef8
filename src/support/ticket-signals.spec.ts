import { supportSignals, TicketForSignals } from './ticket-signals';

const ASOF = new Date('2026-06-30T00:00:00Z');
const ticket = (fields: Partial<TicketForSignals>): TicketForSignals => ({
  severity: 'P3',
  openedAt: new Date('2026-06-20T00:00:00Z'),
  resolvedAt: null,
  escalation: null,
  firstResponseState: 'met',
  resolutionState: 'pending',
  ...fields,
});

describe('support signals', () => {
  it.each<[string, TicketForSignals[], Partial<ReturnType<typeof supportSignals>>]>([
    ['no tickets', [], { openP1: 0, openP2: 0, slaBreaches: {}, escalations: 0 }],
    ['open P1 and P2, whenever opened', [ticket({ severity: 'P1', openedAt: new Date('2025-01-01T00:00:00Z') }), ticket({ severity: 'P2' }), ticket({ severity: 'P2', resolvedAt: new Date('2026-06-29T00:00:00Z') })], { openP1: 1, openP2: 1 }],
    ['resolved after asOf is still open at asOf', [ticket({ severity: 'P1', resolvedAt: new Date('2026-07-01T00:00:00Z') })], { openP1: 1 }],
    ['a ticket breached twice counts once', [ticket({ severity: 'P1', firstResponseState: 'breached', resolutionState: 'breached', resolvedAt: ASOF })], { slaBreaches: { P1: 1 }, openP1: 0 }],
    ['breaches and escalations outside the window do not count', [ticket({ openedAt: new Date('2026-03-01T00:00:00Z'), firstResponseState: 'breached', escalation: 'engineering', resolvedAt: ASOF })], { slaBreaches: {}, escalations: 0 }],
    ['L2 and engineering are escalations, L1 is not', [ticket({ escalation: 'L1' }), ticket({ escalation: 'L2' }), ticket({ escalation: 'engineering' })], { escalations: 2 }],
    ['tickets opened after asOf are ignored', [ticket({ severity: 'P1', openedAt: new Date('2026-07-01T00:00:00Z') })], { openP1: 0 }],
  ])('%s', (_name, tickets, expected) => {
    expect(supportSignals(tickets, ASOF, 90, null)).toMatchObject(expected);
  });
});
