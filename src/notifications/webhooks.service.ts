import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { DEFAULT_PAGE_SIZE, Page } from '../common/pagination';
import { NotFoundError, ValidationFailedError } from '../common/problem';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { checkWebhookUrl, HostResolver } from './address-policy';
import { WEBHOOK_HOST_RESOLVER } from './notification-providers';
import type { WebhookEventType, WebhookFormat } from './notification-events';
import { WebhookChanges, WebhookRecord, WebhookRepository } from './webhook.repository';

export interface WebhookInput {
  name: string;
  url: string;
  format?: WebhookFormat;
  eventTypes: WebhookEventType[];
  secret?: string;
  enabled?: boolean;
}

/** Webhook subscriptions: the URL passes the SSRF guard before it is stored. */
@Injectable()
export class WebhooksService {
  constructor(
    private readonly webhooks: WebhookRepository,
    @Inject(WEBHOOK_HOST_RESOLVER) private readonly resolver: HostResolver,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private async assertAllowedUrl(url: string): Promise<void> {
    const verdict = await checkWebhookUrl(url, { allowPrivate: this.config.notifications.webhookAllowPrivate }, this.resolver);
    if (!verdict.allowed) throw new ValidationFailedError([{ path: 'url', message: `url ${verdict.reason}` }]);
  }

  /** Creates a subscription; a `json` one without a secret gets a generated one (answered once). */
  async create(input: WebhookInput): Promise<WebhookRecord> {
    await this.assertAllowedUrl(input.url);
    const format = input.format ?? 'json';
    const secret = input.secret ?? (format === 'json' ? `whsec_${randomBytes(24).toString('base64url')}` : null);
    return this.webhooks.insert({ name: input.name, url: input.url, format, eventTypes: [...new Set(input.eventTypes)], secret, enabled: input.enabled ?? true });
  }

  list(limit: number | undefined, cursor: string | undefined): Promise<Page<WebhookRecord>> {
    return this.webhooks.list(limit ?? DEFAULT_PAGE_SIZE, cursor);
  }

  async get(id: string): Promise<WebhookRecord> {
    const webhook = await this.webhooks.findLive(id);
    if (!webhook) throw new NotFoundError('Webhook', id);
    return webhook;
  }

  async update(id: string, changes: WebhookChanges): Promise<WebhookRecord> {
    if (changes.url !== undefined) await this.assertAllowedUrl(changes.url);
    const updated = await this.webhooks.update(id, { ...changes, eventTypes: changes.eventTypes ? [...new Set(changes.eventTypes)] : undefined });
    if (!updated) throw new NotFoundError('Webhook', id);
    return updated;
  }

  async delete(id: string): Promise<void> {
    if (!(await this.webhooks.softDelete(id, this.clock.now()))) throw new NotFoundError('Webhook', id);
  }
}
