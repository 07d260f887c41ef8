import { Inject, Injectable, Logger, OnApplicationShutdown, Optional } from '@nestjs/common';
import { AccountRepository, ScoringAccountRecord } from '../../accounts/account.repository';
import { FxRateService } from '../../accounts/fx-rate.service';
import { AdoptionRepository } from '../../adoption/adoption.repository';
import { ScoringCatalog, ScoringCatalogRepository } from '../../catalog/scoring-catalog.repository';
import { Clock } from '../../common/clock';
import { ValidationFailedError } from '../../common/problem';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { NpsRepository } from '../../engagement/nps.repository';
import { TouchpointRepository } from '../../engagement/touchpoint.repository';
import type { JobContext } from '../../jobs/job-handler';
import { dateToDayNumber, localTimeToInstant } from '../../support/zoned-time';
import { TicketService } from '../../support/ticket.service';
import { UsageSignalsRepository } from '../../usage/usage-signals.repository';
import { HealthModelRecord, HealthModelRepository } from '../models/health-model.repository';
import { HealthSnapshotRepository } from '../snapshots/health-snapshot.repository';
import { summariseChange } from '../snapshots/snapshot';
import { addDays } from './commit-period';
import { HEALTH_RUN_COMPLETION_HOOK, HealthRunCompletionHook } from './health-run-hooks';
import type { HealthRunKind } from './health-run.entity';
import { HealthRunRecord, HealthRunRepository } from './health-run.repository';
import { ComputedSnapshot, longestFadeDays, officialModelFor, rolledUpSnapshotOf, shadowModelsFor, snapshotOf } from './health-scoring';
import { ChunkPipeline } from './chunk-pipeline';
import { HealthSignalsService } from './health-signals.service';

/**
 * Accounts scored per chunk. 1,000 rather than 2,000: the run's first chunk (reads only) and last
 * (Node only) keep one of the two cores idle, and smaller chunks shorten both; 500 pays more in
 * per-statement overhead than it saves (20,000 accounts: ~7.8 s at 1,000, ~8.7 s at 2,000).
 */
export const DEFAULT_CHUNK_SIZE = 1000;
/** Chunks scored at once: two keep both Postgres and Node busy on a small machine. */
const CHUNKS_IN_FLIGHT = 2;
/** What-changed compares with the daily record this many days back. */
const WEEK_DAYS = 7;

export interface RunStats extends Record<string, unknown> {
  healthRunId: string;
  kind: HealthRunKind;
  asOf: string;
  accountsScored: number;
  organisationsRolledUp: number;
  snapshots: number;
  alertsEvaluated: boolean;
  /** Snapshots of runs older than HEALTH_SNAPSHOT_RETENTION_DAYS deleted after a full run (0 otherwise). */
  snapshotsPruned: number;
  /** Wall time of the scoring phase (chunks and roll-ups) and of the completing transaction, in ms. */
  timings: { scoringMs: number; completingMs: number };
}

interface RunPlan {
  run: HealthRunRecord;
  asOfInstant: Date;
  computedAt: Date;
  models: HealthModelRecord[];
  catalog: ScoringCatalog;
  /** Parent → its scored children; parents are rolled up, not scored on their own signals. */
  children: Map<string, string[]>;
  signal?: AbortSignal;
}

/**
 * Health runs: score accounts chunk by chunk as of a day, store each chunk's snapshots in one
 * statement tagged with the run, roll organisations up, and make the run visible in one
 * transaction at the end (daily record, current health, alerts). A run that stops half-way leaves
 * only rows of a run that never completed, which nothing reads; the next run sweeps them.
 */
@Injectable()
export class HealthRunService implements OnApplicationShutdown {
  private readonly logger = new Logger(HealthRunService.name);
  /** Accounts per chunk; tests lower it to exercise several chunks. */
  chunkSize = DEFAULT_CHUNK_SIZE;
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(
    private readonly runs: HealthRunRepository,
    private readonly snapshots: HealthSnapshotRepository,
    private readonly models: HealthModelRepository,
    private readonly signals: HealthSignalsService,
    private readonly catalog: ScoringCatalogRepository,
    private readonly accounts: AccountRepository,
    private readonly fx: FxRateService,
    private readonly usage: UsageSignalsRepository,
    private readonly adoption: AdoptionRepository,
    private readonly tickets: TicketService,
    private readonly nps: NpsRepository,
    private readonly touchpoints: TouchpointRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Optional() @Inject(HEALTH_RUN_COMPLETION_HOOK) private readonly completionHook?: HealthRunCompletionHook,
  ) {}

