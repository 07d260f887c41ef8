import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { OutcomeRepository } from './outcome.repository';
import { OutcomeService } from './outcome.service';
import { OutcomesController } from './outcomes.controller';

/** Commercial outcomes (renewed, expanded, contracted, churned): ingest and scoped reads. */
@Module({
  imports: [AccountsModule],
  controllers: [OutcomesController],
  providers: [OutcomeRepository, OutcomeService],
  exports: [OutcomeRepository],
})
export class OutcomesModule {}
