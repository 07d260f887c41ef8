import { Injectable } from '@nestjs/common';
import { AccountRepository, ScoringAccountRecord } from '../../accounts/account.repository';
import { FxRateService } from '../../accounts/fx-rate.service';
import { ScoringCatalogRepository } from '../../catalog/scoring-catalog.repository';
import { Clock } from '../../common/clock';
import { DomainError, ValidationFailedError } from '../../common/problem';
import type { HealthModelRecord } from '../models/health-model.repository';
import { HealthModelService } from '../models/health-model.service';
import { HealthRunService } from '../runs/health-run.service';
import { longestFadeDays, snapshotOf } from '../runs/health-scoring';
import { HealthSignalsService } from '../runs/health-signals.service';
import type { HealthBand } from '../scoring';
import { evaluateVersion, LeftOutReason, LeftOutSample, ScoredSample, VersionEvaluation } from './backtest-evaluation';
import { addDays, leadTimeDays } from './backtest-metrics';
import { comparedVersions, LEAD_TIME_LOOKBACK_DAYS, LEAD_TIME_STEP_DAYS, leadTimeGrid } from './backtest-plan';
import { BacktestOutcome, BacktestRepository } from './backtest.repository';
import { DEFAULT_FIT_OPTIONS, FitSample, fitScorecard, ScorecardFit } from './scorecard-fit';

export const MIN_HORIZON_DAYS = 1;
export const MAX_HORIZON_DAYS = 365;
export const DEFAULT_HORIZON_DAYS = 90;
/** Accounts recomputed per set of statements (as health runs chunk them). */
const CHUNK_SIZE = 2000;
/** (account, day) pairs per daily-record read. */
const PAIR_CHUNK_SIZE = 10_000;

export const RESTATEMENT_NOTE =
  'Scores come from the daily record where it holds a snapshot of this version for the as-of day; otherwise they are recomputed from facts dated on or before the as-of day and the account history valid then. Restated values are not reconstructed: a fact corrected after the as-of day is read as it stands now.';

/** The request is well formed but the data cannot answer it: no outcomes to judge a score against. */
export class NoOutcomesError extends DomainError {
  readonly status = 422;
  readonly type = 'no-outcomes';
  readonly title = 'No outcomes to backtest against';
}

interface PointScore {
  kind: 'scored';
  score: number | null;
  band: HealthBand;
  components: Map<string, number | null>;
  source: 'daily-record' | 'recomputed';
  segment: string;
  arr: number;
  currency: string;
}
type PointResult = PointScore | { kind: 'left-out'; reason: LeftOutReason };

export interface BacktestResult {
  horizonDays: number;
  generatedAt: string;
  restatedValues: string;
  outcomes: { total: number; churned: number; retained: number; firstDate: string; lastDate: string };
  backtest: VersionBacktest;
  comparison: VersionBacktest[];
}

export interface VersionBacktest extends VersionEvaluation {
  model: HealthModelRecord;
  /** `requested`, or why it is compared: `active` / `shadow`. */
  role: 'requested' | 'active' | 'shadow';
}

export interface FitResult {
  basedOn: HealthModelRecord;
  draft: HealthModelRecord;
  horizonDays: number;
  samples: { samples: number; churned: number; retained: number; accounts: number };
  method: { model: string; l2: number; folds: number; seed: number; groupedBy: string };
  crossValidated: ScorecardFit['crossValidated'];
  weights: { key: string; label: string; current: number; proposed: number }[];
}

const pairKey = (accountId: string, day: string) => `${accountId}|${day}`;

/**
 * Backtests and fits: each outcome is judged by its account's score `horizonDays` before it, read
 * from the daily record or recomputed as of that day with the same signal gathering and scoring
 * as health runs (set-based per day and chunk of accounts; nothing stored).
 */
@Injectable()
export class BacktestService {
  constructor(
    private readonly repository: BacktestRepository,
    private readonly models: HealthModelService,
    private readonly runs: HealthRunService,
    private readonly signals: HealthSignalsService,
    private readonly catalog: ScoringCatalogRepository,
    private readonly accounts: AccountRepository,
    private readonly fx: FxRateService,
    private readonly clock: Clock,
  ) {}