  /** Today in BUSINESS_TIMEZONE. */
  today(): string {
    return this.clock.today(this.config.businessTimezone);
  }

  /**
   * The scheduled (and manually triggered) job: a full run when today has no completed full run
   * yet or the scored models changed since the last one, else an incremental run.
   */
  async runJob(context: JobContext): Promise<RunStats> {
    await this.runs.sweepAbandoned(this.config.jobLeaseSeconds);
    const asOf = this.today();
    const lastFull = await this.runs.latestCompleted('full', asOf);
    const modelsChangedAt = await this.models.lastActivationAt();
    const full = !lastFull || (modelsChangedAt !== null && modelsChangedAt > lastFull.startedAt);
    return this.execute(full ? 'full' : 'incremental', asOf, context.runId, context.signal);
  }

  /** Starts an on-demand run for any day up to today in the background; answers the run. */
  async startOnDemand(asOf: string): Promise<HealthRunRecord> {
    if (asOf > this.today()) throw new ValidationFailedError([{ path: 'asOf', message: 'must not be after today' }]);
    await this.runs.sweepAbandoned(this.config.jobLeaseSeconds);
    const run = await this.runs.create({ kind: 'on_demand', asOf, jobRunId: null, startedAt: this.clock.now() });
    const heartbeat = setInterval(() => void this.runs.heartbeat(run.id).catch(() => undefined), Math.max(500, (this.config.jobLeaseSeconds * 1000) / 3));
    heartbeat.unref();
    const work = this.executeRun(run)
      .catch((error: unknown) => this.logger.error({ err: error, healthRunId: run.id }, 'on-demand health run failed'))
      .finally(() => clearInterval(heartbeat));
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
    return run;
  }

