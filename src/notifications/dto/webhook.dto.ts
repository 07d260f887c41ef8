import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { PageQueryDto } from '../../common/pagination';
import { IsStorableText } from '../../engagement/dto/engagement-validators';
import { WEBHOOK_EVENT_TYPES, WEBHOOK_FORMATS, WebhookEventType, WebhookFormat } from '../notification-events';
import type { DeliveryAttemptRecord, DeliveryRecord } from '../notification.repository';
import { DELIVERY_CHANNELS, DELIVERY_STATUSES, DeliveryChannel, DeliveryStatus } from '../webhook-delivery.entity';
import type { WebhookRecord } from '../webhook.repository';

const SECRET_DESCRIPTION = 'HMAC key (16–200 printable characters). json: signs every delivery (generated when omitted, answered once). feishu: the bot\'s signing secret, if it has one. slack: not used.';

export class CreateWebhookDto {
  @ApiProperty({ maxLength: 200, example: 'CS team Slack' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @IsStorableText()
  name: string;

  @ApiProperty({ maxLength: 2000, example: 'https://hooks.example.com/account-health', description: 'http(s); loopback, private, link-local and metadata addresses are refused unless WEBHOOK_ALLOW_PRIVATE=true' })
  @IsString()
  @MaxLength(2000)
  @IsStorableText()
  url: string;

  @ApiPropertyOptional({ enum: WEBHOOK_FORMATS, default: 'json' })
  @IsOptional()
  @IsIn(WEBHOOK_FORMATS)
  format?: WebhookFormat;

  @ApiProperty({ enum: WEBHOOK_EVENT_TYPES, isArray: true, description: 'Event types to deliver; payload schemas are the Webhook*Payload schemas of this document' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(WEBHOOK_EVENT_TYPES.length)
  @IsIn(WEBHOOK_EVENT_TYPES, { each: true })
  eventTypes: WebhookEventType[];

  @ApiPropertyOptional({ minLength: 16, maxLength: 200, description: SECRET_DESCRIPTION })
  @IsOptional()
  @IsString()
  @Matches(/^[\x21-\x7e]{16,200}$/, { message: 'secret must be 16 to 200 printable ASCII characters without spaces' })
  secret?: string;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

export class UpdateWebhookDto {
  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @IsStorableText()
  name?: string;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  @IsStorableText()
  url?: string;

  @ApiPropertyOptional({ enum: WEBHOOK_FORMATS })
  @IsOptional()
  @IsIn(WEBHOOK_FORMATS)
  format?: WebhookFormat;

  @ApiPropertyOptional({ enum: WEBHOOK_EVENT_TYPES, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(WEBHOOK_EVENT_TYPES.length)
  @IsIn(WEBHOOK_EVENT_TYPES, { each: true })
  eventTypes?: WebhookEventType[];

  @ApiPropertyOptional({ minLength: 16, maxLength: 200, description: `Rotates the secret. ${SECRET_DESCRIPTION}` })
  @IsOptional()
  @IsString()
  @Matches(/^[\x21-\x7e]{16,200}$/, { message: 'secret must be 16 to 200 printable ASCII characters without spaces' })
  secret?: string;

  @ApiPropertyOptional({ description: 'false stops the subscription: pending deliveries are cancelled and no new ones are made' })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

export class ListWebhooksQueryDto extends PageQueryDto {}
export class ListDeliveriesQueryDto extends PageQueryDto {}

export class WebhookResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() url: string;
  @ApiProperty({ enum: WEBHOOK_FORMATS }) format: WebhookFormat;
  @ApiProperty({ enum: WEBHOOK_EVENT_TYPES, isArray: true }) eventTypes: WebhookEventType[];
  @ApiProperty() enabled: boolean;
  @ApiProperty({ description: 'Whether deliveries are signed (json) or carry a Feishu sign' }) hasSecret: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;

  static from(record: WebhookRecord): WebhookResponseDto {
    return {
      id: record.id,
      name: record.name,
      url: record.url,
      format: record.format,
      eventTypes: record.eventTypes,
      enabled: record.enabled,
      hasSecret: record.secret !== null,
      createdAt: new Date(record.createdAt).toISOString(),
      updatedAt: new Date(record.updatedAt).toISOString(),
    };
  }
}

export class CreatedWebhookResponseDto extends WebhookResponseDto {
  @ApiProperty({ nullable: true, type: String, description: 'The signing secret; answered only here, keep it' })
  secret: string | null;

  static fromCreated(record: WebhookRecord): CreatedWebhookResponseDto {
    return { ...WebhookResponseDto.from(record), secret: record.secret };
  }
}

export class WebhookPageDto {
  @ApiProperty({ type: [WebhookResponseDto] }) items: WebhookResponseDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class DeliveryAttemptDto {
  @ApiProperty() attempt: number;
  @ApiProperty({ format: 'date-time' }) startedAt: string;
  @ApiProperty() latencyMs: number;
  @ApiProperty({ nullable: true, type: Number, description: "The receiver's HTTP status; null when no answer came (refused, timeout, connection error) or for email" }) statusCode: number | null;
  @ApiProperty({ enum: ['succeeded', 'failed'] }) outcome: 'succeeded' | 'failed';
  @ApiProperty({ nullable: true, type: String }) error: string | null;

  static from(record: DeliveryAttemptRecord): DeliveryAttemptDto {
    return { ...record, startedAt: new Date(record.startedAt).toISOString() };
  }
}

export class DeliveryResponseDto {
  @ApiProperty({ format: 'uuid', description: 'Also sent as X-AccountHealth-Delivery and Idempotency-Key: the same on every retry' }) id: string;
  @ApiProperty({ format: 'uuid' }) notificationId: string;
  @ApiProperty({ description: 'digest.daily, review.reminder, alert.opened, sla.warning, …, or webhook.ping' }) eventType: string;
  @ApiProperty({ enum: DELIVERY_CHANNELS }) channel: DeliveryChannel;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) webhookId: string | null;
  @ApiProperty({ enum: DELIVERY_STATUSES }) status: DeliveryStatus;
  @ApiProperty() attempts: number;
  @ApiProperty() maxAttempts: number;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'When the next attempt is due (pending only)' }) nextAttemptAt: string | null;
  @ApiProperty({ nullable: true, type: Number }) lastStatusCode: number | null;
  @ApiProperty({ nullable: true, type: String }) lastError: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) deliveredAt: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: [DeliveryAttemptDto], description: 'Every attempt, oldest first' }) attemptLog: DeliveryAttemptDto[];

  static from(record: DeliveryRecord): DeliveryResponseDto {
    const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());
    return {
      id: record.id,
      notificationId: record.notificationId,
      eventType: record.eventType,
      channel: record.channel,
      webhookId: record.webhookId,
      status: record.status,
      attempts: record.attempts,
      maxAttempts: record.maxAttempts,
      nextAttemptAt: iso(record.nextAttemptAt),
      lastStatusCode: record.lastStatusCode,
      lastError: record.lastError,
      deliveredAt: iso(record.deliveredAt),
      createdAt: iso(record.createdAt)!,
      attemptLog: record.attemptLog.map(DeliveryAttemptDto.from),
    };
  }
}

export class DeliveryPageDto {
  @ApiProperty({ type: [DeliveryResponseDto] }) items: DeliveryResponseDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}
