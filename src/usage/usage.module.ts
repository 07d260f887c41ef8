import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { SupportModule } from '../support/support.module';
import { UsageController } from './usage.controller';
import { UsageRepository } from './usage.repository';
import { UsageSignalsRepository } from './usage-signals.repository';
import { UsageService } from './usage.service';

/** Daily usage and quality signals: bulk ingest, per-period reads and trends (judged with the region calendars' holidays). */
@Module({
  imports: [AccountsModule, SupportModule],
  controllers: [UsageController],
  providers: [UsageRepository, UsageSignalsRepository, UsageService],
  exports: [UsageRepository, UsageSignalsRepository, UsageService],
})
export class UsageModule {}
