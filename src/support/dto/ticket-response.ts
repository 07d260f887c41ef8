import type { SlaTargetOutcome } from '../ticket-sla';
import type { AccountSlaView, TicketView } from '../ticket.service';
import type { AccountSlaDto, SlaTargetDto, TicketResponseDto } from './ticket.dto';

function toSlaTargetDto(target: SlaTargetOutcome): SlaTargetDto {
  return {
    targetMinutes: target.targetMinutes,
    dueAt: target.dueAt?.toISOString() ?? null,
    completedAt: target.completedAt?.toISOString() ?? null,
    state: target.state,
    elapsedMinutes: target.elapsedMinutes,
    targetUsedPct: target.targetUsedPct,
  };
}

export function toTicketResponseDto(ticket: TicketView): TicketResponseDto {
  return {
    id: ticket.id,
    accountId: ticket.accountId,
    externalId: ticket.externalId,
    severity: ticket.severity,
    status: ticket.status,
    statusHistory: ticket.statusHistory.map((change) => ({ status: change.status, at: change.at })),
    subject: ticket.subject,
    openedAt: ticket.openedAt.toISOString(),
    firstResponseAt: ticket.firstResponseAt?.toISOString() ?? null,
    resolvedAt: ticket.resolvedAt?.toISOString() ?? null,
    escalation: ticket.escalation,
    createdAt: ticket.createdAt.toISOString(),
    updatedAt: ticket.updatedAt.toISOString(),
    sla: ticket.sla && {
      supportPlan: ticket.sla.supportPlan,
      policySource: ticket.sla.policySource,
      clock: ticket.sla.clock,
      calendarRegion: ticket.sla.calendarRegion,
      asOf: ticket.sla.asOf.toISOString(),
      paused: ticket.sla.paused,
      firstResponse: toSlaTargetDto(ticket.sla.firstResponse),
      resolution: toSlaTargetDto(ticket.sla.resolution),
    },
  };
}

export function toAccountSlaDto(view: AccountSlaView): AccountSlaDto {
  return { accountId: view.accountId, from: view.from.toISOString(), to: view.to.toISOString(), asOf: view.asOf.toISOString(), bySeverity: view.bySeverity, total: view.total };
}
