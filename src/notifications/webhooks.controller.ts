import { Body, Controller, Delete, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiExtraModels, ApiTags } from '@nestjs/swagger';
import { Audited } from '../audit/audited.decorator';
import type { ApiKeyRole } from '../auth/api-key.entity';
import { ApiEndpoint } from '../common/http/api-endpoint.decorator';
import { DeliveryService } from './delivery.service';
import {
  CreatedWebhookResponseDto,
  CreateWebhookDto,
  DeliveryPageDto,
  DeliveryResponseDto,
  ListDeliveriesQueryDto,
  ListWebhooksQueryDto,
  UpdateWebhookDto,
  WebhookPageDto,
  WebhookResponseDto,
} from './dto/webhook.dto';
import { WEBHOOK_PAYLOAD_MODELS, WebhookEnvelopeDto } from './dto/webhook-payloads.dto';
import { WebhooksService } from './webhooks.service';

const uuid = new ParseUUIDPipe({ version: '4' });
const ADMIN: readonly ApiKeyRole[] = ['admin'];
const PAYLOADS_NOTE =
  'A `json` delivery posts a WebhookEnvelopeDto (schemas per event type in this document) signed with HMAC-SHA256 over `<X-AccountHealth-Timestamp>.<body>` in `X-AccountHealth-Signature: v1=<hex>`; `slack` and `feishu` post those services\' incoming-webhook messages.';

@ApiTags('webhooks')
@ApiExtraModels(WebhookEnvelopeDto, ...WEBHOOK_PAYLOAD_MODELS)
@Controller('api/v1/webhooks')
export class WebhooksController {
  constructor(
    private readonly webhooks: WebhooksService,
    private readonly deliveries: DeliveryService,
  ) {}

  @Get()
  @ApiEndpoint({ summary: 'Webhook subscriptions', roles: ADMIN, status: 200, response: WebhookPageDto, errors: [400] })
  async list(@Query() query: ListWebhooksQueryDto): Promise<WebhookPageDto> {
    const page = await this.webhooks.list(query.limit, query.cursor);
    return { items: page.items.map(WebhookResponseDto.from), nextCursor: page.nextCursor };
  }

  @Post()
  @ApiEndpoint({
    summary: 'Subscribe a URL to event types',
    description: `The URL must be http(s) and, unless WEBHOOK_ALLOW_PRIVATE=true, resolve only to public addresses. ${PAYLOADS_NOTE}`,
    roles: ADMIN,
    status: 201,
    response: CreatedWebhookResponseDto,
    errors: [400],
  })
  @Audited({ action: 'webhook.create', entity: 'webhook' })
  async create(@Body() body: CreateWebhookDto): Promise<CreatedWebhookResponseDto> {
    return CreatedWebhookResponseDto.fromCreated(await this.webhooks.create(body));
  }

  @Get(':id')
  @ApiEndpoint({ summary: 'One webhook subscription', roles: ADMIN, status: 200, response: WebhookResponseDto, errors: [400, 404] })
  async get(@Param('id', uuid) id: string): Promise<WebhookResponseDto> {
    return WebhookResponseDto.from(await this.webhooks.get(id));
  }

  @Patch(':id')
  @ApiEndpoint({
    summary: 'Change a subscription',
    description: 'Disabling cancels its pending deliveries; a new URL passes the SSRF check again.',
    roles: ADMIN,
    status: 200,
    response: WebhookResponseDto,
    errors: [400, 404],
  })
  @Audited({ action: 'webhook.update', entity: 'webhook' })
  async update(@Param('id', uuid) id: string, @Body() body: UpdateWebhookDto): Promise<WebhookResponseDto> {
    return WebhookResponseDto.from(await this.webhooks.update(id, body));
  }

  @Delete(':id')
  @ApiEndpoint({ summary: 'Delete a subscription', description: 'Pending deliveries are cancelled; nothing more is sent to it.', roles: ADMIN, status: 204, errors: [400, 404] })
  @Audited({ action: 'webhook.delete', entity: 'webhook' })
  async delete(@Param('id', uuid) id: string): Promise<void> {
    await this.webhooks.delete(id);
  }

  @Post(':id/ping')
  @ApiEndpoint({
    summary: 'Send a test message now',
    description: 'One attempt, no retry; answers the delivery with the attempt (status code, latency, error).',
    roles: ADMIN,
    status: 200,
    response: DeliveryResponseDto,
    errors: [400, 404, 409],
  })
  @Audited({ action: 'webhook.ping', entity: 'webhook' })
  async ping(@Param('id', uuid) id: string): Promise<DeliveryResponseDto> {
    return DeliveryResponseDto.from(await this.deliveries.ping(id));
  }

  @Get(':id/deliveries')
  @ApiEndpoint({ summary: "A subscription's deliveries, newest first, each with its attempt log", roles: ADMIN, status: 200, response: DeliveryPageDto, errors: [400, 404] })
  async deliveriesOf(@Param('id', uuid) id: string, @Query() query: ListDeliveriesQueryDto): Promise<DeliveryPageDto> {
    const page = await this.deliveries.listForWebhook(id, query.limit, query.cursor);
    return { items: page.items.map(DeliveryResponseDto.from), nextCursor: page.nextCursor };
  }
}

@ApiTags('webhooks')
@Controller('api/v1/deliveries')
export class DeliveriesController {
  constructor(private readonly deliveries: DeliveryService) {}

  @Get(':id')
  @ApiEndpoint({ summary: 'One delivery with its attempt log', roles: ADMIN, status: 200, response: DeliveryResponseDto, errors: [400, 404] })
  async get(@Param('id', uuid) id: string): Promise<DeliveryResponseDto> {
    return DeliveryResponseDto.from(await this.deliveries.get(id));
  }

  @Post(':id/redeliver')
  @ApiEndpoint({
    summary: 'Send a delivery again',
    description:
      'Queues it for the next notification-delivery run with a fresh allowance of attempts, keeping its id (receivers that already have it may ignore it). 409 while it is being sent or when its subscription is disabled or deleted.',
    roles: ADMIN,
    status: 202,
    response: DeliveryResponseDto,
    errors: [400, 404, 409],
  })
  @Audited({ action: 'delivery.redeliver', entity: 'webhook_delivery' })
  async redeliver(@Param('id', uuid) id: string): Promise<DeliveryResponseDto> {
    return DeliveryResponseDto.from(await this.deliveries.redeliver(id));
  }
}
