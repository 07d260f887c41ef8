import { Inject, Injectable } from '@nestjs/common';
import type { ScoringAccountRecord } from '../../accounts/account.repository';
import { AccountRepository } from '../../accounts/account.repository';
import { AccountAdoptionState, AdoptionRepository } from '../../adoption/adoption.repository';
import type { ScoringCatalog } from '../../catalog/scoring-catalog.repository';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { NpsRepository } from '../../engagement/nps.repository';
import { TouchpointRepository } from '../../engagement/touchpoint.repository';
import { TicketService } from '../../support/ticket.service';
import { UsageSignalsRepository, UsageWindowRequest } from '../../usage/usage-signals.repository';
import { rollUpWindow } from '../../usage/usage-trends';
import type { AccountSignals, AdoptionSignals, CallQualitySignals, CommitPacingSignals, UsageTrendSignals } from '../scoring';
import { addDays, commitPeriodOn } from './commit-period';

/** Usage windows: four whole weeks against the four before (same weekdays). */
export const USAGE_TREND_WINDOW_DAYS = 28;
/** Call quality is judged over the last week with data. */
export const QUALITY_WINDOW_DAYS = 7;
/** Support pressure counts tickets opened in this many days. */
export const SUPPORT_WINDOW_DAYS = 90;
/** Usage older than this before the scoring day is not looked for (every component is stale long before). */
const USAGE_LOOKBACK_DAYS = 180;
export const QUALITY_METRICS = { joinSuccessRate: 'join-success-rate', freezeRate: 'video-freeze-rate', p95LatencyMs: 'p95-e2e-latency' } as const;
/** The metric commit pacing counts consumption in (else the first `commercial` metric summed by day). */
export const CONSUMPTION_METRIC = 'billable-amount';

export interface SignalOptions {
  /** The scoring day in BUSINESS_TIMEZONE. */
  asOfDay: string;
  /** The instant signals are read at: now for today, the end of the day for a past day. */
  asOfInstant: Date;
  /** NPS responses older than this many days are not read (the longest fade of the models in use). */
  fadeDays: number;
}

/**
 * Gathers `AccountSignals` for a chunk of accounts as of a day: a fixed number of set-based
 * statements per chunk (never one per account), each owned by the module whose tables it reads.
 */
