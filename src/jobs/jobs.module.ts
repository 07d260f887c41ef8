import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { HousekeepingJob } from './housekeeping.job';
import { JobRunRepository } from './job-run.repository';
import { JobRunner } from './job-runner.service';
import { JobScheduler } from './job-scheduler.service';
import { JobsController } from './jobs.controller';

/** ScheduleModule.forRoot() is imported once, in AppModule: importing it twice fires every tick twice. */
@Module({
  imports: [AuthModule],
  controllers: [JobsController],
  providers: [JobRunRepository, JobRunner, JobScheduler, HousekeepingJob],
  exports: [JobRunner, JobRunRepository],
})
export class JobsModule {}
