import { Injectable, OnModuleInit } from '@nestjs/common';
import { JobContext, JobHandler } from '../jobs/job-handler';
import { JobRunner } from '../jobs/job-runner.service';
import { DeliveryService } from './delivery.service';

/**
 * The `notification-delivery` job (every minute by default): relays new outbox events into
 * notifications (immediate ones such as `sla.warning` and `account.turned_red` go out in the same
 * run), then sends every delivery that is due, retries included, and deletes notifications
 * older than 90 days that have nothing left to send.
 */
@Injectable()
export class NotificationDeliveryJob implements JobHandler, OnModuleInit {
  readonly name = 'notification-delivery' as const;

  constructor(
    private readonly runner: JobRunner,
    private readonly deliveries: DeliveryService,
  ) {}

  onModuleInit(): void {
    this.runner.register(this);
  }

  async run(context?: JobContext): Promise<Record<string, unknown>> {
    const relayed = await this.deliveries.relayOutbox(context?.signal);
    const sent = await this.deliveries.deliverDue(context?.signal);
    const pruned = await this.deliveries.pruneOld();
    return { outboxEvents: relayed.events, notifications: relayed.notifications, deliveriesQueued: relayed.deliveries, ...sent, notificationsPruned: pruned };
  }
}
