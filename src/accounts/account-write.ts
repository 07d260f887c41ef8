/**
 * Turning API input into a full account state: defaults for a new account, the stored values for
 * fields an update leaves out, normalised money and lists. Pure; no database.
 */
import type { AccountRecord, AccountState } from './account.repository';
import { sortedUnique, toMoney } from './account-rules';

/** Any subset of account fields, as the DTOs carry them (money as number or string, null clears). */
export interface AccountInput {
  externalId?: string;
  name?: string;
  segment?: string;
  industry?: string | null;
  region?: string | null;
  timezone?: string | null;
  parentId?: string | null;
  appIds?: string[];
  isTest?: boolean;
  billingModel?: AccountState['billingModel'];
  commitAmount?: number | string | null;
  commitPeriod?: AccountState['commitPeriod'];
  autoRenew?: boolean;
  renewalDate?: string | null;
  arr?: number | string;
  currency?: string;
  supportPlan?: string | null;
  products?: string[];
  useCases?: string[];
  lifecycleStage?: string | null;
  attributes?: AccountState['attributes'];
}

function pick<T>(value: T | undefined, fallback: T): T {
  return value === undefined ? fallback : value;
}

/** The state an input leads to: over the stored account when there is one, else over the defaults. */
export function mergeAccountInput(input: AccountInput, stored: AccountRecord | undefined, defaults: { currency: string }): AccountState {
  const base: AccountState = stored
    ? { ...stored }
    : {
        id: null,
        externalId: input.externalId ?? '',
        name: input.name ?? '',
        segment: input.segment ?? '',
        industry: null,
        region: null,
        timezone: null,
        parentId: null,
        appIds: [],
        isTest: false,
        billingModel: 'commit',
        commitAmount: null,
        commitPeriod: null,
        autoRenew: false,
        renewalDate: null,
        arr: '0.00',
        currency: defaults.currency,
        supportPlan: null,
        products: [],
        useCases: [],
        lifecycleStage: null,
        attributes: {},
      };
  const commitAmount = pick(input.commitAmount, base.commitAmount);
  return {
    id: stored?.id ?? null,
    externalId: pick(input.externalId, base.externalId),
    name: pick(input.name, base.name),
    segment: pick(input.segment, base.segment),
    industry: pick(input.industry, base.industry),
    region: pick(input.region, base.region),
    timezone: pick(input.timezone, base.timezone),
    parentId: pick(input.parentId, base.parentId),
    appIds: sortedUnique(pick(input.appIds, base.appIds)),
    isTest: pick(input.isTest, base.isTest),
    billingModel: pick(input.billingModel, base.billingModel),
    commitAmount: commitAmount === null ? null : toMoney(commitAmount),
    commitPeriod: pick(input.commitPeriod, base.commitPeriod),
    autoRenew: pick(input.autoRenew, base.autoRenew),
    renewalDate: pick(input.renewalDate, base.renewalDate),
    arr: toMoney(pick(input.arr, base.arr)),
    currency: pick(input.currency, base.currency),
    supportPlan: pick(input.supportPlan, base.supportPlan),
    products: sortedUnique(pick(input.products, base.products)),
    useCases: sortedUnique(pick(input.useCases, base.useCases)),
    lifecycleStage: pick(input.lifecycleStage, base.lifecycleStage),
    attributes: pick(input.attributes, base.attributes),
  };
}
