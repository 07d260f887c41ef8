import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { FixedClock } from '../../src/common/clock';
import { AlertService } from '../../src/health/alerts/alert.service';
import { addDays } from '../../src/usage/usage-row';
import { auth, createAccount } from '../accounts/fixtures';
import { ingestTickets, ticketRow } from '../support-tickets/fixtures';
import { startTestApp, TestApp } from '../support/test-app';
import { outboxEvents, storedAlerts } from './alerts-fixtures';

type Band = 'green' | 'yellow' | 'red' | 'unknown';

/**
 * The rules through AlertService against a real database: the health record seeded as the health
 * run writes it, usage and tickets through the API, evaluation inside a transaction like the run's.
 */
describe('Alert evaluation (e2e)', () => {
  let t: TestApp;
  let service: AlertService;
  let dataSource: DataSource;
  const clock = new FixedClock(new Date('2026-06-20T12:00:00Z'));

  /** Writes the daily record: `[day, score, band, coverage?]` rows. */
  const seedScores = async (accountId: string, rows: [string, number | null, Band, number?][]) => {
    for (const [day, score, band, coverage] of rows) {
      await t.db.pool.query(
        `INSERT INTO health_daily_scores (account_id, day, run_id, model_id, model_version, score, band, coverage, components, drivers, computed_at)
         VALUES ($1, $2, $3, $4, 1, $5, $6, $7, '{}', '{}', now())
         ON CONFLICT (account_id, day) DO UPDATE SET score = EXCLUDED.score, band = EXCLUDED.band, coverage = EXCLUDED.coverage`,
        [accountId, day, randomUUID(), randomUUID(), score, band, coverage ?? 1],
      );
    }
  };
  /** One row a day ending at `last`, oldest first. */
  const daily = (last: string, values: [number | null, Band][]): [string, number | null, Band][] =>
    values.map(([score, band], index) => [addDays(last, index - (values.length - 1)), score, band]);
  const evaluate = (asOf: string, accountIds: string[]) => dataSource.transaction((manager) => service.evaluateAfterRun(manager, randomUUID(), asOf, accountIds));
  const topics = async (accountId: string) => (await outboxEvents(t, accountId)).map((event) => event.topic);

  beforeAll(async () => {
    t = await startTestApp({ clock });
    service = t.app.get(AlertService);
    dataSource = t.app.get(DataSource);
  });
  afterAll(async () => t.close());
  afterEach(() => clock.set(new Date('2026-06-20T12:00:00Z')));

  it('opens a band drop only when two consecutive days agree, with its events, once', async () => {
    const account = await createAccount(t, { segment: 'enterprise', name: 'Acme Learning' });
    await seedScores(account.id, daily('2026-06-19', [[80, 'green'], [80, 'green'], [40, 'red']]));
    expect(await evaluate('2026-06-19', [account.id])).toEqual({ opened: 0, resolved: 0 });
    expect(await storedAlerts(t, account.id)).toEqual([]);

    await seedScores(account.id, [['2026-06-20', 38, 'red']]);
    expect(await evaluate('2026-06-20', [account.id])).toEqual({ opened: 1, resolved: 0 });
    const [alert] = await storedAlerts(t, account.id);
    expect(alert).toMatchObject({ kind: 'band_dropped', status: 'open', sourceRef: '2026-06-19:red' });
    expect(alert.facts).toMatchObject({ fromBand: 'green', toBand: 'red', since: '2026-06-19', sentence: 'Health has been red since 2026-06-19, down from green on 2026-06-18 (score 38).' });

    const events = await outboxEvents(t, account.id);
    expect(events.map((event) => event.topic)).toEqual(['account.turned_red', 'alert.opened']);
    const opened = events.find((event) => event.topic === 'alert.opened')!.payload;
    expect(opened).toMatchObject({
      alertId: alert.id,
      accountId: account.id,
      accountName: 'Acme Learning',
      segment: 'enterprise',
      kind: 'band_dropped',
      severity: 'high',
      title: 'Health dropped from green to red',
      band: 'red',
      score: 38,
      asOf: '2026-06-20',
      immediate: true,
      openedAt: '2026-06-20T12:00:00+00:00',
    });
    expect(events.find((event) => event.topic === 'account.turned_red')!.payload).toMatchObject({ alertId: alert.id, fromBand: 'green', band: 'red', since: '2026-06-19' });

    // The same run evaluated again, and the next day's run: nothing new.
    expect(await evaluate('2026-06-20', [account.id])).toEqual({ opened: 0, resolved: 0 });
    await seedScores(account.id, [['2026-06-21', 36, 'red']]);
    clock.set(new Date('2026-06-21T12:00:00Z'));
    expect(await evaluate('2026-06-21', [account.id])).toEqual({ opened: 0, resolved: 0 });
    expect(await storedAlerts(t, account.id)).toHaveLength(1);
    expect(await outboxEvents(t, account.id)).toHaveLength(2);
  });

  it('never alerts because data went missing: unknown days neither drop nor fall', async () => {
    const account = await createAccount(t, { segment: 'strategic' });
    await seedScores(account.id, daily('2026-06-20', [...Array<[number, Band]>(12).fill([85, 'green']), [null as unknown as number, 'unknown'], [30, 'unknown'], [null as unknown as number, 'unknown']]));
    expect(await evaluate('2026-06-20', [account.id])).toEqual({ opened: 0, resolved: 0 });
    // Unknown days between a green and two red days are skipped: that is a drop from green (and a
    // fall: 85 a week before the first red day, both known).
    await seedScores(account.id, [['2026-06-21', 40, 'red'], ['2026-06-22', 40, 'red']]);
    clock.set(new Date('2026-06-22T12:00:00Z'));
    await evaluate('2026-06-22', [account.id]);
    expect((await storedAlerts(t, account.id)).map((alert) => [alert.kind, alert.sourceRef])).toEqual([
      ['band_dropped', '2026-06-21:red'],
      ['score_fell', '2026-06-21'],
    ]);
  });

  it('opens a score fall of at least ALERT_SCORE_DROP_POINTS (15) in 7 days, and not of less', async () => {
    const fell = await createAccount(t, { segment: 'growth' });
    const dipped = await createAccount(t, { segment: 'growth' });
    await seedScores(fell.id, daily('2026-06-20', [...Array<[number, Band]>(14).fill([80, 'green']), [62, 'yellow']]));
    await seedScores(dipped.id, daily('2026-06-20', [...Array<[number, Band]>(14).fill([80, 'green']), [66, 'yellow']]));
    expect(await evaluate('2026-06-20', [fell.id, dipped.id])).toEqual({ opened: 1, resolved: 0 });
    const [alert] = await storedAlerts(t, fell.id);
    expect(alert).toMatchObject({ kind: 'score_fell', sourceRef: '2026-06-20' });
    expect(alert.facts).toMatchObject({ fromScore: 80, toScore: 62, fellPoints: 18, thresholdPoints: 15, sentence: 'Health score fell 18 points in 7 days, from 80 on 2026-06-13 to 62 on 2026-06-20.' });
    // A growth account falling is news for the digest, not an immediate notification.
    expect(await topics(fell.id)).toEqual(['alert.opened']);
    expect((await outboxEvents(t, fell.id))[0].payload).toMatchObject({ immediate: false, band: 'yellow' });
    expect(await storedAlerts(t, dipped.id)).toEqual([]);
  });

  it('keeps one active alert per account and kind, never re-opens a resolved episode, and opens a fresh one', async () => {
    const account = await createAccount(t, { segment: 'growth' });
    await seedScores(account.id, daily('2026-06-20', [[80, 'green'], [80, 'green'], [40, 'red'], [40, 'red']]));
    await evaluate('2026-06-20', [account.id]);
    const [first] = await storedAlerts(t, account.id);
    await request(t.server).post(`/api/v1/alerts/${first.id}/resolve`).set(auth(t.adminKey)).send({ note: 'Known outage' }).expect(200);
    expect(await evaluate('2026-06-20', [account.id])).toEqual({ opened: 0, resolved: 0 });

    // An active alert of the same kind blocks a second one, whatever the episode.
    await t.db.pool.query(`UPDATE alerts SET status = 'open', resolution = NULL, resolved_at = NULL, resolved_by_key_id = NULL WHERE id = $1`, [first.id]);
    await t.db.pool.query(`UPDATE alerts SET source_ref = 'older-episode' WHERE id = $1`, [first.id]);
    expect(await evaluate('2026-06-20', [account.id])).toEqual({ opened: 0, resolved: 0 });
    const duplicate = t.db.pool.query(
      `INSERT INTO alerts (account_id, kind, severity, title, facts, source_ref, opened_at) VALUES ($1, 'band_dropped', 'high', 't', '{}', 'other', now())`,
      [account.id],
    );
    await expect(duplicate).rejects.toThrow(/alerts_one_active_per_kind_key/);

    // Recovered two days running: it closes by itself; a new drop is a new episode and a new alert.
    await seedScores(account.id, [['2026-06-21', 80, 'green'], ['2026-06-22', 81, 'green']]);
    clock.set(new Date('2026-06-22T12:00:00Z'));
    expect(await evaluate('2026-06-22', [account.id])).toEqual({ opened: 0, resolved: 1 });
    expect((await storedAlerts(t, account.id))[0]).toMatchObject({ status: 'resolved', resolution: 'auto', resolutionNote: 'Health back at green or better on 2026-06-21 and 2026-06-22.' });
    await seedScores(account.id, [['2026-06-23', 70, 'yellow'], ['2026-06-24', 70, 'yellow']]);
    clock.set(new Date('2026-06-24T12:00:00Z'));
    expect(await evaluate('2026-06-24', [account.id])).toEqual({ opened: 1, resolved: 0 });
    expect((await storedAlerts(t, account.id)).map((alert) => [alert.sourceRef, alert.status])).toEqual([
      ['older-episode', 'resolved'],
      ['2026-06-23:yellow', 'open'],
    ]);
  });

  it('replaces a yellow drop by a deeper red one, telling a strategic account turning red', async () => {
    const account = await createAccount(t, { segment: 'strategic' });
    await seedScores(account.id, daily('2026-06-18', [[80, 'green'], [60, 'yellow'], [60, 'yellow']]));
    clock.set(new Date('2026-06-18T12:00:00Z'));
    await evaluate('2026-06-18', [account.id]);
    expect(await topics(account.id)).toEqual(['alert.opened']);
    await seedScores(account.id, [['2026-06-19', 40, 'red'], ['2026-06-20', 40, 'red']]);
    clock.set(new Date('2026-06-20T12:00:00Z'));
    expect(await evaluate('2026-06-20', [account.id])).toEqual({ opened: 1, resolved: 1 });
    expect((await storedAlerts(t, account.id)).map((alert) => [alert.sourceRef, alert.status, alert.resolutionNote])).toEqual([
      ['2026-06-17:yellow', 'resolved', 'Replaced by a drop to red since 2026-06-19.'],
      ['2026-06-19:red', 'open', null],
    ]);
    expect((await topics(account.id)).sort()).toEqual(['account.turned_red', 'alert.opened', 'alert.opened']);
  });

  it('writes alerts and events in the caller\'s transaction: a rolled-back run leaves neither', async () => {
    const account = await createAccount(t, { segment: 'enterprise' });
    await seedScores(account.id, daily('2026-06-20', [[80, 'green'], [40, 'red'], [40, 'red']]));
    const failing = dataSource.transaction(async (manager) => {
      expect(await service.evaluateAfterRun(manager, randomUUID(), '2026-06-20', [account.id])).toEqual({ opened: 1, resolved: 0 });
      expect((await manager.query(`SELECT count(*)::int AS n FROM outbox_events WHERE account_id = $1`, [account.id]))[0].n).toBe(2);
      throw new Error('the run failed after evaluating');
    });
    await expect(failing).rejects.toThrow('the run failed after evaluating');
    expect(await storedAlerts(t, account.id)).toEqual([]);
    expect(await outboxEvents(t, account.id)).toEqual([]);
  });

  it('two runs evaluating the same account at once open one alert and one set of events', async () => {
    const account = await createAccount(t, { segment: 'enterprise' });
    await seedScores(account.id, daily('2026-06-20', [[80, 'green'], [40, 'red'], [40, 'red']]));
    const results = await Promise.all([evaluate('2026-06-20', [account.id]), evaluate('2026-06-20', [account.id])]);
    expect(results.map((result) => result.opened).sort()).toEqual([0, 1]);
    expect(await storedAlerts(t, account.id)).toHaveLength(1);
    expect(await topics(account.id)).toEqual(['account.turned_red', 'alert.opened']);
  });

  it('reopens snoozes that ran out without a new event', async () => {
    const account = await createAccount(t, { segment: 'growth' });
    await seedScores(account.id, daily('2026-06-20', [[80, 'green'], [40, 'red'], [40, 'red']]));
    await evaluate('2026-06-20', [account.id]);
    const [alert] = await storedAlerts(t, account.id);
    await request(t.server).post(`/api/v1/alerts/${alert.id}/snooze`).set(auth(t.adminKey)).send({ reasonCode: 'known_cause', until: '2026-06-21T00:00:00Z' }).expect(200);
    await seedScores(account.id, [['2026-06-21', 40, 'red']]);
    clock.set(new Date('2026-06-21T12:00:00Z'));
    expect(await evaluate('2026-06-21', [account.id])).toEqual({ opened: 0, resolved: 0 });
    expect((await storedAlerts(t, account.id))[0].status).toBe('open');
    expect(await topics(account.id)).toEqual(['alert.opened']);
  });

  it('opens usage dropped overnight on the main metric, and closes it when usage is back', async () => {
    const account = await createAccount(t, { segment: 'growth', products: ['video-calling'] });
    const ingestKey = await t.keyFor('ingest');
    const rows = [];
    for (let back = 63; back >= 0; back -= 1) {
      const day = addDays('2026-06-20', -back);
      rows.push({ account: account.id, metric: 'video-minutes', date: day, value: back <= 1 ? 30 : 1000 });
      // Another metric falling is not the main metric's trend.
      rows.push({ account: account.id, metric: 'messages', date: day, value: back <= 1 ? 1 : 1000 });
    }
    await request(t.server).post('/api/v1/usage').set(auth(ingestKey)).send(rows).expect(200);
    expect(await evaluate('2026-06-20', [account.id])).toEqual({ opened: 1, resolved: 0 });
    const [alert] = await storedAlerts(t, account.id);
    expect(alert).toMatchObject({ kind: 'usage_dropped', sourceRef: '2026-06-19' });
    expect(alert.facts).toMatchObject({
      sentence: 'Video minutes was 3% and 3% of its usual level on 2026-06-19 and 2026-06-20.',
      metrics: [{ metric: 'video-minutes', since: '2026-06-19' }],
    });
    // Still down the next day: the same episode.
    await request(t.server).post('/api/v1/usage').set(auth(ingestKey)).send([{ account: account.id, metric: 'video-minutes', date: '2026-06-21', value: 20 }]).expect(200);
    clock.set(new Date('2026-06-21T12:00:00Z'));
    expect(await evaluate('2026-06-21', [account.id])).toEqual({ opened: 0, resolved: 0 });
    await request(t.server).post('/api/v1/usage').set(auth(ingestKey)).send([{ account: account.id, metric: 'video-minutes', date: '2026-06-22', value: 900 }]).expect(200);
    clock.set(new Date('2026-06-22T12:00:00Z'));
    expect(await evaluate('2026-06-22', [account.id])).toEqual({ opened: 0, resolved: 1 });
    expect((await storedAlerts(t, account.id))[0]).toMatchObject({ status: 'resolved', resolution: 'auto', resolutionNote: 'Usage back above half its usual level on 2026-06-22.' });
  });

  it("opens nothing for a dip in a school break of the account's calendar, and alerts when usage stays down after it", async () => {
    const account = await createAccount(t, { segment: 'growth', products: ['video-calling'], region: 'latam' });
    const ingestKey = await t.keyFor('ingest');
    await request(t.server)
      .put('/api/v1/calendars')
      .set(auth(t.adminKey))
      .send({ items: [{ region: 'latam', timeZone: 'America/Sao_Paulo', weeklyHours: [{ day: 'monday', open: '09:00', close: '17:00' }], holidays: [], schoolHolidays: ['2026-07-01', '2026-07-02'] }] })
      .expect(200);
    // 1,000 a day; from 1 July (two days of school break) down to 30 and staying there.
    const rows = [];
    for (let back = 63; back >= 0; back -= 1) {
      const day = addDays('2026-07-04', -back);
      rows.push({ account: account.id, metric: 'video-minutes', date: day, value: day >= '2026-07-01' ? 30 : 1000 });
    }
    clock.set(new Date('2026-07-04T12:00:00Z'));
    await request(t.server).post('/api/v1/usage').set(auth(ingestKey)).send(rows).expect(200);
    // Judged day by day as the runs of those days would.
    clock.set(new Date('2026-07-02T12:00:00Z'));
    expect(await evaluate('2026-07-02', [account.id])).toEqual({ opened: 0, resolved: 0 });
    clock.set(new Date('2026-07-03T12:00:00Z'));
    expect(await evaluate('2026-07-03', [account.id])).toEqual({ opened: 0, resolved: 0 });
    // The two ordinary days after the break are down as well: that is news, and it starts after the break.
    clock.set(new Date('2026-07-04T12:00:00Z'));
    expect(await evaluate('2026-07-04', [account.id])).toEqual({ opened: 1, resolved: 0 });
    const [alert] = await storedAlerts(t, account.id);
    expect(alert).toMatchObject({ kind: 'usage_dropped', sourceRef: '2026-07-03' });
    expect(alert.facts).toMatchObject({ metrics: [{ metric: 'video-minutes', since: '2026-07-03' }] });
  });

  it('judges ticket SLAs every few minutes: a P1 at 75% of its response target warns at once, a breach alerts once, a response closes the warning', async () => {
    const account = await createAccount(t, { segment: 'enterprise', supportPlan: 'enterprise', name: 'Beta Live' });
    await ingestTickets(t, [
      // enterprise P1: 5 minutes to respond (24x7); at 12:00 it has used 4 of them
      ticketRow(account.externalId, { externalId: 'P1-AT-RISK', severity: 'P1', status: 'open', openedAt: '2026-06-20T11:56:00Z', firstResponseAt: null, resolvedAt: null, statusHistory: [], subject: 'Nobody can join' }),
      // enterprise P2: 30 minutes to respond, 2 hours ago: breached and still without a response
      ticketRow(account.externalId, { externalId: 'P2-LATE', severity: 'P2', status: 'open', openedAt: '2026-06-20T10:00:00Z', firstResponseAt: null, resolvedAt: null, statusHistory: [] }),
      // answered in time
      ticketRow(account.externalId, { externalId: 'P1-FINE', severity: 'P1', status: 'open', openedAt: '2026-06-20T11:50:00Z', firstResponseAt: '2026-06-20T11:52:00Z', resolvedAt: null, statusHistory: [] }),
      // P1 at 20%
      ticketRow(account.externalId, { externalId: 'P1-EARLY', severity: 'P1', status: 'open', openedAt: '2026-06-20T11:59:00Z', firstResponseAt: null, resolvedAt: null, statusHistory: [] }),
    ]).expect(200);

    const first = await service.evaluateSla();
    expect(first).toMatchObject({ opened: 3 });
    const alerts = await storedAlerts(t, account.id);
    const byTicket = new Map<string, string[]>();
    for (const alert of alerts) byTicket.set(String(alert.facts.externalId), [...(byTicket.get(String(alert.facts.externalId)) ?? []), alert.kind].sort());
    expect(Object.fromEntries(byTicket)).toEqual({ 'P1-AT-RISK': ['sla_response_at_risk'], 'P2-LATE': ['sla_breached', 'sla_response_at_risk'] });
    const events = await outboxEvents(t, account.id);
    expect(events.map((event) => event.topic).sort()).toEqual(['alert.opened', 'alert.opened', 'alert.opened', 'sla.warning', 'sla.warning']);
    const warning = events.find((event) => event.topic === 'sla.warning' && event.payload.ticketExternalId === 'P1-AT-RISK')!.payload;
    expect(warning).toMatchObject({
      accountId: account.id,
      accountName: 'Beta Live',
      segment: 'enterprise',
      ticketSeverity: 'P1',
      subject: 'Nobody can join',
      targetMinutes: 5,
      targetUsedPct: 80,
      firstResponseDueAt: '2026-06-20T12:01:00.000Z',
      sentence: 'P1 ticket P1-AT-RISK ("Nobody can join") has had no response and has used 80% of its 5-minute first-response target (due 2026-06-20 12:01 UTC).',
    });
    expect(warning.alertId).toEqual(expect.any(String));

    // Three minutes later the first P1 is past its target (a breach) and the early one at 80%.
    clock.set(new Date('2026-06-20T12:03:00Z'));
    expect(await service.evaluateSla()).toMatchObject({ opened: 2, resolved: 0 });
    clock.set(new Date('2026-06-20T12:03:30Z'));
    expect(await service.evaluateSla()).toMatchObject({ opened: 0, resolved: 0 });

    // The first P1 gets its (late) response: its warning closes by itself, its breach stays for a
    // person; the early P1 is now past its target too.
    await ingestTickets(t, [ticketRow(account.externalId, { externalId: 'P1-AT-RISK', severity: 'P1', status: 'open', openedAt: '2026-06-20T11:56:00Z', firstResponseAt: '2026-06-20T12:02:00Z', resolvedAt: null, statusHistory: [], subject: 'Nobody can join' })]).expect(200);
    clock.set(new Date('2026-06-20T12:05:00Z'));
    expect(await service.evaluateSla()).toMatchObject({ opened: 1, resolved: 1 });
    const after = await storedAlerts(t, account.id);
    expect(after.filter((alert) => alert.status === 'resolved').map((alert) => [alert.facts.externalId, alert.kind, alert.resolution])).toEqual([['P1-AT-RISK', 'sla_response_at_risk', 'auto']]);
    expect(after.filter((alert) => alert.kind === 'sla_breached').map((alert) => [alert.facts.externalId, alert.status]).sort()).toEqual([
      ['P1-AT-RISK', 'open'],
      ['P1-EARLY', 'open'],
      ['P2-LATE', 'open'],
    ]);

    // The health run of today sweeps the same tickets and opens nothing twice.
    expect(await evaluate('2026-06-20', [account.id])).toEqual({ opened: 0, resolved: 0 });
    // A ticket ages without changing its account's signals: any run of today sweeps every live account.
    await ingestTickets(t, [ticketRow(account.externalId, { externalId: 'P1-NEW', severity: 'P1', status: 'open', openedAt: '2026-06-20T12:01:00Z', firstResponseAt: null, resolvedAt: null, statusHistory: [] })]).expect(200);
    const unrelated = await createAccount(t, { segment: 'startup' });
    expect(await evaluate('2026-06-20', [unrelated.id])).toEqual({ opened: 1, resolved: 0 });
    // A past day's run announces nothing about tickets.
    await ingestTickets(t, [ticketRow(account.externalId, { externalId: 'P1-NEWER', severity: 'P1', status: 'open', openedAt: '2026-06-20T12:01:00Z', firstResponseAt: null, resolvedAt: null, statusHistory: [] })]).expect(200);
    expect(await evaluate('2026-06-19', [unrelated.id])).toEqual({ opened: 0, resolved: 0 });
  });

  it('an SLA sweep skips its turn while a health run is completing its alerts, instead of waiting on it', async () => {
    const account = await createAccount(t, { segment: 'growth' });
    await dataSource.transaction(async (manager) => {
      await service.evaluateAfterRun(manager, randomUUID(), '2026-06-20', [account.id]);
      expect(await service.evaluateSla()).toEqual({ opened: 0, resolved: 0, reopened: 0, skipped: true });
    });
    expect(await service.evaluateSla()).toMatchObject({ skipped: false });
  });

  it('leaves sandbox accounts out of the SLA sweep', async () => {
    const sandbox = await createAccount(t, { segment: 'enterprise', supportPlan: 'enterprise', isTest: true });
    await ingestTickets(t, [ticketRow(sandbox.externalId, { severity: 'P1', status: 'open', openedAt: '2026-06-20T11:00:00Z', firstResponseAt: null, resolvedAt: null, statusHistory: [] })]).expect(200);
    await service.evaluateSla();
    expect(await storedAlerts(t, sandbox.id)).toEqual([]);
  });
});