  async backtest(key: string, version: number, request: { horizonDays?: number }): Promise<BacktestResult> {
    const model = await this.models.getVersion(key, version);
    const horizonDays = validHorizon(request.horizonDays);
    const today = this.runs.today();
    const outcomes = await this.outcomes(today);
    const compared = comparedVersions(model, await this.models.list({}));
    const versions = [model, ...compared];

    const samples = outcomes.map((outcome) => ({ outcome, asOf: addDays(outcome.date, -horizonDays) }));
    const churns = outcomes.filter((outcome) => outcome.kind === 'churned');
    const grid = churns.map((outcome) => ({ outcome, days: leadTimeGrid(outcome.date) }));
    const [points, leadPoints, overrides, rates] = await Promise.all([
      this.scoreAt(samples.map((sample) => ({ accountId: sample.outcome.accountId, day: sample.asOf })), versions),
      this.scoreAt(grid.flatMap((entry) => entry.days.map((day) => ({ accountId: entry.outcome.accountId, day }))), versions),
      this.repository.overrideBandsAt(samples.map((sample) => ({ accountId: sample.outcome.accountId, at: this.runs.asOfInstant(sample.asOf) }))),
      this.fx.ratesAsOf(today),
    ]);

    const perVersion = versions.map((candidate) => {
      const scored: ScoredSample[] = [];
      const leftOut: LeftOutSample[] = [];
      samples.forEach((sample, index) => {
        const base = { outcomeId: sample.outcome.id, accountId: sample.outcome.accountId, outcomeDate: sample.outcome.date, asOf: sample.asOf };
        const point = points.get(pairKey(sample.outcome.accountId, sample.asOf))!.get(candidate.id)!;
        if (point.kind === 'left-out') return leftOut.push({ ...base, reason: point.reason });
        if (point.score === null || point.band === 'unknown') return leftOut.push({ ...base, reason: 'insufficient-data' });
        const rate = rates[point.currency];
        scored.push({
          ...base,
          churned: sample.outcome.kind === 'churned',
          segment: point.segment,
          score: point.score,
          band: point.band,
          arrReporting: rate === undefined ? null : point.arr * rate,
          overrideBand: overrides.get(index) ?? null,
          source: point.source,
        });
      });
      const leadTimes = grid.map((entry) =>
        leadTimeDays(
          entry.days.flatMap((day) => {
            const point = leadPoints.get(pairKey(entry.outcome.accountId, day))!.get(candidate.id)!;
            return point.kind === 'scored' ? [{ day, band: point.band }] : [];
          }),
          entry.outcome.date,
        ),
      );
      return { candidate, scored, leftOut, leadTimes };
    });
    const shared = compared.length === 0 ? null : intersect(perVersion.map((entry) => new Set(entry.scored.map((sample) => sample.outcomeId))));
    const evaluations: VersionBacktest[] = perVersion.map((entry, index) => ({
      model: entry.candidate,
      role: index === 0 ? 'requested' : entry.candidate.status === 'active' ? 'active' : 'shadow',
      ...evaluateVersion(entry.scored, entry.leftOut, entry.leadTimes, { sharedOutcomeIds: shared, resolutionDays: LEAD_TIME_STEP_DAYS, lookbackDays: LEAD_TIME_LOOKBACK_DAYS }),
    }));
    return {
      horizonDays,
      generatedAt: this.clock.now().toISOString(),
      restatedValues: RESTATEMENT_NOTE,
      outcomes: { total: outcomes.length, churned: churns.length, retained: outcomes.length - churns.length, firstDate: outcomes[0].date, lastDate: outcomes[outcomes.length - 1].date },
      backtest: evaluations[0],
      comparison: evaluations.slice(1),
    };
  }

