import { Body, Controller, Get, Param, Post, Put, Query } from '@nestjs/common';
import { ApiParam, ApiTags } from '@nestjs/swagger';
import { Audited } from '../../audit/audited.decorator';
import { ApiEndpoint } from '../../common/http/api-endpoint.decorator';
import {
  CreateHealthModelDto,
  HealthModelDto,
  HealthModelListDto,
  HealthModelVersionDto,
  ListHealthModelsQueryDto,
  PreviewHealthModelDto,
  PreviewResponseDto,
  UpdateHealthModelDraftDto,
} from '../dto/health-model.dto';
import { HealthSnapshotDto } from '../dto/health.dto';
import { HealthModelService } from './health-model.service';
import { MODEL_KEY_PARAM as KEY_PARAM, MODEL_ROLES as ROLES, MODEL_VERSION_PARAM as VERSION_PARAM, modelKey, versionParam as version } from './model-route-params';


@ApiTags('health-models')
@Controller('api/v1/health-models')
export class HealthModelsController {
  constructor(private readonly models: HealthModelService) {}

  @Get()
  @ApiEndpoint({ summary: 'Every version of every health model, by key and version', roles: ROLES, status: 200, response: HealthModelListDto, errors: [400] })
  async list(@Query() query: ListHealthModelsQueryDto): Promise<HealthModelListDto> {
    return { items: (await this.models.list(query)).map(HealthModelVersionDto.from), nextCursor: null };
  }

  @Post()
  @ApiEndpoint({
    summary: 'Create a draft version of a model',
    description: 'A new key starts at version 1; an existing key gets its next version. The definition is validated (400 lists each problem with its path); omitted parameters take their defaults.',
    roles: ROLES,
    status: 201,
    response: HealthModelVersionDto,
    errors: [400, 413, 415],
  })
  @Audited({ action: 'health-model.create', entity: 'health_model' })
  async create(@Body() body: CreateHealthModelDto): Promise<HealthModelVersionDto> {
    return HealthModelVersionDto.from(await this.models.create(body));
  }

  @Get(':id')
  @ApiParam(KEY_PARAM)
  @ApiEndpoint({ summary: 'A model with all its versions', roles: ROLES, status: 200, response: HealthModelDto, errors: [404] })
  async get(@Param('id') id: string): Promise<HealthModelDto> {
    const versions = await this.models.get(modelKey(id));
    return {
      key: id,
      activeVersion: versions.find((model) => model.status === 'active')?.version ?? null,
      shadowVersions: versions.filter((model) => model.status === 'shadow').map((model) => model.version),
      versions: versions.map(HealthModelVersionDto.from),
    };
  }

  @Get(':id/versions/:version')
  @ApiParam(KEY_PARAM)
  @ApiParam(VERSION_PARAM)
  @ApiEndpoint({ summary: 'One version of a model', roles: ROLES, status: 200, response: HealthModelVersionDto, errors: [404] })
  async getVersion(@Param('id') id: string, @Param('version', version) versionNumber: number): Promise<HealthModelVersionDto> {
    return HealthModelVersionDto.from(await this.models.getVersion(modelKey(id), versionNumber));
  }

  @Put(':id/versions/:version')
  @ApiParam(KEY_PARAM)
  @ApiParam(VERSION_PARAM)
  @ApiEndpoint({
    summary: 'Edit a draft version',
    description: 'Only drafts change: a version that was ever active or shadow answers 409 (create a new version instead).',
    roles: ROLES,
    status: 200,
    response: HealthModelVersionDto,
    errors: [400, 404, 409, 413, 415],
  })
  @Audited({ action: 'health-model.update', entity: 'health_model' })
  async update(@Param('id') id: string, @Param('version', version) versionNumber: number, @Body() body: UpdateHealthModelDraftDto): Promise<HealthModelVersionDto> {
    return HealthModelVersionDto.from(await this.models.updateDraft(modelKey(id), versionNumber, body));
  }

  @Post(':id/versions/:version/preview')
  @ApiParam(KEY_PARAM)
  @ApiParam(VERSION_PARAM)
  @ApiEndpoint({
    summary: 'Score chosen accounts with this version now, beside their current health (nothing stored)',
    roles: ROLES,
    status: 200,
    response: PreviewResponseDto,
    errors: [400, 404, 413, 415],
  })
  async preview(@Param('id') id: string, @Param('version', version) versionNumber: number, @Body() body: PreviewHealthModelDto): Promise<PreviewResponseDto> {
    const result = await this.models.preview(modelKey(id), versionNumber, body.accountIds);
    return {
      model: HealthModelVersionDto.from(result.model),
      asOf: result.asOf,
      items: result.items.map((item) => ({
        accountId: item.accountId,
        preview: HealthSnapshotDto.of(item.preview),
        current: item.current && { score: item.current.score, band: item.current.band, modelVersion: item.current.modelVersion, computedAt: new Date(item.current.computedAt).toISOString() },
        difference: item.preview.score !== null && item.current?.score != null ? Math.round((item.preview.score - item.current.score) * 10) / 10 : null,
      })),
    };
  }

  @Post(':id/versions/:version/activate')
  @ApiParam(KEY_PARAM)
  @ApiParam(VERSION_PARAM)
  @ApiEndpoint({
    summary: 'Make this version the official model for its segments',
    description: 'The key\'s previous active version retires; the version never changes again. The next health run is a full run. 409 when another active model already scores one of its segments.',
    roles: ROLES,
    status: 200,
    response: HealthModelVersionDto,
    errors: [404, 409],
  })
  @Audited({ action: 'health-model.activate', entity: 'health_model' })
  async activate(@Param('id') id: string, @Param('version', version) versionNumber: number): Promise<HealthModelVersionDto> {
    return HealthModelVersionDto.from(await this.models.activate(modelKey(id), versionNumber));
  }

  @Post(':id/versions/:version/shadow')
  @ApiParam(KEY_PARAM)
  @ApiParam(VERSION_PARAM)
  @ApiEndpoint({
    summary: 'Run this version in shadow: scored every run and stored, not official',
    description: 'Shadow versions are immutable too. 409 for the active version.',
    roles: ROLES,
    status: 200,
    response: HealthModelVersionDto,
    errors: [404, 409],
  })
  @Audited({ action: 'health-model.shadow', entity: 'health_model' })
  async shadow(@Param('id') id: string, @Param('version', version) versionNumber: number): Promise<HealthModelVersionDto> {
    return HealthModelVersionDto.from(await this.models.shadow(modelKey(id), versionNumber));
  }

  @Post(':id/versions/:version/retire')
  @ApiParam(KEY_PARAM)
  @ApiParam(VERSION_PARAM)
  @ApiEndpoint({
    summary: 'Stop scoring a shadow version (or shelve a draft)',
    description: 'The active version retires only when another version is activated (409).',
    roles: ROLES,
    status: 200,
    response: HealthModelVersionDto,
    errors: [404, 409],
  })
  @Audited({ action: 'health-model.retire', entity: 'health_model' })
  async retire(@Param('id') id: string, @Param('version', version) versionNumber: number): Promise<HealthModelVersionDto> {
    return HealthModelVersionDto.from(await this.models.retire(modelKey(id), versionNumber));
  }
}
