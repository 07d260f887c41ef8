import { Module } from '@nestjs/common';
import { AccountsModule } from '../../accounts/accounts.module';
import { CatalogModule } from '../../catalog/catalog.module';
import { HealthModule } from '../health.module';
import { BacktestController } from './backtest.controller';
import { BacktestRepository } from './backtest.repository';
import { BacktestService } from './backtest.service';

/** Backtests of health model versions against outcomes, and fitted weights proposed as drafts. */
@Module({
  imports: [HealthModule, AccountsModule, CatalogModule],
  controllers: [BacktestController],
  providers: [BacktestRepository, BacktestService],
  exports: [BacktestService],
})
export class BacktestModule {}
