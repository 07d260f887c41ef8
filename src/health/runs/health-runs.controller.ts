import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Audited } from '../../audit/audited.decorator';
import { ApiEndpoint } from '../../common/http/api-endpoint.decorator';
import { decodeCursor, DEFAULT_PAGE_SIZE, toPage } from '../../common/pagination';
import { BadRequestError, NotFoundError } from '../../common/problem';
import { HealthRunDto, HealthRunPageDto, HealthRunsQueryDto, StartHealthRunDto } from '../dto/health.dto';
import { HealthRunRepository } from './health-run.repository';
import { HealthRunService } from './health-run.service';

const uuid = new ParseUUIDPipe({ version: '4' });

@ApiTags('health-runs')
@Controller('api/v1/health-runs')
export class HealthRunsController {
  constructor(
    private readonly healthRuns: HealthRunService,
    private readonly runs: HealthRunRepository,
  ) {}

  @Post()
  @ApiEndpoint({
    summary: 'Score every account as of a day (today or any past day), in the background',
    description:
      'Scores from the signals and account history known on that day with the models active now. When it completes, that day\'s record is replaced; the current health moves only forward (a past day never replaces a later one). The scheduled run is POST /api/v1/jobs/health-scores/run.',
    roles: ['admin'],
    status: 202,
    response: HealthRunDto,
    errors: [400, 413, 415],
  })
  @Audited({ action: 'health-run.start', entity: 'health_run' })
  async start(@Body() body: StartHealthRunDto): Promise<HealthRunDto> {
    return HealthRunDto.from(await this.healthRuns.startOnDemand(body.asOf));
  }

  @Get()
  @ApiEndpoint({ summary: 'Health runs, newest first', roles: ['admin', 'manager'], status: 200, response: HealthRunPageDto, errors: [400] })
  async list(@Query() query: HealthRunsQueryDto): Promise<HealthRunPageDto> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = decodeCursor(query.cursor);
    if (after && Number.isNaN(Date.parse(String(after.sortValue)))) throw new BadRequestError('cursor is not a cursor this API issued.');
    const rows = await this.runs.list({ status: query.status, kind: query.kind, after, limit });
    return toPage(rows, limit, HealthRunDto.from, (row) => ({ sortValue: row.startedAt.toISOString(), id: row.id }));
  }

  @Get(':id')
  @ApiEndpoint({ summary: 'One health run', roles: ['admin', 'manager'], status: 200, response: HealthRunDto, errors: [400, 404] })
  async get(@Param('id', uuid) id: string): Promise<HealthRunDto> {
    const run = await this.runs.findById(id);
    if (!run) throw new NotFoundError('Health run', id);
    return HealthRunDto.from(run);
  }
}
