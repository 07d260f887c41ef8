import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { AdoptionController } from './adoption.controller';
import { AdoptionRepository } from './adoption.repository';
import { AdoptionService } from './adoption.service';

/** Daily feature adoption per account: ingest and the as-of read. */
@Module({
  imports: [AccountsModule],
  controllers: [AdoptionController],
  providers: [AdoptionRepository, AdoptionService],
  exports: [AdoptionRepository, AdoptionService],
})
export class AdoptionModule {}
