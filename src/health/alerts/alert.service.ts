import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { accountScopeOf } from '../../auth/account-scope';
import type { Principal } from '../../auth/principal';
import { Clock } from '../../common/clock';
import { decodeCursor, DEFAULT_PAGE_SIZE, Page, toPage } from '../../common/pagination';
import { BadRequestError, ConflictError, NotFoundError, ValidationFailedError } from '../../common/problem';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { SlaConfigService } from '../../support/sla-config.service';
import { HolidayLookup, holidayLookup } from '../../support/sla-policy-rules';
import { TicketAlertReadsRepository, TicketForAlerts } from '../../support/ticket-alert-reads.repository';
import type { SlaContext } from '../../support/ticket-sla-view';
import { ticketSlaView } from '../../support/ticket-sla-view';
import { MainMetricDayRecord, UsageDropRepository } from '../../usage/usage-drop.repository';
import { addDays } from '../../usage/usage-row';
import type { HealthBand } from '../scoring/score';
import { alertEvents, AlertEventHealth } from './alert-events';
import { AlertChange, AlertInsert, AlertRecord, AlertRepository } from './alert.repository';
import {
  ActiveAlert,
  AlertDraft,
  AutoResolution,
  HEALTH_ALERT_KINDS,
  HEALTH_LOOKBACK_DAYS,
  healthAlertDrafts,
  healthAutoResolutions,
  MainMetricSeries,
  needsUsageHistory,
  responseAtRiskAlert,
  SLA_ALERT_KINDS,
  SLA_ALERT_WINDOW_DAYS,
  SLA_BREACH_RECENT_DAYS,
  slaAutoResolutions,
  slaBreachAlert,
  TicketSlaFacts,
  USAGE_FIRST_PASS_DAYS,
  USAGE_SECOND_PASS_DAYS,
  usageDropDays,
} from './alert-rules';
import { AlertAction, snoozeErrors, transitionConflict } from './alert-transitions';
import type { ListAlertsQueryDto, ResolveAlertDto, SnoozeAlertDto } from './dto/alert.dto';
import { chunksOf, groupBy } from '../../common/collections';

/** Accounts judged per round of set-based reads and writes (well under the bind-parameter limit: ids travel as one array). */
export const ALERT_CHUNK_SIZE = 1000;
/** New alerts written per statement. */
const INSERT_CHUNK_SIZE = 1000;
const DAY_MS = 86_400_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CURSOR_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export interface AlertEvaluation {
  opened: number;
  resolved: number;
}

/**
 * Opens alerts from the daily health record, usage and ticket SLAs, closes the ones whose
 * condition cleared, and writes an outbox event for every alert it opens in the same transaction.
 * Reads are set-based per chunk of accounts; the rules are the pure functions in alert-rules.ts.
 */
