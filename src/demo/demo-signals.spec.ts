import { normaliseTicket } from '../support/ticket-rules';
import { buildDemoDataset } from './demo-dataset';
import { buildDemoSignals, NOISE_SIZE, USAGE_DAYS } from './demo-signals';

describe('buildDemoSignals', () => {
  const asOf = '2026-11-22';
  const dataset = buildDemoDataset({ seed: 1, asOf });
  const signals = buildDemoSignals(dataset);
  const latest = Date.parse(`${asOf}T00:00:00Z`) - 15 * 3_600_000;

  it('is the same for the same seed and day, and differs for another seed', () => {
    expect(buildDemoSignals(buildDemoDataset({ seed: 1, asOf }))).toEqual(signals);
    const other = buildDemoSignals(buildDemoDataset({ seed: 2, asOf }));
    expect(other.noise).not.toEqual(signals.noise);
    expect(other.tickets).not.toEqual(signals.tickets);
  });

  it('gives every account with apps a usage profile within 400 days, in every shape, a few dropped overnight', () => {
    const withApps = dataset.accounts.filter((account) => account.appIds.length > 0);
    expect(signals.profiles.map((profile) => profile.externalId)).toEqual(withApps.map((account) => account.externalId));
    for (const profile of signals.profiles) {
      expect(profile.firstBack).toBeGreaterThanOrEqual(0);
      expect(profile.firstBack).toBeLessThan(USAGE_DAYS);
      if (profile.shape === 'dropped') expect(profile.dropDays).toBeGreaterThanOrEqual(3);
      // A falling account declines over months and keeps a third or more: the trends' overnight-drop rule stays quiet.
      if (profile.shape === 'falling') {
        expect(profile.fallFrom - profile.fallTo).toBeGreaterThanOrEqual(75);
        expect(profile.fallFloor).toBeGreaterThanOrEqual(0.35);
      }
    }
    const shapes = new Set(signals.profiles.map((profile) => profile.shape));
    expect([...shapes].sort()).toEqual(['dropped', 'falling', 'flat', 'growing']);
    const dropped = signals.profiles.filter((profile) => profile.shape === 'dropped').length;
    expect(dropped).toBeGreaterThanOrEqual(3);
    expect(dropped).toBeLessThanOrEqual(8);
    expect(signals.noise).toHaveLength(NOISE_SIZE);
    expect(signals.noise.every((value) => value >= 0 && value < 1)).toBe(true);
  });

  it('measures each account by its products\' main metrics and keeps ratio metrics weighted', () => {
    const byAccount = new Map<string, string[]>();
    for (const metric of signals.metrics) byAccount.set(metric.externalId, [...(byAccount.get(metric.externalId) ?? []), metric.metric]);
    for (const account of dataset.accounts.filter((candidate) => candidate.appIds.length > 0)) {
      const metrics = byAccount.get(account.externalId)!;
      expect(new Set(metrics).size).toBe(metrics.length);
      expect(metrics).toContain('daily-active-users');
      expect(metrics).toContain('join-success-rate');
    }
    for (const metric of signals.metrics) {
      expect(metric.kind.startsWith('ratio') ? metric.weightBase! > 0 : metric.weightBase === null).toBe(true);
      expect(metric.slot).toBeGreaterThanOrEqual(0);
    }
  });

  it('builds tickets the ticket ingest would accept, none after the day before asOf', () => {
    for (const ticket of signals.tickets) {
      const { errors } = normaliseTicket(ticket, new Date(latest));
      expect(errors).toEqual([]);
      for (const change of ticket.statusHistory) expect(Date.parse(change.at)).toBeLessThanOrEqual(latest);
    }
    expect(new Set(signals.tickets.map((ticket) => `${ticket.accountExternalId}/${ticket.externalId}`)).size).toBe(signals.tickets.length);
    const paused = signals.tickets.filter((ticket) => ticket.statusHistory.some((change) => change.status === 'waiting_on_customer'));
    expect(paused.length).toBeGreaterThan(20);
  });

  it('keeps touchpoints, NPS and outcomes within their rules', () => {
    for (const touchpoint of signals.touchpoints) {
      expect(Date.parse(touchpoint.occurredAt)).toBeLessThanOrEqual(latest);
      expect(touchpoint.managerEmail).not.toBeNull();
    }
    for (const response of signals.nps) {
      expect(Number.isInteger(response.score) && response.score >= 0 && response.score <= 10).toBe(true);
      expect(Date.parse(response.respondedAt)).toBeLessThanOrEqual(latest);
    }
    for (const outcome of signals.outcomes) {
      const change = Number(outcome.arrChange);
      if (outcome.kind === 'expanded') expect(change).toBeGreaterThan(0);
      if (outcome.kind === 'contracted') expect(change).toBeLessThan(0);
      if (outcome.kind === 'churned') expect(change).toBeLessThanOrEqual(0);
      expect(outcome.date < asOf).toBe(true);
    }
    const unique = (rows: { accountExternalId: string; externalId: string }[]) => new Set(rows.map((row) => `${row.accountExternalId}/${row.externalId}`)).size;
    expect(unique(signals.touchpoints)).toBe(signals.touchpoints.length);
    expect(unique(signals.nps)).toBe(signals.nps.length);
    expect(unique(signals.outcomes)).toBe(signals.outcomes.length);
  });
});
