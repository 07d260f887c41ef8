import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { AdoptionModule } from '../adoption/adoption.module';
import { CatalogModule } from '../catalog/catalog.module';
import { EngagementModule } from '../engagement/engagement.module';
import { JobsModule } from '../jobs/jobs.module';
import { SupportModule } from '../support/support.module';
import { UsageModule } from '../usage/usage.module';
import { AlertService } from './alerts/alert.service';
import { AlertsModule } from './alerts/alerts.module';
import { HealthModelRepository } from './models/health-model.repository';
import { HealthModelService } from './models/health-model.service';
import { HealthModelsController } from './models/health-models.controller';
import { HealthOverrideRepository } from './overrides/health-override.repository';
import { HEALTH_RUN_COMPLETION_HOOK } from './runs/health-run-hooks';
import { HealthRunRepository } from './runs/health-run.repository';
import { HealthRunService } from './runs/health-run.service';
import { HealthRunsController } from './runs/health-runs.controller';
import { HealthScoresJob } from './runs/health-scores.job';
import { HealthSignalsService } from './runs/health-signals.service';
import { AccountHealthController } from './snapshots/account-health.controller';
import { AccountHealthService } from './snapshots/account-health.service';
import { HealthSnapshotRepository } from './snapshots/health-snapshot.repository';

/** Health models, scoring runs, snapshots (daily record and current), overrides and health reads. */
@Module({
  imports: [JobsModule, AccountsModule, CatalogModule, UsageModule, AdoptionModule, SupportModule, EngagementModule, AlertsModule],
  controllers: [HealthModelsController, HealthRunsController, AccountHealthController],
  providers: [
    HealthModelRepository,
    HealthModelService,
    HealthRunRepository,
    HealthRunService,
    HealthSignalsService,
    HealthScoresJob,
    HealthSnapshotRepository,
    HealthOverrideRepository,
    AccountHealthService,
    // Alerts are judged in the transaction that makes a run visible.
    { provide: HEALTH_RUN_COMPLETION_HOOK, useExisting: AlertService },
  ],
  exports: [HealthRunService, HealthSnapshotRepository, HealthModelRepository, AccountHealthService, HealthModelService, HealthSignalsService],
})
export class HealthModule {}
