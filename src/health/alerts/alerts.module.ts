import { Module } from '@nestjs/common';
import { SupportModule } from '../../support/support.module';
import { TicketAlertReadsRepository } from '../../support/ticket-alert-reads.repository';
import { UsageDropRepository } from '../../usage/usage-drop.repository';
import { AlertRepository } from './alert.repository';
import { AlertService } from './alert.service';
import { AlertsController } from './alerts.controller';

/**
 * Alerts on the health record, usage and ticket SLAs, and the outbox events they write. The health
 * run calls `AlertService.evaluateAfterRun` in its completing transaction; the reminders job calls
 * `evaluateSla`. The two read-only repositories of support and usage data live in those modules'
 * folders and are provided here, where they are used.
 */
@Module({
  imports: [SupportModule],
  controllers: [AlertsController],
  providers: [AlertRepository, AlertService, UsageDropRepository, TicketAlertReadsRepository],
  exports: [AlertService],
})
export class AlertsModule {}
