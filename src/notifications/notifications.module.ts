import { Module } from '@nestjs/common';
import { AlertsModule } from '../health/alerts/alerts.module';
import { JobsModule } from '../jobs/jobs.module';
import { ReviewsModule } from '../reviews/reviews.module';
import { DeliveryService } from './delivery.service';
import { DigestReadsRepository } from './digest-reads.repository';
import { DigestService } from './digest.service';
import { NotificationDeliveryJob } from './notification-delivery.job';
import { NOTIFICATION_PROVIDERS } from './notification-providers';
import { NotificationRepository } from './notification.repository';
import { RemindersJob } from './reminders.job';
import { WebhookRepository } from './webhook.repository';
import { DeliveriesController, WebhooksController } from './webhooks.controller';
import { WebhooksService } from './webhooks.service';

/**
 * Notifications: webhook subscriptions (json signed, Slack, Feishu), SMTP email, the outbox relay,
 * daily digests and overdue reminders (`reminders` job), and exactly-once delivery with retries
 * (`notification-delivery` job).
 */
@Module({
  imports: [AlertsModule, ReviewsModule, JobsModule],
  controllers: [WebhooksController, DeliveriesController],
  providers: [
    ...NOTIFICATION_PROVIDERS,
    WebhookRepository,
    NotificationRepository,
    DigestReadsRepository,
    WebhooksService,
    DeliveryService,
    DigestService,
    RemindersJob,
    NotificationDeliveryJob,
  ],
  exports: [DeliveryService, DigestService],
})
export class NotificationsModule {}
