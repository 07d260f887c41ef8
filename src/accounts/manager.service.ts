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
import { BookEntry, ManagerFilter, ManagerRecord, ManagerRepository, NewManager, Portfolio } from './manager.repository';
import type { ManagerRole } from './manager.entity';

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
    const [counts, arr] = await Promise.all([this.managers.portfolioCounts(accounts, date), this.fx.arrTotal(accounts, date)]);
    return {
      managerId: id,
      includeTeam,
      accounts: counts.accounts,
      accountsByRole: counts.byRole,
      accountsBySegment: counts.bySegment,
      renewalsNext90Days: counts.renewalsNext90Days,
      arr,
    };
  }
}
