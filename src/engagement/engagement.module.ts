import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { NpsController } from './nps.controller';
import { NpsRepository } from './nps.repository';
import { NpsService } from './nps.service';
import { TouchpointRepository } from './touchpoint.repository';
import { TouchpointService } from './touchpoint.service';
import { TouchpointsController } from './touchpoints.controller';

/** Touchpoints and NPS answers: ingest and scoped reads. */
@Module({
  imports: [AccountsModule],
  controllers: [TouchpointsController, NpsController],
  providers: [TouchpointRepository, TouchpointService, NpsRepository, NpsService],
  exports: [TouchpointRepository, NpsRepository],
})
export class EngagementModule {}
