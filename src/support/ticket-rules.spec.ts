import { normaliseTicket, TicketInput } from './ticket-rules';

const NOW = new Date('2026-06-10T12:00:00Z');
const base: TicketInput = { externalId: 'T-1', severity: 'P2', status: 'open', openedAt: '2026-06-01T10:00:00Z' };

describe('ticket rules', () => {
  it('normalises times to UTC milliseconds and fills a missing history', () => {
    const { ticket, errors } = normaliseTicket({ ...base, status: 'resolved', openedAt: '2026-06-01T12:00:00+02:00', firstResponseAt: '2026-06-01T10:05:00Z', resolvedAt: '2026-06-02T09:00:00.5Z' }, NOW);
    expect(errors).toEqual([]);
    expect(ticket).toEqual({
      externalId: 'T-1',
      severity: 'P2',
      status: 'resolved',
      statusHistory: [
        { status: 'open', at: '2026-06-01T10:00:00.000Z' },
        { status: 'resolved', at: '2026-06-02T09:00:00.500Z' },
      ],
      openedAt: '2026-06-01T10:00:00.000Z',
      firstResponseAt: '2026-06-01T10:05:00.000Z',
      resolvedAt: '2026-06-02T09:00:00.500Z',
      escalation: null,
      subject: null,
    });
  });

  it.each<[string, Partial<TicketInput>, string[]]>([
    ['first response before opening', { firstResponseAt: '2026-06-01T09:59:59Z' }, ['firstResponseAt']],
    ['resolution before opening', { status: 'resolved', resolvedAt: '2026-05-31T10:00:00Z' }, ['resolvedAt']],
    ['first response after resolution', { status: 'closed', firstResponseAt: '2026-06-03T10:00:00Z', resolvedAt: '2026-06-02T10:00:00Z' }, ['firstResponseAt']],
    ['resolved without resolvedAt', { status: 'resolved' }, ['resolvedAt']],
    ['open with resolvedAt', { resolvedAt: '2026-06-02T10:00:00Z' }, ['resolvedAt']],
    ['opened in the future', { openedAt: '2026-06-10T12:06:00Z' }, ['openedAt']],
    ['waiting on the customer without history', { status: 'waiting_on_customer' }, ['statusHistory']],
    [
      'history out of order',
      { statusHistory: [{ status: 'open', at: '2026-06-01T10:00:00Z' }, { status: 'waiting_on_customer', at: '2026-06-02T10:00:00Z' }, { status: 'open', at: '2026-06-01T11:00:00Z' }] },
      ['statusHistory[2].at'],
    ],
    ['history before opening', { statusHistory: [{ status: 'open', at: '2026-06-01T09:00:00Z' }] }, ['statusHistory[0].at']],
    ['history ending in another status', { statusHistory: [{ status: 'open', at: '2026-06-01T10:00:00Z' }, { status: 'waiting_on_customer', at: '2026-06-01T11:00:00Z' }] }, ['status']],
    ['NUL in text', { externalId: 'T\u00001', subject: 'a\u0000b' }, ['externalId', 'subject']],
    ['history in the future', { statusHistory: [{ status: 'open', at: '2026-06-11T10:00:00Z' }] }, ['statusHistory[0].at']],
  ])('refuses %s', (_name, fields, paths) => {
    const { ticket, errors } = normaliseTicket({ ...base, ...fields }, NOW);
    expect(ticket).toBeUndefined();
    expect(errors.map((error) => error.path)).toEqual(paths);
  });

  it('accepts a time a little ahead of our clock, and equal history times', () => {
    const { errors } = normaliseTicket(
      { ...base, openedAt: '2026-06-10T12:04:00Z', statusHistory: [{ status: 'open', at: '2026-06-10T12:04:00Z' }, { status: 'open', at: '2026-06-10T12:04:00Z' }] },
      NOW,
    );
    expect(errors).toEqual([]);
  });
});
