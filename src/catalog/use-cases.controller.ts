import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiParam, ApiTags } from '@nestjs/swagger';
import { Audited } from '../audit/audited.decorator';
import { ApiEndpoint } from '../common/http/api-endpoint.decorator';
import { CATALOG_READERS, CATALOG_WRITERS } from './catalog-roles';
import { CreateUseCaseDto, ListUseCasesQueryDto, UseCasePageDto, UseCaseResponseDto, UpdateUseCaseDto } from './dto/use-case.dto';
import { UseCaseService } from './use-case.service';

const KEY_OR_ID = { name: 'keyOrId', description: 'The use case\'s key or id' };

@ApiTags('catalog')
@Controller('api/v1/use-cases')
export class UseCasesController {
  constructor(private readonly useCases: UseCaseService) {}

  @Get()
  @ApiEndpoint({ summary: 'List use cases, by key', roles: CATALOG_READERS, status: 200, response: UseCasePageDto, errors: [400] })
  async list(@Query() query: ListUseCasesQueryDto): Promise<UseCasePageDto> {
    const page = await this.useCases.list(query);
    return { items: page.items.map(UseCaseResponseDto.from), nextCursor: page.nextCursor };
  }

  @Get(':keyOrId')
  @ApiParam(KEY_OR_ID)
  @ApiEndpoint({ summary: 'Get a use case by key or id', roles: CATALOG_READERS, status: 200, response: UseCaseResponseDto, errors: [404] })
  async get(@Param('keyOrId') keyOrId: string): Promise<UseCaseResponseDto> {
    return UseCaseResponseDto.from(await this.useCases.get(keyOrId));
  }

  @Post()
  @ApiEndpoint({ summary: 'Create a use case', roles: CATALOG_WRITERS, status: 201, response: UseCaseResponseDto, errors: [400, 409, 413, 415] })
  @Audited({ action: 'use-case.create', entity: 'use_case' })
  async create(@Body() body: CreateUseCaseDto): Promise<UseCaseResponseDto> {
    return UseCaseResponseDto.from(await this.useCases.create(body));
  }

  @Patch(':keyOrId')
  @ApiParam(KEY_OR_ID)
  @ApiEndpoint({ summary: 'Update a use case (its key stays)', roles: CATALOG_WRITERS, status: 200, response: UseCaseResponseDto, errors: [400, 404, 413, 415] })
  @Audited({ action: 'use-case.update', entity: 'use_case' })
  async update(@Param('keyOrId') keyOrId: string, @Body() body: UpdateUseCaseDto): Promise<UseCaseResponseDto> {
    return UseCaseResponseDto.from(await this.useCases.update(keyOrId, body));
  }
}
