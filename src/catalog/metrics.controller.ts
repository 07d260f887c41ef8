import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiParam, ApiTags } from '@nestjs/swagger';
import { Audited } from '../audit/audited.decorator';
import { ApiEndpoint } from '../common/http/api-endpoint.decorator';
import { CATALOG_READERS, CATALOG_WRITERS } from './catalog-roles';
import { CreateMetricDto, ListMetricsQueryDto, MetricPageDto, MetricResponseDto, UpdateMetricDto } from './dto/metric.dto';
import { MetricService } from './metric.service';

const KEY_OR_ID = { name: 'keyOrId', description: 'The metric\'s key or id' };

@ApiTags('catalog')
@Controller('api/v1/metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricService) {}

  @Get()
  @ApiEndpoint({ summary: 'List metrics, by key', roles: CATALOG_READERS, status: 200, response: MetricPageDto, errors: [400] })
  async list(@Query() query: ListMetricsQueryDto): Promise<MetricPageDto> {
    const page = await this.metrics.list(query);
    return { items: page.items.map(MetricResponseDto.from), nextCursor: page.nextCursor };
  }

  @Get(':keyOrId')
  @ApiParam(KEY_OR_ID)
  @ApiEndpoint({ summary: 'Get a metric definition by key or id', roles: CATALOG_READERS, status: 200, response: MetricResponseDto, errors: [404] })
  async get(@Param('keyOrId') keyOrId: string): Promise<MetricResponseDto> {
    return MetricResponseDto.from(await this.metrics.get(keyOrId));
  }

  @Post()
  @ApiEndpoint({ summary: 'Create a metric definition', roles: CATALOG_WRITERS, status: 201, response: MetricResponseDto, errors: [400, 409, 413, 415] })
  @Audited({ action: 'metric.create', entity: 'metric' })
  async create(@Body() body: CreateMetricDto): Promise<MetricResponseDto> {
    return MetricResponseDto.from(await this.metrics.create(body));
  }

  @Patch(':keyOrId')
  @ApiParam(KEY_OR_ID)
  @ApiEndpoint({ summary: 'Update a metric definition (its key stays)', roles: CATALOG_WRITERS, status: 200, response: MetricResponseDto, errors: [400, 404, 413, 415] })
  @Audited({ action: 'metric.update', entity: 'metric' })
  async update(@Param('keyOrId') keyOrId: string, @Body() body: UpdateMetricDto): Promise<MetricResponseDto> {
    return MetricResponseDto.from(await this.metrics.update(keyOrId, body));
  }
}
