import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { AccountSupportController } from './account-support.controller';
import { CalendarsController, SlaPoliciesController } from './sla-config.controller';
import { SlaConfigRepository } from './sla-config.repository';
import { SlaConfigService } from './sla-config.service';
import { TicketRepository } from './ticket.repository';
import { TicketSlaStore } from './ticket-sla-store.service';
import { TicketService } from './ticket.service';
import { TicketsController } from './tickets.controller';

/** Support tickets with their status history, SLA policies per plan and severity, regional calendars, SLA clocks. */
@Module({
  imports: [AccountsModule],
  controllers: [TicketsController, AccountSupportController, SlaPoliciesController, CalendarsController],
  providers: [TicketRepository, TicketService, SlaConfigRepository, SlaConfigService, TicketSlaStore],
  exports: [TicketService, SlaConfigService, TicketSlaStore],
})
export class SupportModule {}
