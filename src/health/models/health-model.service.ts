import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AccountRepository } from '../../accounts/account.repository';
import { ScoringCatalogRepository } from '../../catalog/scoring-catalog.repository';
import { Clock } from '../../common/clock';
import { ConflictError, NotFoundError, ProblemFieldError, ValidationFailedError } from '../../common/problem';
import { HealthRunService } from '../runs/health-run.service';
import { ComputedSnapshot, longestFadeDays, snapshotOf } from '../runs/health-scoring';
import { HealthSignalsService } from '../runs/health-signals.service';
import { HealthModelDefinition, healthModelErrors, withDefaults } from '../scoring';
import { ComparableSnapshot } from '../snapshots/snapshot';
import { HealthSnapshotRepository } from '../snapshots/health-snapshot.repository';
import type { HealthModelStatus } from './health-model.entity';
import { HealthModelRecord, HealthModelRepository } from './health-model.repository';

export interface PreviewResult {
  model: HealthModelRecord;
  asOf: string;
  items: { accountId: string; preview: ComputedSnapshot; current: ComparableSnapshot | null }[];
}

/** Which transitions a version may take: activation and shadowing freeze it for good. */
const ALLOWED: Record<'active' | 'shadow' | 'retired', readonly HealthModelStatus[]> = {
  active: ['draft', 'shadow', 'retired', 'active'],
  shadow: ['draft', 'retired', 'shadow'],
  retired: ['draft', 'shadow', 'retired'],
};

/** Versioned health models: drafts, preview, activation (immutable from then on) and shadow runs. */
@Injectable()
export class HealthModelService {
  constructor(
    private readonly models: HealthModelRepository,
    private readonly accounts: AccountRepository,
    private readonly signals: HealthSignalsService,
    private readonly catalog: ScoringCatalogRepository,
    private readonly snapshots: HealthSnapshotRepository,
    private readonly runs: HealthRunService,
    private readonly clock: Clock,
  ) {}

  list(query: { key?: string; status?: HealthModelStatus }): Promise<HealthModelRecord[]> {
    return this.models.list(query);
  }

  async get(key: string): Promise<HealthModelRecord[]> {
    const versions = await this.models.list({ key });
    if (versions.length === 0) throw new NotFoundError('Health model', key);
    return versions;
  }

  async getVersion(key: string, version: number, manager?: EntityManager): Promise<HealthModelRecord> {
    const found = await this.models.findVersion(key, version, manager);
    if (!found) throw new NotFoundError(`Health model ${key} version ${version}`);
    return found;
  }

  /** A new draft version of the key (version 1 for a new key). */
  async create(input: { key: string; name: string; definition: unknown }): Promise<HealthModelRecord> {
    return this.models.inTransaction(async (manager) => {
      const definition = await this.validDefinition(manager, input.definition);
      return this.models.insertVersion(manager, { key: input.key, name: input.name, definition }, this.clock.now());
    });
  }

  /** Replaces a draft's name and definition; a version that was ever active or shadow answers 409. */
  async updateDraft(key: string, version: number, input: { name: string; definition: unknown }): Promise<HealthModelRecord> {
    return this.models.inTransaction(async (manager) => {
      const stored = await this.getVersion(key, version, manager);
      if (stored.status !== 'draft' || stored.activatedAt !== null) {
        throw new ConflictError(`Health model ${key} version ${version} is ${stored.status} and can no longer change; create a new version instead.`);
      }
      const definition = await this.validDefinition(manager, input.definition);
      return this.models.updateDraft(manager, stored.id, { name: input.name, definition }, this.clock.now());
    });
  }

  /**
   * Makes the version official for its segments (the key's previous active version retires). Two
   * active models may not claim the same segment, nor may two be the catch-all.
   */
  async activate(key: string, version: number): Promise<HealthModelRecord> {
    return this.transition(key, version, 'active', async (manager, stored) => {
      const others = (await this.models.scoringModels(manager)).filter((model) => model.status === 'active' && model.key !== key);
      const segments = stored.definition.segments;
      for (const other of others) {
        const overlap = segments.length === 0 ? (other.definition.segments.length === 0 ? ['(every segment)'] : []) : segments.filter((segment) => other.definition.segments.includes(segment));
        if (overlap.length > 0) {
          throw new ConflictError(`Active model ${other.key} version ${other.version} already scores ${overlap.join(', ')}; retire it or change the segments in a new version.`);
        }
      }
    });
  }

  /** Scores the version in every run beside the active one, stored but not official. */
  shadow(key: string, version: number): Promise<HealthModelRecord> {
    return this.transition(key, version, 'shadow');
  }

  /** Stops scoring a shadow version (or shelves a draft); the active version retires only by activating another. */
  retire(key: string, version: number): Promise<HealthModelRecord> {
    return this.transition(key, version, 'retired');
  }

  /** Scores up to 100 accounts with the version now, beside their current health; stores nothing. */
  async preview(key: string, version: number, accountIds: string[]): Promise<PreviewResult> {
    const model = await this.getVersion(key, version);
    const asOf = this.runs.today();
    const asOfInstant = this.clock.now();
    const ids = [...new Set(accountIds)];
    const accounts = await this.accounts.scoringAccountsByIds(ids, asOfInstant);
    const found = new Set(accounts.map((account) => account.id));
    const errors: ProblemFieldError[] = accountIds.flatMap((id, index) =>
      found.has(id) ? [] : [{ path: `accountIds[${index}]`, message: `account ${id} does not exist, is archived or is a sandbox` }],
    );
    if (errors.length > 0) throw new ValidationFailedError(errors);
    const [catalog, current] = await Promise.all([this.catalog.load(), this.snapshots.currentForComparison(ids)]);
    const signals = await this.signals.gather(accounts, catalog, { asOfDay: asOf, asOfInstant, fadeDays: longestFadeDays([model]) });
    return {
      model,
      asOf,
      items: accounts.map((account) => ({ accountId: account.id, preview: snapshotOf(account.id, model, signals.get(account.id)!, asOfInstant, false), current: current.get(account.id) ?? null })),
    };
  }

  private async transition(
    key: string,
    version: number,
    to: 'active' | 'shadow' | 'retired',
    check?: (manager: EntityManager, stored: HealthModelRecord) => Promise<void>,
  ): Promise<HealthModelRecord> {
    return this.models.inTransaction(async (manager) => {
      const stored = await this.getVersion(key, version, manager);
      if (stored.status === to) return stored;
      if (!ALLOWED[to].includes(stored.status)) {
        throw new ConflictError(
          stored.status === 'active'
            ? `Health model ${key} version ${version} is active; activate another version to retire it.`
            : `Health model ${key} version ${version} is ${stored.status} and cannot become ${to}.`,
        );
      }
      await check?.(manager, stored);
      return this.models.setStatus(manager, stored.id, to, this.clock.now());
    });
  }

  private async validDefinition(manager: EntityManager, definition: unknown): Promise<HealthModelDefinition> {
    const errors = healthModelErrors(definition, 'definition');
    if (errors.length === 0) {
      const segments = (definition as HealthModelDefinition).segments;
      const known = await this.accounts.existingKeys(manager, 'segments', segments);
      segments.forEach((segment, index) => {
        if (!known.has(segment)) errors.push({ path: `definition.segments[${index}]`, message: `segment ${segment} does not exist` });
      });
    }
    if (errors.length > 0) throw new ValidationFailedError(errors, 'The health model definition is invalid.');
    return withDefaults(definition as HealthModelDefinition);
  }
}