  /**
   * Proposes a new draft version whose component weights are fitted to the outcomes; reports the
   * cross-validated AUC of the current and proposed weights. Activation stays with a person.
   */
  async fit(key: string, version: number, request: { horizonDays?: number; folds?: number; seed?: number }): Promise<FitResult> {
    const model = await this.models.getVersion(key, version);
    const horizonDays = validHorizon(request.horizonDays);
    const folds = request.folds ?? DEFAULT_FIT_OPTIONS.folds;
    const seed = request.seed ?? DEFAULT_FIT_OPTIONS.seed;
    const outcomes = await this.outcomes(this.runs.today());
    const samples = outcomes.map((outcome) => ({ outcome, asOf: addDays(outcome.date, -horizonDays) }));
    const points = await this.scoreAt(samples.map((sample) => ({ accountId: sample.outcome.accountId, day: sample.asOf })), [model]);
    const keys = model.definition.components.map((component) => component.key);
    const fitSamples: FitSample[] = [];
    for (const sample of samples) {
      const point = points.get(pairKey(sample.outcome.accountId, sample.asOf))!.get(model.id)!;
      if (point.kind !== 'scored' || point.score === null || point.band === 'unknown') continue;
      const components = keys.map((componentKey) => point.components.get(componentKey) ?? null);
      if (components.every((score) => score === null)) continue;
      fitSamples.push({ group: sample.outcome.accountId, churned: sample.outcome.kind === 'churned', components });
    }
    const churned = fitSamples.filter((sample) => sample.churned).length;
    const accounts = new Set(fitSamples.map((sample) => sample.group)).size;
    if (churned < 2 || fitSamples.length - churned < 2 || accounts < folds) {
      throw new NoOutcomesError(
        `Too few scored outcomes to fit: ${churned} churned and ${fitSamples.length - churned} retained samples over ${accounts} accounts; a fit needs at least 2 of each and ${folds} accounts (one per fold).`,
      );
    }
    const fit = fitScorecard(
      fitSamples,
      model.definition.components.map((component) => component.weight),
      { folds, seed, l2: DEFAULT_FIT_OPTIONS.l2 },
    );
    const definition = { ...model.definition, components: model.definition.components.map((component, k) => ({ ...component, weight: fit.weights[k] })) };
    const draft = await this.models.create({ key: model.key, name: `${model.name} (weights fitted from version ${model.version})`.slice(0, 200), definition });
    return {
      basedOn: model,
      draft,
      horizonDays,
      samples: { samples: fitSamples.length, churned, retained: fitSamples.length - churned, accounts },
      method: {
        model: 'logistic regression of churn on each component\'s shortfall (100 − score), coefficients ≥ 0, L2 penalty, rescaled to whole weights summing to 100 (each at least 1)',
        l2: DEFAULT_FIT_OPTIONS.l2,
        folds,
        seed,
        groupedBy: 'account: all samples of an account fall in one fold',
      },
      crossValidated: fit.crossValidated,
      weights: model.definition.components.map((component, k) => ({ key: component.key, label: component.label, current: component.weight, proposed: fit.weights[k] })),
    };
  }

  /** Every outcome up to today; 422 unless there is at least one churn and one other outcome. */
  private async outcomes(today: string): Promise<BacktestOutcome[]> {
    const outcomes = await this.repository.outcomesUpTo(today);
    const churned = outcomes.filter((outcome) => outcome.kind === 'churned').length;
    if (outcomes.length === 0) throw new NoOutcomesError('There are no outcomes to backtest against: ingest renewals, expansions, contractions and churns (POST /api/v1/outcomes) first.');
    if (churned === 0) throw new NoOutcomesError(`There are no churn outcomes among the ${outcomes.length} outcomes: a score cannot be judged as a churn predictor without churns.`);
    if (churned === outcomes.length) throw new NoOutcomesError('Every outcome is a churn: a score cannot be judged as a churn predictor without accounts that stayed.');
    return outcomes;
  }

