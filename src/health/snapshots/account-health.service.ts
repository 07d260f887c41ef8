import { Inject, Injectable } from '@nestjs/common';
import type { AccountAccess } from '../../auth/account-scope';
import type { Principal } from '../../auth/principal';
import { AccountRepository } from '../../accounts/account.repository';
import { Clock } from '../../common/clock';
import { NotFoundError, ValidationFailedError } from '../../common/problem';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { HealthModelRepository } from '../models/health-model.repository';
import { HealthOverrideRecord, HealthOverrideRepository } from '../overrides/health-override.repository';
import { addDays } from '../runs/commit-period';
import { Band, BandThresholds, DEFAULT_HEALTH_MODEL, effectiveHealth, EffectiveHealth, overrideErrors, OverrideReasonCode } from '../scoring';
import { CurrentHealthRecord, DailyHealthRecord, HealthSnapshotRepository, ShadowScoreRecord } from './health-snapshot.repository';

export interface AccountHealthView {
  accountId: string;
  current: CurrentHealthRecord | null;
  effective: EffectiveHealth;
  override: HealthOverrideRecord | null;
  shadow: ShadowScoreRecord[];
}

/** Longest history answered at once. */
export const MAX_HISTORY_DAYS = 366;
const DEFAULT_HISTORY_DAYS = 90;

/** Scoped reads of an account's health and its overrides. */
@Injectable()
export class AccountHealthService {
  constructor(
    private readonly accounts: AccountRepository,
    private readonly snapshots: HealthSnapshotRepository,
    private readonly overrides: HealthOverrideRepository,
    private readonly models: HealthModelRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async health(accountId: string, access: AccountAccess): Promise<AccountHealthView> {
    await this.accounts.requireVisible(accountId, access);
    const [current, override, shadow] = await Promise.all([this.snapshots.current(accountId), this.overrides.open(accountId), this.snapshots.shadowScores(accountId)]);
    return { accountId, current: current ?? null, override: override ?? null, shadow, effective: this.effective(current ?? null, override ?? null) };
  }

  async history(accountId: string, query: { from?: string; to?: string }, access: AccountAccess): Promise<{ from: string; to: string; items: DailyHealthRecord[] }> {
    await this.accounts.requireVisible(accountId, access);
    const to = query.to ?? this.clock.today(this.config.businessTimezone);
    const from = query.from ?? addDays(to, -(DEFAULT_HISTORY_DAYS - 1));
    if (Number.isNaN(Date.parse(`${from}T00:00:00Z`))) throw new ValidationFailedError([{ path: 'from', message: 'must be a real day' }]);
    if (Number.isNaN(Date.parse(`${to}T00:00:00Z`))) throw new ValidationFailedError([{ path: 'to', message: 'must be a real day' }]);
    if (from > to) throw new ValidationFailedError([{ path: 'from', message: 'must not be after to' }]);
    if (addDays(from, MAX_HISTORY_DAYS - 1) < to) throw new ValidationFailedError([{ path: 'from', message: `the range may span at most ${MAX_HISTORY_DAYS} days` }]);
    return { from, to, items: await this.snapshots.history(accountId, from, to) };
  }

  /** Sets (or replaces) the account's override; validated against the bands of the account's model. */
  async setOverride(accountId: string, input: Record<string, unknown>, principal: Principal): Promise<AccountHealthView> {
    await this.accounts.requireVisible(accountId, principal);
    const now = this.clock.now();
    const bands = await this.bandsFor(accountId);
    const errors = overrideErrors(input, now, bands);
    if (errors.length > 0) throw new ValidationFailedError(errors);
    await this.overrides.inTransaction(async (manager) => {
      await this.overrides.clear(manager, accountId, principal.keyId, now);
      await this.overrides.insert(
        manager,
        {
          accountId,
          band: input.band as Band,
          score: typeof input.score === 'number' ? input.score : null,
          reasonCode: input.reasonCode as OverrideReasonCode,
          note: (input.note as string).trim(),
          expiresAt: input.expiresAt as string,
          setByKeyId: principal.keyId,
        },
        now,
      );
    });
    return this.health(accountId, principal);
  }

  /** Clears the override; 404 when there is none. */
  async clearOverride(accountId: string, principal: Principal): Promise<void> {
    await this.accounts.requireVisible(accountId, principal);
    const cleared = await this.overrides.inTransaction((manager) => this.overrides.clear(manager, accountId, principal.keyId, this.clock.now()));
    if (!cleared) throw new NotFoundError(`Override of account ${accountId}`);
  }

  private effective(current: CurrentHealthRecord | null, override: HealthOverrideRecord | null): EffectiveHealth {
    const computed = { score: current?.score ?? null, band: current?.band ?? 'unknown' };
    const asOverride = override ? { band: override.band, score: override.score, reasonCode: override.reasonCode, note: override.note, setAt: override.setAt, expiresAt: override.expiresAt } : null;
    return effectiveHealth(computed, asOverride, this.clock.now());
  }

  /** The bands of the model that scored the account last, else of the active catch-all, else the default model's. */
  private async bandsFor(accountId: string): Promise<BandThresholds> {
    const current = await this.snapshots.current(accountId);
    if (current) {
      const [model] = await this.models.findByIds([current.modelId]);
      if (model) return model.definition.bands;
    }
    const catchAll = (await this.models.scoringModels()).find((model) => model.status === 'active' && model.definition.segments.length === 0);
    return catchAll?.definition.bands ?? DEFAULT_HEALTH_MODEL.bands;
  }

}
