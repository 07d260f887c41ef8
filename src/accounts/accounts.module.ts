import { Module } from '@nestjs/common';
import { AccountChangeHooks } from './account-change-hooks';
import { AccountRepository } from './account.repository';
import { AccountReferenceRepository } from './account-reference.repository';
import { AccountService } from './account.service';
import { AccountValidationService } from './account-validation.service';
import { AccountsController } from './accounts.controller';
import { FxRateRepository } from './fx-rate.repository';
import { FxRateService } from './fx-rate.service';
import { FxRatesController } from './fx-rates.controller';
import { ManagerRepository } from './manager.repository';
import { ManagerService } from './manager.service';
import { ManagersController } from './managers.controller';
import { SegmentRepository } from './segment.repository';
import { SegmentService } from './segment.service';
import { SegmentsController } from './segments.controller';

/** Accounts with history and hierarchy, managers and teams, assignments, segments and currencies. */
@Module({
  controllers: [SegmentsController, FxRatesController, ManagersController, AccountsController],
  providers: [
    SegmentRepository,
    SegmentService,
    FxRateRepository,
    FxRateService,
    ManagerRepository,
    ManagerService,
    AccountRepository,
    AccountReferenceRepository,
    AccountValidationService,
    AccountService,
    AccountChangeHooks,
  ],
  exports: [AccountRepository, AccountReferenceRepository, ManagerRepository, FxRateService, AccountChangeHooks],
})
export class AccountsModule {}