  /** Waits for the on-demand runs this instance started (tests, shutdown). */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
  }

  async onApplicationShutdown(): Promise<void> {
    const timeout = new Promise((resolve) => setTimeout(resolve, this.config.shutdownTimeoutMs).unref());
    await Promise.race([this.drain(), timeout]);
  }

  private async execute(kind: HealthRunKind, asOf: string, jobRunId: string | null, signal?: AbortSignal): Promise<RunStats> {
    const run = await this.runs.create({ kind, asOf, jobRunId, startedAt: this.clock.now() });
    return this.executeRun(run, signal);
  }

  private async executeRun(run: HealthRunRecord, signal?: AbortSignal): Promise<RunStats> {
    try {
      return await this.work(run, signal);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await this.runs.fail(run.id, message, this.clock.now()).catch(() => undefined);
      throw error;
    }
  }

  /** The instant signals are read at: now for today, the last moment of a past day in BUSINESS_TIMEZONE. */
  asOfInstant(asOf: string): Date {
    const now = this.clock.now();
    if (asOf >= this.today()) return now;
    return new Date(localTimeToInstant(dateToDayNumber(asOf) + 1, 0, this.config.businessTimezone) - 1);
  }

  private async work(run: HealthRunRecord, signal?: AbortSignal): Promise<RunStats> {
    const startedAt = performance.now();
    const asOfInstant = this.asOfInstant(run.asOf);
    const [models, catalog, links] = await Promise.all([this.models.scoringModels(), this.catalog.load(), this.accounts.scoringParentLinks(asOfInstant)]);
    const children = new Map<string, string[]>();
    for (const link of links) {
      if (!children.has(link.parentId)) children.set(link.parentId, []);
      children.get(link.parentId)!.push(link.id);
    }
    const plan: RunPlan = { run, asOfInstant, computedAt: run.startedAt, models, catalog, children, signal };

    let accountsScored = 0;
    let snapshots = 0;
    const score = async (accounts: ScoringAccountRecord[]) => {
      this.throwIfAborted(signal);
      const leaves = accounts.filter((account) => !children.has(account.id));
      const computed = await this.scoreChunk(plan, leaves);
      await this.runs.insertSnapshots(run.id, run.asOf, plan.computedAt, computed);
      accountsScored += leaves.length;
      snapshots += computed.length;
      await this.runs.heartbeat(run.id, accountsScored);
    };

    // Two chunks at once: one chunk's reads in Postgres overlap the other's scoring in Node.
    const pipeline = new ChunkPipeline(CHUNKS_IN_FLIGHT);
    let parentsToRoll: Set<string>;
    if (run.kind === 'incremental') {
      const changed = await this.changedAccountIds();
      for (let start = 0; start < changed.length; start += this.chunkSize) {
        await pipeline.add(this.accounts.scoringAccountsByIds(changed.slice(start, start + this.chunkSize), asOfInstant).then(score));
      }
      await pipeline.drain();
      parentsToRoll = this.ancestorsOf(new Set([...changed]), links);
      for (const id of changed) if (children.has(id)) parentsToRoll.add(id);
    } else {
      let afterId: string | null = null;
      for (;;) {
        const page = await this.accounts.scoringAccountsPage(asOfInstant, afterId, this.chunkSize);
        if (page.length === 0) break;
        await pipeline.add(score(page));
        afterId = page[page.length - 1].id;
        if (page.length < this.chunkSize) break;
      }
      await pipeline.drain();
      parentsToRoll = new Set(children.keys());
    }
    const rolled = await this.rollUpOrganisations(plan, parentsToRoll, links);
    snapshots += rolled;

    this.throwIfAborted(signal);
    const scoredAt = performance.now();
    let alertsEvaluated = false;
    // The alerts read committed usage beside the completing transaction, on a connection taken first.
    const completed = await this.runs.withConnection((reads) =>
      this.runs.inTransaction(async (manager) => {
        const outcome = await this.runs.complete(manager, run, accountsScored + rolled, this.clock.now());
        if (outcome.completed && this.completionHook) {
          await this.completionHook.evaluateAfterRun(manager, run.id, run.asOf, outcome.accountIds, reads);
          alertsEvaluated = true;
        }
        return outcome.completed;
      }),
    );
    if (!completed) throw new Error(`health run ${run.id} was marked abandoned before it could complete`);
    const timings = { scoringMs: Math.round(scoredAt - startedAt), completingMs: Math.round(performance.now() - scoredAt) };
    const snapshotsPruned = run.kind === 'full' ? await this.pruneOldSnapshots(run) : 0;
    const stats: RunStats = { healthRunId: run.id, kind: run.kind, asOf: run.asOf, accountsScored, organisationsRolledUp: rolled, snapshots, alertsEvaluated, snapshotsPruned, timings };
    this.logger.log(stats, 'health run completed');
    return stats;
  }

  /** Once a day is enough: after each full run. A failure here is logged, never fails the run that completed. */
  private async pruneOldSnapshots(run: HealthRunRecord): Promise<number> {
    const before = new Date(run.startedAt.getTime() - this.config.healthSnapshotRetentionDays * 86_400_000);
    try {
      const pruned = await this.runs.pruneSnapshots(before);
      if (pruned.snapshots > 0) this.logger.log({ healthRunId: run.id, before: before.toISOString(), ...pruned }, 'pruned old health-run snapshots');
      return pruned.snapshots;
    } catch (error) {
      this.logger.warn({ err: error, healthRunId: run.id }, 'could not prune old health-run snapshots; the next full run tries again');
      return 0;
    }
  }

  private throwIfAborted(signal?: AbortSignal): void {
    if (signal?.aborted) throw new Error('the job run lost its lease; the next run redoes the work');
  }

  /** Snapshots of a chunk of (non-organisation) accounts under every model that applies, with what changed for the official one. */
  private async scoreChunk(plan: RunPlan, accounts: ScoringAccountRecord[]): Promise<ComputedSnapshot[]> {
    if (accounts.length === 0) return [];
    const signals = await this.signals.gather(accounts, plan.catalog, { asOfDay: plan.run.asOf, asOfInstant: plan.asOfInstant, fadeDays: longestFadeDays(plan.models) });
    const computed: ComputedSnapshot[] = [];
    for (const account of accounts) {
      const accountSignals = signals.get(account.id)!;
      const official = officialModelFor(plan.models, account.segment);
      if (official) computed.push(snapshotOf(account.id, official, accountSignals, plan.asOfInstant, true));
      for (const shadow of shadowModelsFor(plan.models, account.segment)) computed.push(snapshotOf(account.id, shadow, accountSignals, plan.asOfInstant, false));
    }
    await this.attachChanges(plan, computed);
    return computed;
  }

  private async attachChanges(plan: RunPlan, computed: ComputedSnapshot[]): Promise<void> {
    const official = computed.filter((snapshot) => snapshot.official);
    const ids = official.map((snapshot) => snapshot.accountId);
    const [previous, weekAgo] = await Promise.all([this.snapshots.currentForComparison(ids, 'scores'), this.snapshots.dailyForComparison(ids, addDays(plan.run.asOf, -WEEK_DAYS), 'scores')]);
    const timeZone = this.config.businessTimezone;
    for (const snapshot of official) {
      const current = { computedAt: plan.computedAt, score: snapshot.score, band: snapshot.band, components: snapshot.components };
      snapshot.change = {
        sincePrevious: summariseChange(previous.get(snapshot.accountId) ?? null, current, timeZone),
        sinceWeekAgo: summariseChange(weekAgo.get(snapshot.accountId) ?? null, current, timeZone),
      };
    }
  }

  /** Organisations deepest first, so a parent of parents reads its children's fresh roll-ups. */
  private async rollUpOrganisations(plan: RunPlan, parents: Set<string>, links: { id: string; parentId: string }[]): Promise<number> {
    if (parents.size === 0) return 0;
    const parentOf = new Map(links.map((link) => [link.id, link.parentId]));
    const depth = (id: string) => {
      let level = 0;
      for (let at = parentOf.get(id); at !== undefined && level < 1000; at = parentOf.get(at)) level += 1;
      return level;
    };
    const byDepth = new Map<number, string[]>();
    for (const id of parents) {
      const level = depth(id);
      if (!byDepth.has(level)) byDepth.set(level, []);
      byDepth.get(level)!.push(id);
    }
    const fxRates = await this.fx.ratesAsOf(plan.run.asOf);
    let written = 0;
    for (const level of [...byDepth.keys()].sort((a, b) => b - a)) {
      const ids = byDepth.get(level)!;
      for (let start = 0; start < ids.length; start += this.chunkSize) {
        this.throwIfAborted(plan.signal);
        const chunk = ids.slice(start, start + this.chunkSize);
        const childIds = chunk.flatMap((id) => plan.children.get(id) ?? []);
        const [parentRecords, childRecords, childScores] = await Promise.all([
          this.accounts.scoringAccountsByIds(chunk, plan.asOfInstant),
          this.accounts.scoringAccountsByIds(childIds, plan.asOfInstant),
          this.snapshots.childScores(plan.run.id, childIds),
        ]);
        const childById = new Map(childRecords.map((record) => [record.id, record]));
        const computed: ComputedSnapshot[] = [];
        for (const parent of parentRecords) {
          const model = officialModelFor(plan.models, parent.segment);
          if (!model) continue;
          const entries = (plan.children.get(parent.id) ?? [])
            .map((id) => childById.get(id))
            .filter((child): child is ScoringAccountRecord => child !== undefined)
            .map((child) => {
              const scored = childScores.get(child.id);
              return { accountId: child.id, name: child.name, score: scored?.score ?? null, band: scored?.band ?? 'unknown', arr: child.arr, currency: child.currency };
            });
          computed.push(rolledUpSnapshotOf({ parentId: parent.id, model, children: entries, reportingCurrency: this.config.reportingCurrency, fxRates }));
        }
        await this.attachChanges(plan, computed);
        await this.runs.insertSnapshots(plan.run.id, plan.run.asOf, plan.computedAt, computed);
        written += computed.length;
      }
    }
    return written;
  }

  private ancestorsOf(ids: Set<string>, links: { id: string; parentId: string }[]): Set<string> {
    const parentOf = new Map(links.map((link) => [link.id, link.parentId]));
    const ancestors = new Set<string>();
    for (const id of ids) {
      let depth = 0;
      for (let at = parentOf.get(id); at !== undefined && !ancestors.has(at) && depth < 1000; at = parentOf.get(at), depth += 1) ancestors.add(at);
    }
    return ancestors;
  }

  /**
   * Accounts whose signals or attributes changed at or after their current health was computed
   * (each signal module answers which of its accounts changed since the oldest current health).
   * Accounts without a current health are new or were never scored: their own row changed since.
   */
  private async changedAccountIds(): Promise<string[]> {
    const since = (await this.snapshots.oldestComputedAt()) ?? new Date(0);
    const sources = await Promise.all([
      this.accounts.changedAccountsSince(since),
      this.usage.changedAccountsSince(since),
      this.adoption.changedAccountsSince(since),
      this.tickets.changedAccountsSince(since),
      this.nps.changedAccountsSince(since),
      this.touchpoints.changedAccountsSince(since),
    ]);
    const latest = new Map<string, Date>();
    for (const source of sources) {
      for (const [id, at] of source) if (!latest.has(id) || latest.get(id)! < at) latest.set(id, at);
    }
    const computedAt = await this.snapshots.computedAt([...latest.keys()]);
    return [...latest]
      .filter(([id, at]) => {
        const computed = computedAt.get(id);
        return computed === undefined || at >= computed;
      })
      .map(([id]) => id)
      .sort();
  }
}
