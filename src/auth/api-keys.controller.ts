import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Audited } from '../audit/audited.decorator';
import { ApiEndpoint } from '../common/http/api-endpoint.decorator';
import { ApiKeyService } from './api-key.service';
import { ApiKeyPageDto, ApiKeyResponseDto, CreateApiKeyDto, CreatedApiKeyResponseDto, ListApiKeysQueryDto } from './dto/api-key.dto';
import { CurrentPrincipal, Principal } from './principal';

@ApiTags('api-keys')
@Controller('api/v1/api-keys')
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeyService) {}

  @Post()
  @ApiEndpoint({ summary: 'Create an API key (the secret is answered once)', roles: ['admin'], status: 201, response: CreatedApiKeyResponseDto, errors: [400, 413, 415] })
  @Audited({ action: 'api-key.create', entity: 'api_key' })
  async create(@Body() body: CreateApiKeyDto, @CurrentPrincipal() principal: Principal): Promise<CreatedApiKeyResponseDto> {
    const { key, record } = await this.apiKeys.create(body, principal);
    return { ...ApiKeyResponseDto.from(record), key };
  }

  @Get()
  @ApiEndpoint({ summary: 'List API keys (never their secrets)', roles: ['admin'], status: 200, response: ApiKeyPageDto, errors: [400] })
  async list(@Query() query: ListApiKeysQueryDto): Promise<ApiKeyPageDto> {
    const page = await this.apiKeys.list(query);
    return { items: page.items.map(ApiKeyResponseDto.from), nextCursor: page.nextCursor };
  }

  @Post(':id/revoke')
  @ApiEndpoint({ summary: 'Revoke an API key (idempotent)', roles: ['admin'], status: 200, response: ApiKeyResponseDto, errors: [400, 404] })
  @Audited({ action: 'api-key.revoke', entity: 'api_key' })
  async revoke(@Param('id', new ParseUUIDPipe({ version: '4' })) id: string): Promise<ApiKeyResponseDto> {
    return ApiKeyResponseDto.from(await this.apiKeys.revoke(id));
  }
}
