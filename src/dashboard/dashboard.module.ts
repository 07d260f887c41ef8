import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { AdoptionModule } from '../adoption/adoption.module';
import { AlertsModule } from '../health/alerts/alerts.module';
import { HealthModule } from '../health/health.module';
import { ReviewsModule } from '../reviews/reviews.module';
import { SupportModule } from '../support/support.module';
import { UsageModule } from '../usage/usage.module';
import { DashboardController } from './dashboard.controller';
import { DashboardService } from './dashboard.service';

/** `GET accounts/:id/dashboard`: one read composed from the other modules' exported services. */
@Module({
  imports: [AccountsModule, HealthModule, AdoptionModule, UsageModule, SupportModule, AlertsModule, ReviewsModule],
  controllers: [DashboardController],
  providers: [DashboardService],
})
export class DashboardModule {}
