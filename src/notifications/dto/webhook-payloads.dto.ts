/**
 * The documented body of every `json` delivery, per event type, for the OpenAPI document
 * (registered with ApiExtraModels on the webhooks controller). `slack` and `feishu` subscriptions
 * get the same content as a readable message instead.
 */
import { ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';

export class WebhookReviewLinePayload {
  @ApiProperty({ format: 'uuid' }) reviewId: string;
  @ApiProperty({ format: 'uuid' }) accountId: string;
  @ApiProperty() accountName: string;
  @ApiProperty() accountSegment: string;
  @ApiProperty({ enum: ['EBR', 'QBR', 'operations', 'renewal', 'post_incident', 'risk'] }) kind: string;
  @ApiProperty({ enum: ['planned', 'agenda_ready', 'scheduled'] }) status: string;
  @ApiProperty({ format: 'date' }) dueDate: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) meetingAt: string | null;
  @ApiProperty({ format: 'date', description: "The booked meeting's local day, else the due date" }) effectiveDate: string;
  @ApiProperty({ description: 'Days from the digest day to effectiveDate; negative when overdue' }) daysUntil: number;
  @ApiProperty({ format: 'uuid' }) managerId: string;
  @ApiProperty() managerName: string;
  @ApiProperty({ format: 'uri' }) link: string;
}

export class WebhookDigestAlertPayload {
  @ApiProperty({ format: 'uuid' }) alertId: string;
  @ApiProperty({ format: 'uuid' }) accountId: string;
  @ApiProperty() accountName: string;
  @ApiProperty() kind: string;
  @ApiProperty({ enum: ['critical', 'high', 'medium', 'low'] }) severity: string;
  @ApiProperty() title: string;
  @ApiProperty({ format: 'date-time' }) openedAt: string;
  @ApiProperty({ format: 'uri' }) link: string;
}

export class WebhookDigestRenewalPayload {
  @ApiProperty({ format: 'uuid' }) accountId: string;
  @ApiProperty() accountName: string;
  @ApiProperty() segment: string;
  @ApiProperty({ format: 'date' }) renewalDate: string;
  @ApiProperty() daysToRenewal: number;
  @ApiProperty() arr: number;
  @ApiProperty() autoRenew: boolean;
  @ApiProperty({ nullable: true, type: String, enum: ['green', 'yellow', 'red', 'unknown'] }) band: string | null;
  @ApiProperty({ format: 'uri' }) link: string;
}

export class WebhookDigestPayload {
  @ApiProperty({ example: 1 }) schemaVersion: number;
  @ApiProperty({ format: 'uuid' }) managerId: string;
  @ApiProperty() managerName: string;
  @ApiProperty() managerEmail: string;
  @ApiProperty({ example: 'Asia/Shanghai' }) timezone: string;
  @ApiProperty({ format: 'date', description: "The manager's local business day" }) localDate: string;
  @ApiProperty({ format: 'date-time' }) generatedAt: string;
  @ApiProperty({ type: [WebhookReviewLinePayload], description: 'Reviews within 14 days (meeting day when booked, else due date)' }) dueSoon: WebhookReviewLinePayload[];
  @ApiProperty({ type: [WebhookReviewLinePayload], description: 'No meeting booked 35 days before due; flagged since the last digest' }) nudges: WebhookReviewLinePayload[];
  @ApiProperty({ type: [WebhookReviewLinePayload], description: 'Agendas written since the last digest' }) agendasReady: WebhookReviewLinePayload[];
  @ApiProperty({ type: [WebhookReviewLinePayload], description: 'Open reviews past their date, each repeated weekly' }) overdue: WebhookReviewLinePayload[];
  @ApiProperty({ type: [WebhookReviewLinePayload], description: "Leads: their team's reviews 14+ days overdue, weekly" }) escalations: WebhookReviewLinePayload[];
  @ApiProperty({ type: [WebhookDigestAlertPayload], description: 'Unresolved alerts opened on their accounts since the last digest' }) alerts: WebhookDigestAlertPayload[];
  @ApiProperty({ type: [WebhookDigestRenewalPayload], description: 'Renewals within 90 days' }) renewals: WebhookDigestRenewalPayload[];
}

export class WebhookReviewReminderPayload {
  @ApiProperty({ example: 1 }) schemaVersion: number;
  @ApiProperty({ format: 'uuid' }) reviewId: string;
  @ApiProperty({ format: 'uuid' }) accountId: string;
  @ApiProperty() accountName: string;
  @ApiProperty() kind: string;
  @ApiProperty() status: string;
  @ApiProperty({ format: 'date' }) dueDate: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) meetingAt: string | null;
  @ApiProperty() daysOverdue: number;
  @ApiProperty({ format: 'uuid' }) managerId: string;
  @ApiProperty() managerName: string;
  @ApiProperty({ format: 'uuid', description: 'Who is told: the manager, or their lead when escalation is true' }) recipientManagerId: string;
  @ApiProperty({ description: 'True for the team lead (14 days or more overdue)' }) escalation: boolean;
  @ApiProperty({ format: 'date' }) localDate: string;
  @ApiProperty({ format: 'uri' }) link: string;
}

