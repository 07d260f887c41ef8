import { Injectable } from '@nestjs/common';
import { accountScopeOf } from '../auth/account-scope';
import type { Principal } from '../auth/principal';
import { Clock } from '../common/clock';
import { decodeCursor, DEFAULT_PAGE_SIZE, Page, toPage } from '../common/pagination';
import { ConflictError, NotFoundError, ProblemFieldError, ValidationFailedError } from '../common/problem';
import { Inject } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import type { AssignmentRole } from './account-assignment.entity';
import { FxRateService } from './fx-rate.service';
import { addMoney } from './account-rules';
import { BookEntry, ManagerFilter, ManagerRecord, ManagerRepository, NewManager, Portfolio, PortfolioHealth, PortfolioHealthAccount } from './manager.repository';
import type { ManagerRole } from './manager.entity';
import { addDays } from '../common/calendar-day';

export interface ManagerInput {
  name?: string;
  email?: string;
  role?: ManagerRole;
  timezone?: string;
  leadId?: string | null;
  capacity?: number | null;
  active?: boolean;
}

@Injectable()
export class ManagerService {
  constructor(
    private readonly managers: ManagerRepository,
    private readonly fx: FxRateService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async get(id: string, principal: Principal): Promise<ManagerRecord> {
    const manager = await this.managers.findById(id, accountScopeOf(principal));
    if (!manager) throw new NotFoundError('Manager', id);
    return manager;
  }

  async list(query: Omit<ManagerFilter, 'after' | 'limit'> & { limit?: number; cursor?: string }, principal: Principal): Promise<Page<ManagerRecord>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = decodeCursor(query.cursor);
    const rows = await this.managers.list({ role: query.role, leadId: query.leadId, active: query.active, q: query.q, after: after ? { name: String(after.sortValue), id: after.id } : undefined, limit }, accountScopeOf(principal));
    return toPage(rows, limit, (row) => row, (row) => ({ sortValue: row.name, id: row.id }));
  }

  async create(input: ManagerInput & { name: string; email: string; role: ManagerRole }): Promise<ManagerRecord> {
    const manager: NewManager = {
      name: input.name,
      email: input.email.toLowerCase(),
      role: input.role,
      timezone: input.timezone ?? 'UTC',
      leadId: input.leadId ?? null,
      capacity: input.capacity ?? null,
      active: input.active ?? true,
    };
    await this.checkLead(null, manager.leadId);
    const created = await this.managers.insert(manager, this.clock.now());
    if (!created) throw new ConflictError(`A manager with email ${manager.email} exists.`);
    return created;
  }

  async update(id: string, input: ManagerInput): Promise<ManagerRecord> {
    const stored = await this.managers.findById(id, { kind: 'all' });
    if (!stored) throw new NotFoundError('Manager', id);
    const manager: NewManager = {
      name: input.name ?? stored.name,
      email: input.email?.toLowerCase() ?? stored.email,
      role: input.role ?? stored.role,
      timezone: input.timezone ?? stored.timezone,
      leadId: input.leadId === undefined ? stored.leadId : input.leadId,
      capacity: input.capacity === undefined ? stored.capacity : input.capacity,
      active: input.active ?? stored.active,
    };
    if (manager.email !== stored.email && (await this.managers.emailTaken(manager.email, id))) throw new ConflictError(`A manager with email ${manager.email} exists.`);
    await this.checkLead(id, manager.leadId);
    const updated = await this.managers.update(id, manager, this.clock.now());
    if (!updated) throw new NotFoundError('Manager', id);
    return updated;
  }

  private async checkLead(managerId: string | null, leadId: string | null): Promise<void> {
    if (leadId === null) return;
    const errors: ProblemFieldError[] = [];
    if (managerId === leadId) errors.push({ path: 'leadId', message: 'a manager cannot lead themselves' });
    else if ((await this.managers.existingIds([leadId])).size === 0) errors.push({ path: 'leadId', message: `manager ${leadId} does not exist` });
    else if (managerId && (await this.managers.leadWouldCycle(managerId, leadId))) errors.push({ path: 'leadId', message: 'this lead would put the manager above themselves (a cycle)' });
    if (errors.length > 0) throw new ValidationFailedError(errors);
  }

  async book(id: string, principal: Principal, role: AssignmentRole | undefined): Promise<{ managerId: string; items: BookEntry[]; countsByRole: Record<string, number> }> {
    await this.get(id, principal);
    const items = await this.managers.book(id, accountScopeOf(principal), role);
    const countsByRole: Record<string, number> = {};
    for (const item of items) countsByRole[item.role] = (countsByRole[item.role] ?? 0) + 1;
    return { managerId: id, items, countsByRole };
  }

  async portfolio(id: string, principal: Principal, query: { asOf?: string; includeTeam?: boolean }): Promise<Portfolio> {
    await this.get(id, principal);
    const date = query.asOf ?? this.clock.today(this.config.businessTimezone);
    const includeTeam = query.includeTeam ?? false;
    const accounts = this.managers.portfolioCondition(id, includeTeam, accountScopeOf(principal), 1);
    const [counts, arr, healthAccounts] = await Promise.all([
      this.managers.portfolioCounts(accounts, date),
      this.fx.arrTotal(accounts, date),
      this.managers.portfolioHealthAccounts(accounts, date, this.fx.reportingCurrency, this.clock.now()),
    ]);
    return {
      managerId: id,
      includeTeam,
      accounts: counts.accounts,
      accountsByRole: counts.byRole,
      accountsBySegment: counts.bySegment,
      renewalsNext90Days: counts.renewalsNext90Days,
      arr,
      health: portfolioHealth(healthAccounts, date, this.fx.reportingCurrency),
    };
  }
}

/**
 * Counts per band (the effective band: an override wins), ARR at risk and renewals of a portfolio's accounts. ARR at risk sums yellow and
 * red accounts without live children: an organisation's ARR is its children's (each counted with
 * its own band), so a parent is never counted on top of them.
 */
export function portfolioHealth(accounts: PortfolioHealthAccount[], date: string, reportingCurrency: string): PortfolioHealth {
  const countsByBand = { green: 0, yellow: 0, red: 0, unknown: 0 };
  const atRisk = { yellow: '0.00', red: '0.00', accounts: 0 };
  const missing = new Set<string>();
  const in90 = addDays(date, 90);
  const in180 = addDays(date, 180);
  let renewalsNext90Days = 0;
  let renewalsNext180Days = 0;
  for (const account of accounts) {
    const band = account.band as keyof typeof countsByBand;
    if (band in countsByBand) countsByBand[band] += 1;
    if ((band === 'yellow' || band === 'red') && !account.hasChildren) {
      atRisk.accounts += 1;
      if (account.arrReporting === null) missing.add(account.currency);
      else atRisk[band] = addMoney(atRisk[band], account.arrReporting);
    }
    if (account.renewalDate !== null && account.renewalDate >= date) {
      if (account.renewalDate <= in90) renewalsNext90Days += 1;
      if (account.renewalDate <= in180) renewalsNext180Days += 1;
    }
  }
  const convertedTotal = addMoney(atRisk.yellow, atRisk.red);
  return {
    countsByBand,
    arrAtRisk: {
      reportingCurrency,
      date,
      basis: 'accounts-without-children',
      total: missing.size === 0 ? convertedTotal : null,
      convertedTotal,
      yellow: atRisk.yellow,
      red: atRisk.red,
      complete: missing.size === 0,
      accounts: atRisk.accounts,
      missingRates: [...missing].sort().map((currency) => ({ currency, date })),
    },
    renewalsNext90Days,
    renewalsNext180Days,
    accounts,
  };
}
