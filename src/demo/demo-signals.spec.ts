import { normaliseTicket } from '../support/ticket-rules';
import { buildDemoDataset } from './demo-dataset';
import { buildDemoSignals, CHURN_LOGIT, explainedChurnLogit, hasPoorQuality, NOISE_SIZE, USAGE_DAYS } from './demo-signals';

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

  it('makes churn depend on the signals partly and noisily', () => {
    // Direction of each effect on the logit: a fall and poor quality raise the odds, growth lowers them.
    const profile = (shape: 'flat' | 'falling' | 'growing', incidentRate: number, fallFrom = 0, fallTo = 0) => ({ shape, incidentRate, fallFrom, fallTo });
    const flat = explainedChurnLogit(profile('flat', 0.005));
    expect(explainedChurnLogit(profile('falling', 0.005, 80, 5))).toBeCloseTo(flat + CHURN_LOGIT.falling, 10);
    expect(explainedChurnLogit(profile('falling', 0.005, 120, 5))).toBeCloseTo(flat + CHURN_LOGIT.falling + CHURN_LOGIT.longDecline * 0.5, 10);
    expect(explainedChurnLogit(profile('falling', 0.005, 160, 0))).toBeCloseTo(flat + CHURN_LOGIT.falling + CHURN_LOGIT.longDecline, 10);
    expect(explainedChurnLogit(profile('flat', 0.05))).toBeCloseTo(flat + CHURN_LOGIT.poorQuality, 10);
    expect(explainedChurnLogit(profile('growing', 0.005))).toBeLessThan(flat);

    // On a larger book: churn is far more common among accounts that fell or had poor quality, yet some healthy-looking ones churn too.
    const book = buildDemoSignals(buildDemoDataset({ seed: 3, asOf, accounts: 600 }));
    const churned = new Set(book.outcomes.filter((outcome) => outcome.kind === 'churned').map((outcome) => outcome.accountExternalId));
    const paying = book.profiles.filter((profile) => profile.shape !== 'dropped' && book.metrics.some((metric) => metric.externalId === profile.externalId && metric.metric === 'billable-amount'));
    const rate = (profiles: typeof paying) => profiles.filter((profile) => churned.has(profile.externalId)).length / profiles.length;
    const risky = paying.filter((profile) => profile.shape === 'falling' || hasPoorQuality(profile));
    const healthy = paying.filter((profile) => profile.shape !== 'falling' && !hasPoorQuality(profile));
    expect(rate(risky)).toBeGreaterThan(2 * rate(healthy));
    expect(rate(healthy)).toBeGreaterThan(0);
    expect(rate(risky)).toBeLessThan(0.8);
    // A falling account churns at the end of its decline, after any contraction.
    for (const profile of paying.filter((candidate) => candidate.shape === 'falling' && churned.has(candidate.externalId))) {
      const rows = book.outcomes.filter((outcome) => outcome.accountExternalId === profile.externalId);
      const churn = rows.find((outcome) => outcome.kind === 'churned')!;
      for (const row of rows.filter((outcome) => outcome.kind === 'contracted')) expect(row.date < churn.date).toBe(true);
    }
    // One that churned without a decline loses its traffic from the churn day; accounts that stayed keep theirs.
    const sudden = paying.filter((profile) => profile.shape !== 'falling' && churned.has(profile.externalId));
    expect(sudden.length).toBeGreaterThan(0);
    for (const profile of sudden) {
      const churn = book.outcomes.find((outcome) => outcome.accountExternalId === profile.externalId && outcome.kind === 'churned')!;
      expect(profile.goneBack).toBe(Math.round((Date.parse(`${asOf}T00:00:00Z`) - Date.parse(`${churn.date}T00:00:00Z`)) / 86_400_000) + 1);
      expect(profile.goneShare).toBeLessThan(0.1);
    }
    expect(paying.filter((profile) => !churned.has(profile.externalId)).every((profile) => profile.goneBack === 0)).toBe(true);
  });
});