export class WebhookAlertOpenedPayload {
  @ApiProperty({ example: 1 }) schemaVersion: number;
  @ApiProperty({ format: 'uuid' }) alertId: string;
  @ApiProperty({ format: 'uuid' }) accountId: string;
  @ApiProperty() accountName: string;
  @ApiProperty() accountExternalId: string;
  @ApiProperty() segment: string;
  @ApiProperty({ enum: ['band_dropped', 'score_fell', 'usage_dropped', 'sla_breached', 'sla_response_at_risk'] }) kind: string;
  @ApiProperty({ enum: ['critical', 'high', 'medium', 'low'] }) severity: string;
  @ApiProperty() title: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The numbers behind the alert and a readable `sentence`' }) facts: Record<string, unknown>;
  @ApiProperty() sourceRef: string;
  @ApiProperty({ nullable: true, type: String }) band: string | null;
  @ApiProperty({ nullable: true, type: Number }) score: number | null;
  @ApiProperty() asOf: string;
  @ApiProperty() immediate: boolean;
  @ApiProperty({ format: 'date-time' }) openedAt: string;
}

export class WebhookSlaWarningPayload {
  @ApiProperty({ example: 1 }) schemaVersion: number;
  @ApiPropertyOptional({ format: 'uuid' }) alertId: string;
  @ApiProperty({ format: 'uuid' }) accountId: string;
  @ApiProperty() accountName: string;
  @ApiProperty() segment: string;
  @ApiProperty() ticketId: string;
  @ApiProperty() ticketExternalId: string;
  @ApiProperty({ enum: ['P1', 'P2'] }) ticketSeverity: string;
  @ApiProperty({ nullable: true, type: String }) subject: string | null;
  @ApiProperty() targetMinutes: number;
  @ApiProperty() targetUsedPct: number;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) firstResponseDueAt: string | null;
  @ApiProperty() sentence: string;
}

export class WebhookAccountTurnedRedPayload {
  @ApiProperty({ example: 1 }) schemaVersion: number;
  @ApiPropertyOptional({ format: 'uuid' }) alertId: string;
  @ApiProperty({ format: 'uuid' }) accountId: string;
  @ApiProperty() accountName: string;
  @ApiProperty() accountExternalId: string;
  @ApiProperty({ enum: ['strategic', 'enterprise'] }) segment: string;
  @ApiProperty() fromBand: string;
  @ApiProperty({ enum: ['red'] }) band: string;
  @ApiProperty({ nullable: true, type: Number }) score: number | null;
  @ApiProperty({ format: 'date' }) since: string;
  @ApiProperty({ format: 'date' }) day: string;
  @ApiProperty() sentence: string;
}

export class WebhookReviewAgendaReadyPayload {
  @ApiProperty({ example: 1 }) schemaVersion: number;
  @ApiProperty({ format: 'uuid' }) reviewId: string;
  @ApiProperty({ format: 'uuid' }) accountId: string;
  @ApiProperty() accountName: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) managerId: string | null;
  @ApiProperty() kind: string;
  @ApiProperty({ format: 'date' }) dueDate: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) meetingAt: string | null;
  @ApiProperty({ format: 'date-time' }) generatedAt: string;
}

export class WebhookReviewNudgePayload extends WebhookReviewAgendaReadyPayload {
  @ApiProperty({ format: 'date-time' }) flaggedAt: string;
}

export class WebhookPingPayload {
  @ApiProperty({ example: 1 }) schemaVersion: number;
  @ApiProperty({ format: 'uuid' }) webhookId: string;
  @ApiProperty({ format: 'date-time' }) sentAt: string;
}

export const WEBHOOK_PAYLOAD_MODELS = [
  WebhookReviewLinePayload,
  WebhookDigestAlertPayload,
  WebhookDigestRenewalPayload,
  WebhookDigestPayload,
  WebhookReviewReminderPayload,
  WebhookAlertOpenedPayload,
  WebhookSlaWarningPayload,
  WebhookAccountTurnedRedPayload,
  WebhookReviewAgendaReadyPayload,
  WebhookReviewNudgePayload,
  WebhookPingPayload,
];

/** The body of every `json` delivery; `data` is the payload of `type`. */
export class WebhookEnvelopeDto {
  @ApiProperty({ format: 'uuid', description: 'The notification id: the same on retries and across subscriptions' }) id: string;
  @ApiProperty({ enum: ['digest.daily', 'review.reminder', 'review.agenda_ready', 'review.nudge', 'alert.opened', 'sla.warning', 'account.turned_red', 'webhook.ping'] }) type: string;
  @ApiProperty({ format: 'date-time' }) occurredAt: string;
  @ApiProperty({
    description:
      'digest.daily → WebhookDigestPayload; review.reminder → WebhookReviewReminderPayload; alert.opened → WebhookAlertOpenedPayload; sla.warning → WebhookSlaWarningPayload; account.turned_red → WebhookAccountTurnedRedPayload; review.agenda_ready → WebhookReviewAgendaReadyPayload; review.nudge → WebhookReviewNudgePayload; webhook.ping → WebhookPingPayload',
    oneOf: WEBHOOK_PAYLOAD_MODELS.filter((model) => !['WebhookReviewLinePayload', 'WebhookDigestAlertPayload', 'WebhookDigestRenewalPayload'].includes(model.name)).map((model) => ({ $ref: getSchemaPath(model) })),
  })
  data: Record<string, unknown>;
}
