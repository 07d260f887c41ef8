import { AccountAppIdEntity } from '../accounts/account-app-id.entity';
import { AccountAssignmentEntity } from '../accounts/account-assignment.entity';
import { AccountHistoryEntity } from '../accounts/account-history.entity';
import { AccountEntity } from '../accounts/account.entity';
import { FxRateEntity } from '../accounts/fx-rate.entity';
import { ManagerEntity } from '../accounts/manager.entity';
import { SegmentEntity } from '../accounts/segment.entity';
import { ApiKeyEntity } from '../auth/api-key.entity';
import { AuditEntryEntity } from '../audit/audit-entry.entity';
import { JobRunEntity } from '../jobs/job-run.entity';
import { FeatureEntity } from '../catalog/feature.entity';
import { MetricEntity } from '../catalog/metric.entity';
import { ProductEntity } from '../catalog/product.entity';
import { UseCaseEntity } from '../catalog/use-case.entity';
import { UsageDailyEntity } from '../usage/usage-daily.entity';
import { FeatureAdoptionDailyEntity } from '../adoption/feature-adoption.entity';
import { NpsResponseEntity } from '../engagement/nps-response.entity';
import { TouchpointEntity } from '../engagement/touchpoint.entity';
import { OutcomeEntity } from '../outcomes/outcome.entity';
import { CalendarEntity } from '../support/calendar.entity';
import { SegmentSupportPlanEntity } from '../support/segment-support-plan.entity';
import { SlaPolicyEntity } from '../support/sla-policy.entity';
import { SupportTicketEntity } from '../support/support-ticket.entity';
import { AlertEntity } from '../health/alerts/alert.entity';
import { OutboxEventEntity } from '../health/alerts/outbox-event.entity';

/** Every entity of every module; the migrations must agree with these (a test checks). */
export const ENTITIES = [ApiKeyEntity, AuditEntryEntity, JobRunEntity, MetricEntity, ProductEntity, UseCaseEntity, FeatureEntity, SegmentEntity, FxRateEntity, ManagerEntity, AccountEntity, AccountAppIdEntity, AccountHistoryEntity, AccountAssignmentEntity, UsageDailyEntity, FeatureAdoptionDailyEntity, TouchpointEntity, NpsResponseEntity, OutcomeEntity, SupportTicketEntity, SlaPolicyEntity, SegmentSupportPlanEntity, CalendarEntity, AlertEntity, OutboxEventEntity];