@Injectable()
export class HealthSignalsService {
  constructor(
    private readonly usage: UsageSignalsRepository,
    private readonly adoption: AdoptionRepository,
    private readonly tickets: TicketService,
    private readonly nps: NpsRepository,
    private readonly touchpoints: TouchpointRepository,
    private readonly accounts: AccountRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async gather(accounts: ScoringAccountRecord[], catalog: ScoringCatalog, options: SignalOptions): Promise<Map<string, AccountSignals>> {
    const ids = accounts.map((account) => account.id);
    if (ids.length === 0) return new Map();
    const { asOfDay, asOfInstant } = options;
    const metrics = new Map(catalog.metrics.map((metric) => [metric.key, metric]));
    const consumptionMetric = metrics.has(CONSUMPTION_METRIC) ? CONSUMPTION_METRIC : (catalog.metrics.find((metric) => metric.kind === 'commercial' && metric.aggregation === 'sum')?.key ?? null);
    const [lastDays, adoption, support, responses, touchpoints, sponsors] = await Promise.all([
      this.usage.lastDays(
        accounts.flatMap((account) => scoredMetricsOf(account, catalog, metrics, consumptionMetric).map((metric) => ({ accountId: account.id, metric }))),
        addDays(asOfDay, -USAGE_LOOKBACK_DAYS),
        asOfDay,
      ),
      this.adoption.adoptionStateAsOf(ids, catalog.features.map((feature) => feature.id), asOfDay, this.config.adoptionThresholdPct),
      this.tickets.supportSignals(ids, asOfInstant, SUPPORT_WINDOW_DAYS),
      this.nps.responsesForAccounts(ids, new Date(asOfInstant.getTime() - options.fadeDays * 86_400_000), asOfInstant),
      this.touchpoints.lastTouchpoints(ids, asOfInstant),
      this.accounts.executiveSponsorsAsOf(ids, asOfInstant),
    ]);

    const lastDay = new Map<string, Map<string, string>>();
    for (const row of lastDays) {
      if (!lastDay.has(row.accountId)) lastDay.set(row.accountId, new Map());
      lastDay.get(row.accountId)!.set(row.metric, row.lastDay);
    }

    // Plan every window of the chunk, then read them in one statement.
    const requests: UsageWindowRequest[] = [];
    const plan = new Map<string, { trend?: { metric: string; current: number; previous: number; lastSeenOn: string }; quality?: { metric: string; index: number }[]; qualityLastDay?: string; commit?: { index: number; start: string; end: string } }>();
    const paygRequests: { accountId: string; metric: string; endDay: string }[] = [];
    const request = (accountId: string, metric: string, from: string, to: string) => requests.push({ accountId, metric, from, to, withLast: metrics.get(metric)?.aggregation === 'last' }) - 1;
    for (const account of accounts) {
      const days = lastDay.get(account.id) ?? new Map<string, string>();
      const entry: NonNullable<ReturnType<typeof plan.get>> = {};
      // The main metric of the first licensed product line that reports usage carries the trend.
      const trendMetric = account.products.map((product) => catalog.mainMetrics.get(product) ?? null).find((metric): metric is string => metric !== null && days.has(metric));
      if (trendMetric) {
        const end = days.get(trendMetric)!;
        const currentFrom = addDays(end, -(USAGE_TREND_WINDOW_DAYS - 1));
        entry.trend = {
          metric: trendMetric,
          current: request(account.id, trendMetric, currentFrom, end),
          previous: request(account.id, trendMetric, addDays(currentFrom, -USAGE_TREND_WINDOW_DAYS), addDays(currentFrom, -1)),
          lastSeenOn: [...days.values()].reduce((latest, day) => (day > latest ? day : latest)),
        };
      }
      const qualityDays = Object.values(QUALITY_METRICS).map((metric) => days.get(metric)).filter((day): day is string => day !== undefined);
      if (qualityDays.length > 0) {
        const end = qualityDays.reduce((latest, day) => (day > latest ? day : latest));
        entry.qualityLastDay = end;
        entry.quality = Object.values(QUALITY_METRICS)
          .filter((metric) => days.has(metric))
          .map((metric) => ({ metric, index: request(account.id, metric, addDays(end, -(QUALITY_WINDOW_DAYS - 1)), end) }));
      }
      if (consumptionMetric) {
        if (account.billingModel === 'commit' && account.commitPeriod && account.commitAmount !== null) {
          const period = commitPeriodOn(asOfDay, account.commitPeriod, account.renewalDate);
          entry.commit = { index: request(account.id, consumptionMetric, period.start, asOfDay < period.end ? asOfDay : period.end), ...period };
        } else if (account.billingModel === 'payg' && days.has(consumptionMetric)) {
          paygRequests.push({ accountId: account.id, metric: consumptionMetric, endDay: days.get(consumptionMetric)! });
        }
      }
      plan.set(account.id, entry);
    }
    const [windows, runRates] = await Promise.all([this.usage.windows(requests), this.usage.runRates(paygRequests)]);
    const paygByAccount = new Map(runRates.map((rate) => [rate.accountId, rate]));
    const paygLastDay = new Map(paygRequests.map((entry) => [entry.accountId, entry.endDay]));

    const adoptionByAccount = new Map(adoption.map((state) => [state.accountId, state]));
    const responsesByAccount = new Map<string, AccountSignals['npsResponses'][number][]>();
    for (const response of responses) {
      if (!responsesByAccount.has(response.accountId)) responsesByAccount.set(response.accountId, []);
      responsesByAccount.get(response.accountId)!.push({ score: response.score, respondedAt: response.respondedAt, respondentRole: response.respondentRole });
    }

    const signals = new Map<string, AccountSignals>();
    for (const account of accounts) {
      const entry = plan.get(account.id)!;
      let usage: UsageTrendSignals | null = null;
      if (entry.trend) {
        const aggregation = metrics.get(entry.trend.metric)?.aggregation ?? 'sum';
        const current = rollUpWindow(windows[entry.trend.current], aggregation);
        const previous = rollUpWindow(windows[entry.trend.previous], aggregation);
        usage = {
          metricKey: entry.trend.metric,
          metricName: (metrics.get(entry.trend.metric)?.name ?? entry.trend.metric.replace(/-/g, ' ')).toLowerCase(),
          windowDays: USAGE_TREND_WINDOW_DAYS,
          currentTotal: current ?? 0,
          previousTotal: previous ?? 0,
          lastSeenOn: entry.trend.lastSeenOn,
        };
      }
      let quality: CallQualitySignals | null = null;
      if (entry.quality) {
        const value = (metric: string) => {
          const found = entry.quality!.find((item) => item.metric === metric);
          return found ? rollUpWindow(windows[found.index], metrics.get(metric)?.aggregation ?? 'avg') : null;
        };
        quality = {
          joinSuccessRate: value(QUALITY_METRICS.joinSuccessRate),
          freezeRate: value(QUALITY_METRICS.freezeRate),
          p95LatencyMs: value(QUALITY_METRICS.p95LatencyMs),
          lastSeenOn: entry.qualityLastDay ?? null,
        };
      }
      let commit: CommitPacingSignals | null = null;
      if (entry.commit) {
        const window = windows[entry.commit.index];
        commit = {
          billingModel: 'commit',
          commitAmount: Number(account.commitAmount),
          periodStart: entry.commit.start,
          periodEnd: entry.commit.end,
          consumedToDate: window.sum ?? 0,
          currency: account.currency,
          lastSeenOn: window.lastDay,
        };
      } else if (paygByAccount.has(account.id)) {
        const rate = paygByAccount.get(account.id)!;
        commit = { billingModel: 'payg', runRate: rate.runRate, peakRunRate: rate.peakRunRate, lastSeenOn: paygLastDay.get(account.id) ?? null };
      }
      signals.set(account.id, {
        usage,
        commit,
        quality,
        support: support.get(account.id) ?? null,
        adoption: adoptionSignals(account, catalog, adoptionByAccount.get(account.id)),
        npsResponses: responsesByAccount.get(account.id) ?? [],
        relationship: { lastTouchpointAt: touchpoints.get(account.id) ?? null, executiveSponsorAssigned: sponsors.has(account.id) },
        attributes: account.attributes ?? {},
      });
    }
    return signals;
  }
}

/**
 * The metrics health scoring reads for an account: the main metrics of its product lines (the
 * usage trend), the call-quality metrics and the consumption metric (commit pacing). Only these are
 * looked up, so the trend's last-seen day is the latest of them, not of any metric the account sends.
 */
export function scoredMetricsOf(account: Pick<ScoringAccountRecord, 'products'>, catalog: Pick<ScoringCatalog, 'mainMetrics'>, metrics: ReadonlyMap<string, unknown>, consumptionMetric: string | null): string[] {
  const wanted = new Set<string>();
  for (const product of account.products) {
    const main = catalog.mainMetrics.get(product);
    if (main && metrics.has(main)) wanted.add(main);
  }
  for (const metric of Object.values(QUALITY_METRICS)) if (metrics.has(metric)) wanted.add(metric);
  if (consumptionMetric) wanted.add(consumptionMetric);
  return [...wanted];
}

/**
 * Features relevant to the account: serving one of its use cases, eligible for its segment, and of
 * a product line it licenses (any line when it lists none). No adoption report at all is no data.
 */
export function adoptionSignals(account: Pick<ScoringAccountRecord, 'segment' | 'useCases' | 'products'>, catalog: Pick<ScoringCatalog, 'features'>, state: Omit<AccountAdoptionState, 'accountId'> | undefined): AdoptionSignals | null {
  if (!state) return null;
  const useCases = new Set(account.useCases);
  const products = new Set(account.products);
  const relevant = catalog.features.filter(
    (feature) =>
      feature.useCases.some((useCase) => useCases.has(useCase)) &&
      (feature.eligibleSegments.length === 0 || feature.eligibleSegments.includes(account.segment)) &&
      (products.size === 0 || products.has(feature.product)),
  );
  const adopted = new Set(state.adoptedFeatureIds);
  return { adoptedFeatures: relevant.filter((feature) => adopted.has(feature.id)).length, relevantFeatures: relevant.length, lastSeenOn: state.lastReportedOn };
}
