import { lookup } from 'node:dns/promises';
import type { Provider } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import type { HostResolver } from './address-policy';
import { EmailSender } from './email-sender';
import { WebhookHttpSender } from './webhook-http-sender';

/** Injection token of the host resolver the SSRF guard uses (system DNS unless replaced). */
export const WEBHOOK_HOST_RESOLVER = Symbol('WEBHOOK_HOST_RESOLVER');
/** Injection token of the email sender, or null when SMTP is not configured. */
export const EMAIL_SENDER = Symbol('EMAIL_SENDER');

export const systemResolver: HostResolver = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map((entry) => ({ address: entry.address, family: entry.family === 6 ? 6 : 4 }));

export const NOTIFICATION_PROVIDERS: Provider[] = [
  { provide: WEBHOOK_HOST_RESOLVER, useValue: systemResolver },
  {
    provide: WebhookHttpSender,
    inject: [APP_CONFIG, WEBHOOK_HOST_RESOLVER],
    useFactory: (config: AppConfig, resolver: HostResolver) => new WebhookHttpSender({ allowPrivate: config.notifications.webhookAllowPrivate }, resolver, config.notifications.webhookTimeoutMs),
  },
  {
    provide: EMAIL_SENDER,
    inject: [APP_CONFIG],
    useFactory: (config: AppConfig) =>
      config.notifications.smtpUrl && config.notifications.emailFrom ? new EmailSender(config.notifications.smtpUrl, config.notifications.emailFrom, config.notifications.webhookTimeoutMs) : null,
  },
];
