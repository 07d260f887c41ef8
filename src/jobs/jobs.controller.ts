import { Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiParam, ApiTags } from '@nestjs/swagger';
import { Audited } from '../audit/audited.decorator';
import { ApiEndpoint } from '../common/http/api-endpoint.decorator';
import { decodeCursor, DEFAULT_PAGE_SIZE, toPage } from '../common/pagination';
import { JOB_NAMES } from '../config/app-config';
import { JobRunResponseDto, JobRunPageDto, JobRunsQueryDto, JobTriggeredDto } from './dto/job-run.dto';
import { JobRunRepository } from './job-run.repository';
import { JobRunner } from './job-runner.service';

@ApiTags('jobs')
@Controller('api/v1/jobs')
export class JobsController {
  constructor(
    private readonly runner: JobRunner,
    private readonly runs: JobRunRepository,
  ) {}

  @Post(':name/run')
  @ApiParam({ name: 'name', enum: JOB_NAMES })
  @ApiEndpoint({
    summary: 'Run a job now',
    description: 'Answers 202 with the new run, or with the run already running (started: false) instead of starting another.',
    roles: ['admin'],
    status: 202,
    response: JobTriggeredDto,
    errors: [404],
  })
  @Audited({ action: 'job.trigger', entity: 'job_run' })
  async run(@Param('name') name: string): Promise<JobTriggeredDto> {
    const result = await this.runner.trigger(name);
    return { id: result.runId, job: name, started: result.started };
  }

  @Get('runs')
  @ApiEndpoint({ summary: 'Job runs, newest first', roles: ['admin', 'manager'], status: 200, response: JobRunPageDto, errors: [400] })
  async list(@Query() query: JobRunsQueryDto): Promise<JobRunPageDto> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const rows = await this.runs.list({ job: query.job, status: query.status, after: decodeCursor(query.cursor), limit });
    return toPage(rows, limit, JobRunResponseDto.from, (row) => ({ sortValue: row.startedAt.toISOString(), id: row.id }));
  }
}
