import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiParam, ApiTags } from '@nestjs/swagger';
import { Audited } from '../audit/audited.decorator';
import { ApiEndpoint } from '../common/http/api-endpoint.decorator';
import { CATALOG_READERS, CATALOG_WRITERS } from './catalog-roles';
import { CreateFeatureDto, ListFeaturesQueryDto, FeaturePageDto, FeatureResponseDto, UpdateFeatureDto } from './dto/feature.dto';
import { FeatureService } from './feature.service';

const KEY_OR_ID = { name: 'keyOrId', description: 'The feature\'s key or id' };

@ApiTags('catalog')
@Controller('api/v1/features')
export class FeaturesController {
  constructor(private readonly features: FeatureService) {}

  @Get()
  @ApiEndpoint({ summary: 'List features, by key', roles: CATALOG_READERS, status: 200, response: FeaturePageDto, errors: [400] })
  async list(@Query() query: ListFeaturesQueryDto): Promise<FeaturePageDto> {
    const page = await this.features.list(query);
    return { items: page.items.map(FeatureResponseDto.from), nextCursor: page.nextCursor };
  }

  @Get(':keyOrId')
  @ApiParam(KEY_OR_ID)
  @ApiEndpoint({ summary: 'Get a feature by key or id', roles: CATALOG_READERS, status: 200, response: FeatureResponseDto, errors: [404] })
  async get(@Param('keyOrId') keyOrId: string): Promise<FeatureResponseDto> {
    return FeatureResponseDto.from(await this.features.get(keyOrId));
  }

  @Post()
  @ApiEndpoint({ summary: 'Create a feature', roles: CATALOG_WRITERS, status: 201, response: FeatureResponseDto, errors: [400, 409, 413, 415] })
  @Audited({ action: 'feature.create', entity: 'feature' })
  async create(@Body() body: CreateFeatureDto): Promise<FeatureResponseDto> {
    return FeatureResponseDto.from(await this.features.create(body));
  }

  @Patch(':keyOrId')
  @ApiParam(KEY_OR_ID)
  @ApiEndpoint({ summary: 'Update a feature (its key stays)', roles: CATALOG_WRITERS, status: 200, response: FeatureResponseDto, errors: [400, 404, 413, 415] })
  @Audited({ action: 'feature.update', entity: 'feature' })
  async update(@Param('keyOrId') keyOrId: string, @Body() body: UpdateFeatureDto): Promise<FeatureResponseDto> {
    return FeatureResponseDto.from(await this.features.update(keyOrId, body));
  }
}
