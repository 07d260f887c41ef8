import { Injectable } from '@nestjs/common';
import { AccountRepository } from '../accounts/account.repository';
import { FeatureAdoptionDto } from '../adoption/dto/adoption.dto';
import { AdoptionService } from '../adoption/adoption.service';
import { accountScopeOf, VisibleAccount } from '../auth/account-scope';
import type { Principal } from '../auth/principal';
import { NotFoundError } from '../common/problem';
import { AlertService } from '../health/alerts/alert.service';
import { AlertResponseDto } from '../health/alerts/dto/alert.dto';
import { accountHealthDto } from '../health/snapshots/account-health.controller';
import { AccountHealthService } from '../health/snapshots/account-health.service';
import { toTicketResponseDto } from '../support/dto/ticket-response';
import { TicketService } from '../support/ticket.service';
import { ReviewsService } from '../reviews/reviews.service';
import { UsageService } from '../usage/usage.service';
import { AccountDashboardDto, DashboardCommitPacingDto, DashboardManagerDto } from './dashboard.dto';

/** Rows listed per ticket status and per alert status. */
export const DASHBOARD_LIST_LIMIT = 100;
/** Features shown as the top of adoption. */
export const DASHBOARD_TOP_FEATURES = 5;

/**
 * The account dashboard in one answer, composed from the services behind the account's own reads
 * (health, history, adoption, usage trends, tickets, alerts). The key's scope is checked once, here
 * (an account outside it answers 404); the parts are independent and run at once.
 */
@Injectable()
export class DashboardService {
  constructor(
    private readonly accounts: AccountRepository,
    private readonly health: AccountHealthService,
    private readonly adoption: AdoptionService,
    private readonly usage: UsageService,
    private readonly tickets: TicketService,
    private readonly alerts: AlertService,
    private readonly reviews: ReviewsService,
  ) {}

  async dashboard(accountId: string, principal: Principal): Promise<AccountDashboardDto> {
    const account = await this.accounts.findById(accountId, accountScopeOf(principal));
    if (!account || account.archivedAt) throw new NotFoundError('Account', accountId);
    // Checked once here; the composed reads take the checked account instead of looking it up again.
    const visible = VisibleAccount.checked(accountId, principal);
    const limit = DASHBOARD_LIST_LIMIT;
    const [assignments, health, history, adoption, trends, openTickets, waitingTickets, openAlerts, acknowledgedAlerts, nextReviews] = await Promise.all([
      this.accounts.assignments(accountId, true, undefined, limit),
      this.health.health(accountId, visible),
      this.health.history(accountId, {}, visible),
      this.adoption.forAccount(accountId, visible),
      this.usage.trends(accountId, {}, visible),
      this.tickets.listForAccount(accountId, { status: 'open', limit }, visible),
      this.tickets.listForAccount(accountId, { status: 'waiting_on_customer', limit }, visible),
      this.alerts.list({ accountId, status: 'open', limit }, principal),
      this.alerts.list({ accountId, status: 'acknowledged', limit }, principal),
      this.reviews.nextReviewsForAccounts([accountId]),
    ]);
    const nextReview = nextReviews.get(accountId);

    const holder = (role: string): DashboardManagerDto | null => {
      const assignment = assignments.find((row) => row.role === role && row.endedAt === null);
      return assignment ? { managerId: assignment.managerId, name: assignment.managerName, since: new Date(assignment.startedAt).toISOString() } : null;
    };
    const components = health.current?.components ?? [];
    const adoptionComponent = components.find((component) => component.key === 'adoption' && component.status === 'scored');
    const pacing = components.find((component) => component.key === 'commit-pacing');
    const features = adoption.features.map(FeatureAdoptionDto.from);
    const tickets = [...openTickets.items, ...waitingTickets.items].sort((a, b) => b.openedAt.getTime() - a.openedAt.getTime() || (a.id < b.id ? 1 : -1));
    const alerts = [...openAlerts.items, ...acknowledgedAlerts.items].sort((a, b) => b.openedAt.getTime() - a.openedAt.getTime() || (a.id < b.id ? 1 : -1));

    return {
      account: {
        id: account.id,
        externalId: account.externalId,
        name: account.name,
        segment: account.segment,
        arr: account.arr,
        currency: account.currency,
        renewalDate: account.renewalDate,
        parentId: account.parentId,
        csm: holder('csm'),
        tam: holder('tam'),
      },
      health: accountHealthDto(health),
      scoreHistory: {
        from: history.from,
        to: history.to,
        items: history.items.map((item) => ({ day: item.day, score: item.score, band: item.band, coverage: item.coverage })),
      },
      adoption: {
        asOf: adoption.asOf,
        thresholdPct: adoption.thresholdPct,
        featureCount: features.length,
        adoptedCount: features.filter((feature) => feature.adopted).length,
        relevantFeatures: numberOrNull(adoptionComponent?.details?.relevantFeatures),
        adoptedRelevantFeatures: numberOrNull(adoptionComponent?.details?.adoptedFeatures),
        topFeatures: [...features].sort((a, b) => b.adoptionPct - a.adoptionPct || a.featureKey.localeCompare(b.featureKey)).slice(0, DASHBOARD_TOP_FEATURES),
      },
      trends: {
        asOf: trends.asOf,
        usage: trends.metrics.filter((metric) => metric.isMainMetric && metric.kind === 'usage'),
        quality: trends.metrics.filter((metric) => metric.kind === 'quality'),
      },
      commitPacing: pacing ? commitPacing(pacing) : null,
      openTickets: { count: tickets.length, items: tickets.map(toTicketResponseDto) },
      openAlerts: { count: alerts.length, items: alerts.map(AlertResponseDto.from) },
      nextReview: nextReview
        ? { reviewId: nextReview.reviewId, kind: nextReview.kind, status: nextReview.status, dueDate: nextReview.dueDate, meetingAt: nextReview.meetingAt, managerId: nextReview.managerId, agendaReadyAt: nextReview.agendaReadyAt }
        : null,
    };
  }
}

function numberOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function commitPacing(component: { status: string; score: number | null; facts: string[]; details: unknown }): DashboardCommitPacingDto {
  const details = (component.details ?? {}) as Record<string, unknown>;
  return { status: component.status, score: component.score, pacePct: numberOrNull(details.pacePct), facts: component.facts, details };
}
