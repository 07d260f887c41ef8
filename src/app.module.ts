import { DynamicModule, Global, Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import type { IncomingMessage } from 'node:http';
import { AccountsModule } from './accounts/accounts.module';
import { AdoptionModule } from './adoption/adoption.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { CatalogModule } from './catalog/catalog.module';
import { Clock } from './common/clock';
import { APP_CONFIG, AppConfig } from './config/app-config';
import { databaseOptions } from './database/database-options';
import { DashboardModule } from './dashboard/dashboard.module';
import { EngagementModule } from './engagement/engagement.module';
import { ExportsModule } from './exports/exports.module';
import { AlertsModule } from './health/alerts/alerts.module';
import { BacktestModule } from './health/backtest/backtest.module';
import { HealthModule } from './health/health.module';
import { JobsModule } from './jobs/jobs.module';
import { MetricsRegistry } from './operations/metrics-registry';
import { OperationsModule } from './operations/operations.module';
import { OutcomesModule } from './outcomes/outcomes.module';
import { RecommendationsModule } from './recommendations/recommendations.module';
import { NotificationsModule } from './notifications/notifications.module';
import { ReviewsModule } from './reviews/reviews.module';
import { SupportModule } from './support/support.module';
import { UsageModule } from './usage/usage.module';

export interface AppModuleOptions {
  config: AppConfig;
  databaseUrl: string;
  clock: Clock;
  metrics: MetricsRegistry;
}

/** Process-wide values every module may inject: configuration, clock and metrics. */
@Global()
@Module({})
class CoreModule {
  static forRoot(options: AppModuleOptions): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: APP_CONFIG, useValue: options.config },
        { provide: Clock, useValue: options.clock },
        { provide: MetricsRegistry, useValue: options.metrics },
      ],
      exports: [APP_CONFIG, Clock, MetricsRegistry],
    };
  }
}

@Module({})
export class AppModule {
  static forRoot(options: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(options),
        LoggerModule.forRoot({
          pinoHttp: {
            level: options.config.logLevel,
            genReqId: (request: IncomingMessage) => (request as IncomingMessage & { id?: string }).id ?? '',
            redact: { paths: ['req.headers.authorization', 'req.headers.cookie'], censor: '[redacted]' },
            customLogLevel: (_request, response, error) => (error || response.statusCode >= 500 ? 'error' : response.statusCode >= 400 ? 'warn' : 'info'),
            serializers: {
              req: (request: { id: string; method: string; url: string }) => ({ id: request.id, method: request.method, url: request.url }),
              res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
            },
          },
        }),
        TypeOrmModule.forRoot(databaseOptions(options.databaseUrl, options.config.databasePoolSize)),
        ScheduleModule.forRoot(),
        AuthModule,
        AuditModule,
        OperationsModule,
        JobsModule,
        CatalogModule,
        AccountsModule,
        UsageModule,
        SupportModule,
        AdoptionModule,
        EngagementModule,
        OutcomesModule,
        HealthModule,
        BacktestModule,
        AlertsModule,
        DashboardModule,
        RecommendationsModule,
        ReviewsModule,
        NotificationsModule,
        ExportsModule,
      ],
    };
  }
}