@Injectable()
export class AlertService {
  constructor(
    private readonly alerts: AlertRepository,
    private readonly usage: UsageDropRepository,
    private readonly tickets: TicketAlertReadsRepository,
    private readonly slaConfig: SlaConfigService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Called by the health run inside the transaction that completes it, so the run's snapshots are
   * visible here and a rolled-back run leaves no alert and no event. Judges the health-record and
   * usage kinds for the given accounts as of `asOf` (`YYYY-MM-DD`), chunk by chunk. When asOf is
   * today in BUSINESS_TIMEZONE it also sweeps the SLA kinds of every live account as of now (an
   * incremental run lists only accounts whose signals changed, but a ticket ages without changing;
   * a past day's run would announce stale warnings, so it sweeps nothing). Wakes every snooze that
   * ran out. Idempotent: the same run evaluated twice opens nothing new. `reads`, when the caller
   * has one, is a connection of its own (not in the transaction) for the committed usage.
   */
  async evaluateAfterRun(manager: EntityManager, runId: string, asOf: string, accountIds: string[], reads: EntityManager = manager): Promise<AlertEvaluation> {
    void runId; // the run's snapshots are read by day; the id is kept for logs and future use
    const now = this.clock.now();
    const total: AlertEvaluation = { opened: 0, resolved: 0 };
    await this.alerts.lockEvaluation(manager, true);
    await this.alerts.wakeSnoozed(manager, 'all', now);
    const slaContext = await this.slaConfig.context();
    const holidays = holidayLookup(slaContext.calendars);
    const options = { scoreDropPoints: this.config.alertScoreDropPoints };
    const chunks = chunksOf([...new Set(accountIds)].sort(), ALERT_CHUNK_SIZE);
    // Usage is committed data. With a `reads` connection of its own it is read there a chunk ahead:
    // Postgres reads the next chunk's usage while this one is judged and written in the transaction.
    const ahead = reads !== manager;
    const usageOf = (index: number) => {
      const read = this.mainMetricSeries(reads, chunks[index], asOf, holidays);
      read.catch(() => undefined); // awaited below; a chunk that fails first must not leave it unhandled
      return read;
    };
    let nextUsage = ahead && chunks.length > 0 ? usageOf(0) : undefined;
    for (const [index, chunk] of chunks.entries()) {
      const snapshots = groupBy(await this.alerts.snapshots(manager, chunk, addDays(asOf, -HEALTH_LOOKBACK_DAYS), asOf), (row) => row.accountId);
      const usage = await (nextUsage ?? usageOf(index));
      // One read at a time on the connection: the next starts once this one has answered.
      nextUsage = ahead && index + 1 < chunks.length ? usageOf(index + 1) : undefined;
      const active = groupBy(await this.alerts.activeAlerts(manager, chunk, HEALTH_ALERT_KINDS), (alert) => alert.accountId);
      const drafts: AlertDraft[] = [];
      const resolutions: AutoResolution[] = [];
      const health = new Map<string, AlertEventHealth>();
      for (const accountId of chunk) {
        const inputs = { accountId, snapshots: snapshots.get(accountId) ?? [], usage: usage.get(accountId) ?? [] };
        const accountDrafts = healthAlertDrafts(inputs, asOf, options);
        drafts.push(...accountDrafts);
        resolutions.push(...healthAutoResolutions(inputs, active.get(accountId) ?? [], accountDrafts, asOf, options));
        const today = inputs.snapshots.find((row) => row.day === asOf);
        if (today) health.set(accountId, { band: today.band, score: today.score });
      }
      const result = await this.write(manager, drafts, resolutions, health, now, () => asOf);
      total.opened += result.opened;
      total.resolved += result.resolved;
    }
    if (asOf >= this.clock.today(this.config.businessTimezone)) {
      const result = await this.sweepSla(manager, slaContext, now);
      total.opened += result.opened;
      total.resolved += result.resolved;
    }
    return total;
  }

  /**
   * The SLA kinds for every live account as of an instant (default now), in one transaction: what
   * the reminders job calls every few minutes, since a 5-minute response target cannot wait for a
   * health run. Also wakes every snooze that ran out. While a health run is completing its alerts
   * this sweep skips its turn (`skipped: true`) rather than wait: the next one, minutes later, catches up.
   */
  async evaluateSla(asOf: Date = this.clock.now()): Promise<AlertEvaluation & { reopened: number; skipped: boolean }> {
    const context = await this.slaConfig.context();
    return this.alerts.inTransaction(async (manager) => {
      if (!(await this.alerts.lockEvaluation(manager, false))) return { opened: 0, resolved: 0, reopened: 0, skipped: true };
      const reopened = await this.alerts.wakeSnoozed(manager, 'all', asOf);
      return { ...(await this.sweepSla(manager, context, asOf)), reopened, skipped: false };
    });
  }

  /** SLA drafts and auto-resolutions for every live account, written with each account's current band and score. */
  private async sweepSla(manager: EntityManager, context: SlaContext, asOf: Date): Promise<AlertEvaluation> {
    const sla = await this.judgeSla(manager, 'all-live', context, asOf);
    const health = new Map<string, AlertEventHealth>();
    for (const chunk of chunksOf([...new Set(sla.drafts.map((draft) => draft.accountId))], ALERT_CHUNK_SIZE)) {
      for (const [accountId, current] of await this.alerts.currentHealth(manager, chunk)) health.set(accountId, current);
    }
    return this.write(manager, sla.drafts, sla.resolutions, health, asOf, () => asOf.toISOString());
  }

  async list(query: ListAlertsQueryDto, principal: Principal): Promise<Page<AlertRecord>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = decodeCursor(query.cursor);
    if (after && (typeof after.sortValue !== 'string' || !CURSOR_INSTANT.test(after.sortValue) || Number.isNaN(Date.parse(after.sortValue)) || !UUID.test(after.id))) {
      throw new BadRequestError('cursor is not a cursor this API issued.');
    }
    const rows = await this.alerts.list(
      {
        managerId: query.managerId,
        team: query.team,
        kind: query.kind,
        status: query.status,
        severity: query.severity,
        accountId: query.accountId,
        after: after ? { openedAt: String(after.sortValue), id: after.id } : undefined,
        limit,
      },
      accountScopeOf(principal),
      this.clock.now(),
    );
    return toPage(rows, limit, (row) => row, (row) => ({ sortValue: row.openedAt.toISOString(), id: row.id }));
  }

  async get(id: string, principal: Principal): Promise<AlertRecord> {
    const alert = await this.alerts.findById(null, id, accountScopeOf(principal), this.clock.now());
    if (!alert) throw new NotFoundError('Alert', id);
    return alert;
  }

  acknowledge(id: string, principal: Principal): Promise<AlertRecord> {
    return this.transition(id, principal, 'acknowledge', () => ({ to: 'acknowledged', keyId: principal.keyId }));
  }

  snooze(id: string, body: SnoozeAlertDto, principal: Principal): Promise<AlertRecord> {
    return this.transition(id, principal, 'snooze', (now) => {
      const until = new Date(body.until);
      const note = body.note ?? null;
      const errors = snoozeErrors(until, body.reasonCode, note, now);
      if (errors.length > 0) throw new ValidationFailedError(errors);
      return { to: 'snoozed', until, reasonCode: body.reasonCode, note };
    });
  }

  resolve(id: string, body: ResolveAlertDto, principal: Principal): Promise<AlertRecord> {
    return this.transition(id, principal, 'resolve', () => ({ to: 'resolved', keyId: principal.keyId, note: body.note ?? null }));
  }

  /** Locks the alert (within scope), checks the move from its effective status, applies it, answers the alert as it now reads. */
  private transition(id: string, principal: Principal, action: AlertAction, change: (now: Date) => AlertChange): Promise<AlertRecord> {
    const scope = accountScopeOf(principal);
    return this.alerts.inTransaction(async (manager) => {
      const now = this.clock.now();
      const alert = await this.alerts.findById(manager, id, scope, now, { lock: true });
      if (!alert) throw new NotFoundError('Alert', id);
      const conflict = transitionConflict(alert.status, action);
      if (conflict) throw new ConflictError(conflict);
      await this.alerts.applyChange(manager, alert.accountId, alert.id, change(now), now);
      return (await this.alerts.findById(manager, id, scope, now))!;
    });
  }

  /**
   * Main-metric days of a chunk: the last two days (with their weekdays before) for all, five for
   * the few that dropped; each series with its account's calendar holidays.
   */
  private async mainMetricSeries(manager: EntityManager, accountIds: string[], asOf: string, holidays: HolidayLookup): Promise<Map<string, MainMetricSeries[]>> {
    const firstDays = usageDropDays(asOf, USAGE_FIRST_PASS_DAYS);
    const first = await this.usage.mainMetricDays(manager, accountIds, firstDays);
    const series = this.toSeries(first, USAGE_FIRST_PASS_DAYS, holidays);
    const dropped = [...series].filter(([, metrics]) => needsUsageHistory(metrics, asOf)).map(([accountId]) => accountId);
    if (dropped.length > 0) {
      const known = new Set(firstDays);
      const more = await this.usage.mainMetricDays(manager, dropped, usageDropDays(asOf, USAGE_SECOND_PASS_DAYS).filter((day) => !known.has(day)));
      const droppedIds = new Set(dropped);
      const merged = this.toSeries([...first.filter((row) => droppedIds.has(row.accountId)), ...more], USAGE_SECOND_PASS_DAYS, holidays);
      for (const [accountId, metrics] of merged) series.set(accountId, metrics);
    }
    return series;
  }

  private toSeries(rows: MainMetricDayRecord[], daysRead: number, holidays: HolidayLookup): Map<string, MainMetricSeries[]> {
    const byAccount = new Map<string, Map<string, MainMetricSeries & { series: { day: string; value: number; weight: number | null }[] }>>();
    for (const row of rows) {
      let metrics = byAccount.get(row.accountId);
      if (!metrics) byAccount.set(row.accountId, (metrics = new Map()));
      let entry = metrics.get(row.metric);
      if (!entry) metrics.set(row.metric, (entry = { metric: row.metric, metricName: row.metricName, daysRead, series: [], holidays: holidays(row.region) }));
      entry.series.push({ day: row.day, value: Number(row.value), weight: row.weight === null ? null : Number(row.weight) });
    }
    return new Map([...byAccount].map(([accountId, metrics]) => [accountId, [...metrics.values()]]));
  }

  /** SLA drafts and auto-resolutions for a chunk of accounts (or every live one) as of an instant. */
  private async judgeSla(manager: EntityManager, accountIds: string[] | 'all-live', context: SlaContext, asOf: Date): Promise<{ drafts: AlertDraft[]; resolutions: AutoResolution[] }> {
    const records = await this.tickets.ticketsForSlaAlerts(
      manager,
      accountIds,
      new Date(asOf.getTime() - SLA_ALERT_WINDOW_DAYS * DAY_MS),
      new Date(asOf.getTime() - SLA_BREACH_RECENT_DAYS * DAY_MS),
      asOf,
    );
    const active: ActiveAlert[] = await this.alerts.activeAlerts(manager, accountIds === 'all-live' ? 'all' : accountIds, SLA_ALERT_KINDS);
    const facts = new Map<string, TicketSlaFacts>();
    const drafts: AlertDraft[] = [];
    for (const record of records) {
      const ticket = this.ticketFacts(record, context, asOf);
      if (!ticket) continue;
      facts.set(ticket.ticketId, ticket);
      for (const draft of [slaBreachAlert(ticket, asOf), responseAtRiskAlert(ticket, asOf)]) if (draft) drafts.push(draft);
    }
    return { drafts, resolutions: slaAutoResolutions(active, facts) };
  }

  private ticketFacts(record: TicketForAlerts, context: SlaContext, asOf: Date): TicketSlaFacts | null {
    const view = ticketSlaView(record, context, asOf);
    if (!view) return null;
    const resolvedAt = record.resolvedAt !== null && record.resolvedAt.getTime() <= asOf.getTime() ? record.resolvedAt : null;
    const target = (outcome: typeof view.firstResponse) => ({ state: outcome.state, dueAt: outcome.dueAt, targetMinutes: outcome.targetMinutes, targetUsedPct: outcome.targetUsedPct });
    return {
      ticketId: record.id,
      accountId: record.accountId,
      externalId: record.externalId,
      severity: record.severity,
      subject: record.subject,
      openedAt: record.openedAt,
      resolvedAt,
      respondedAt: view.firstResponse.completedAt,
      firstResponse: target(view.firstResponse),
      resolution: target(view.resolution),
    };
  }

  /** Closes what cleared, then inserts what is new with its events; all in the caller's transaction. */
  private async write(
    manager: EntityManager,
    drafts: AlertDraft[],
    resolutions: AutoResolution[],
    health: Map<string, AlertEventHealth>,
    now: Date,
    asOfOf: (draft: AlertDraft) => string,
  ): Promise<AlertEvaluation> {
    // Resolve first: a deeper band drop replaces the active one, which would otherwise block it.
    const resolved = await this.alerts.autoResolve(manager, resolutions, now);
    let opened = 0;
    if (drafts.length > 0) {
      const accounts = await this.alerts.accountFacts(manager, [...new Set(drafts.map((draft) => draft.accountId))]);
      const inserts: AlertInsert[] = [];
      for (const draft of drafts) {
        const account = accounts.get(draft.accountId);
        if (!account) continue;
        const band: { band: HealthBand | null; score: number | null } = health.get(draft.accountId) ?? { band: null, score: null };
        inserts.push({ ...draft, events: alertEvents(draft, account, band, asOfOf(draft)) });
      }
      for (const chunk of chunksOf(inserts, INSERT_CHUNK_SIZE)) opened += (await this.alerts.insertNew(manager, chunk, now)).opened;
    }
    return { opened, resolved };
  }
}