  /**
   * Each version's score of each (account, day): the daily record's snapshot of that version when
   * there is one, else recomputed from the signals as of the end of that day. Per day, accounts go
   * in chunks through one set of statements, as in a health run.
   */
  private async scoreAt(pairs: { accountId: string; day: string }[], versions: HealthModelRecord[]): Promise<Map<string, Map<string, PointResult>>> {
    const results = new Map<string, Map<string, PointResult>>();
    const accountsByDay = new Map<string, Set<string>>();
    for (const pair of pairs) {
      if (!accountsByDay.has(pair.day)) accountsByDay.set(pair.day, new Set());
      accountsByDay.get(pair.day)!.add(pair.accountId);
    }
    if (accountsByDay.size === 0) return results;
    const unique = [...accountsByDay].flatMap(([day, ids]) => [...ids].map((accountId) => ({ accountId, day })));
    const daily = new Map<string, PointScore>();
    for (let start = 0; start < unique.length; start += PAIR_CHUNK_SIZE) {
      for (const row of await this.repository.dailyRecordScores(unique.slice(start, start + PAIR_CHUNK_SIZE), versions.map((model) => model.id))) {
        daily.set(`${pairKey(row.accountId, row.day)}|${row.modelId}`, {
          kind: 'scored',
          score: row.score,
          band: row.band,
          components: new Map(row.components.map((component) => [component.key, component.status === 'scored' ? component.score : null])),
          source: 'daily-record',
          segment: '',
          arr: 0,
          currency: '',
        });
      }
    }
    const catalog = await this.catalog.load();
    const fadeDays = longestFadeDays(versions);
    for (const day of [...accountsByDay.keys()].sort()) {
      const at = this.runs.asOfInstant(day);
      const ids = [...accountsByDay.get(day)!];
      for (let start = 0; start < ids.length; start += CHUNK_SIZE) {
        const chunk = ids.slice(start, start + CHUNK_SIZE);
        const [accounts, organisations] = await Promise.all([this.accounts.scoringAccountsByIds(chunk, at), this.repository.organisationsAmong(chunk, at)]);
        const found = new Map(accounts.map((account) => [account.id, account]));
        const toRecompute = new Map<string, { account: ScoringAccountRecord; versions: HealthModelRecord[] }>();
        for (const accountId of chunk) {
          const byVersion = new Map<string, PointResult>();
          results.set(pairKey(accountId, day), byVersion);
          const account = found.get(accountId);
          for (const model of versions) {
            if (!account) byVersion.set(model.id, { kind: 'left-out', reason: 'not-scored-then' });
            else if (model.definition.segments.length > 0 && !model.definition.segments.includes(account.segment)) byVersion.set(model.id, { kind: 'left-out', reason: 'segment-not-in-model' });
            else if (daily.has(`${pairKey(accountId, day)}|${model.id}`)) byVersion.set(model.id, { ...daily.get(`${pairKey(accountId, day)}|${model.id}`)!, ...accountFacts(account) });
            else if (organisations.has(accountId)) byVersion.set(model.id, { kind: 'left-out', reason: 'organisation' });
            else {
              if (!toRecompute.has(accountId)) toRecompute.set(accountId, { account, versions: [] });
              toRecompute.get(accountId)!.versions.push(model);
            }
          }
        }
        if (toRecompute.size === 0) continue;
        const signals = await this.signals.gather([...toRecompute.values()].map((entry) => entry.account), catalog, { asOfDay: day, asOfInstant: at, fadeDays });
        for (const [accountId, entry] of toRecompute) {
          for (const model of entry.versions) {
            const snapshot = snapshotOf(accountId, model, signals.get(accountId)!, at, false);
            results.get(pairKey(accountId, day))!.set(model.id, {
              kind: 'scored',
              score: snapshot.score,
              band: snapshot.band,
              components: new Map(snapshot.components.map((component) => [component.key, component.status === 'scored' ? component.score : null])),
              source: 'recomputed',
              ...accountFacts(entry.account),
            });
          }
        }
      }
    }
    return results;
  }
}

function accountFacts(account: ScoringAccountRecord): { segment: string; arr: number; currency: string } {
  return { segment: account.segment, arr: Number(account.arr), currency: account.currency };
}

function validHorizon(horizonDays: number | undefined): number {
  const value = horizonDays ?? DEFAULT_HORIZON_DAYS;
  if (!Number.isInteger(value) || value < MIN_HORIZON_DAYS || value > MAX_HORIZON_DAYS) {
    throw new ValidationFailedError([{ path: 'horizonDays', message: `must be a whole number of days from ${MIN_HORIZON_DAYS} to ${MAX_HORIZON_DAYS}` }]);
  }
  return value;
}

function intersect(sets: Set<string>[]): Set<string> {
  const [first, ...rest] = sets;
  return new Set([...first].filter((id) => rest.every((set) => set.has(id))));
}
