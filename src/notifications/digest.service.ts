import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { ReviewsService } from '../reviews/reviews.service';
import type { ReviewDigestItem } from '../reviews/review-digest';
import { buildDigest, DigestManager, RENEWAL_WINDOW_DAYS } from './digest-builder';
import { addDays, dueDigestDate } from './digest-schedule';
import { DigestReadsRepository } from './digest-reads.repository';
import { EMAIL_SENDER } from './notification-providers';
import { EmailSender } from './email-sender';
import { NewNotification, NotificationRepository } from './notification.repository';

const DAY_MS = 86_400_000;

export interface DigestRunStats {
  managersDue: number;
  digestsSent: number;
  digestsEmpty: number;
  remindersSent: number;
  deliveriesQueued: number;
}

/**
 * Decides the daily digests due now: for every active manager whose local business day has
 * reached the digest hour and who has no digest for that day yet. Each digest and its overdue
 * reminders are recorded in one transaction under dedupe keys (manager and local day; review,
 * recipient and local day), so runs racing each other, or a run redone after a crash, record and
 * send each once.
 */
@Injectable()
export class DigestService {
  private readonly logger = new Logger(DigestService.name);

  constructor(
    private readonly reads: DigestReadsRepository,
    private readonly notifications: NotificationRepository,
    private readonly reviews: ReviewsService,
    @Inject(EMAIL_SENDER) private readonly email: EmailSender | null,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async sendDueDigests(now: Date): Promise<DigestRunStats> {
    const settings = this.config.notifications;
    const managers = await this.reads.activeManagers();
    const candidates = managers
      .map((manager) => ({ manager, localDate: this.dueDate(now, manager, settings.digestHour) }))
      .filter((entry): entry is { manager: DigestManager; localDate: string } => entry.localDate !== null);
    const recorded = await this.reads.digestsRecorded(candidates.map((entry) => ({ managerId: entry.manager.id, localDate: entry.localDate })));
    const due = candidates.filter((entry) => !recorded.has(`${entry.manager.id}:${entry.localDate}`));
    const stats: DigestRunStats = { managersDue: due.length, digestsSent: 0, digestsEmpty: 0, remindersSent: 0, deliveriesQueued: 0 };
    if (due.length === 0) return stats;

    const dueIds = due.map((entry) => entry.manager.id);
    const teams = new Map<string, string[]>();
    for (const manager of managers) {
      if (manager.leadId) teams.set(manager.leadId, [...(teams.get(manager.leadId) ?? []), manager.id]);
    }
    const reviewOwners = [...new Set([...dueIds, ...dueIds.flatMap((id) => teams.get(id) ?? [])])];
    const reviewsByManager = new Map<string, ReviewDigestItem[]>();
    for (const review of await this.reviews.openReviewsForManagers(reviewOwners)) {
      reviewsByManager.set(review.managerId, [...(reviewsByManager.get(review.managerId) ?? []), review]);
    }
    const managerNames = new Map(managers.map((manager) => [manager.id, manager.name]));
    const lastDigest = await this.reads.lastDigestAt(dueIds);
    const lastReminded = await this.reads.lastRemindedOn(dueIds);
    const alerts = await this.reads.newAlerts(
      due.map((entry) => ({ managerId: entry.manager.id, since: lastDigest.get(entry.manager.id) ?? new Date(now.getTime() - DAY_MS) })),
      now,
    );
    const dates = due.map((entry) => entry.localDate).sort();
    const renewals = await this.reads.renewals(dueIds, dates[0], addDays(dates[dates.length - 1], RENEWAL_WINDOW_DAYS));

    for (const { manager, localDate } of due) {
      const built = buildDigest({
        manager,
        localDate,
        now,
        ownReviews: reviewsByManager.get(manager.id) ?? [],
        teamReviews: (teams.get(manager.id) ?? []).flatMap((memberId) => reviewsByManager.get(memberId) ?? []),
        managerNames,
        lastRemindedOn: lastReminded.get(manager.id) ?? new Map(),
        lastDigestAt: lastDigest.get(manager.id) ?? null,
        alerts: alerts.get(manager.id) ?? [],
        renewals: renewals.get(manager.id) ?? [],
        baseUrl: settings.publicBaseUrl,
      });
      if (built.empty) {
        stats.digestsEmpty += 1;
        continue;
      }
      const outcome = await this.record(manager, localDate, now, built);
      if (outcome) {
        stats.digestsSent += 1;
        stats.remindersSent += outcome.reminders;
        stats.deliveriesQueued += outcome.deliveries;
      }
    }
    return stats;
  }

  /** A stored zone Intl does not know (set before validation existed, or by SQL) skips that manager, not the run. */
  private dueDate(now: Date, manager: DigestManager, digestHour: number): string | null {
    try {
      return dueDigestDate(now, manager.timezone, digestHour);
    } catch {
      this.logger.warn({ managerId: manager.id, timezone: manager.timezone }, 'manager time zone unknown; no digest');
      return null;
    }
  }

  /** Records one digest with its reminders and queues their deliveries; null when another run recorded it first. */
  private async record(manager: DigestManager, localDate: string, now: Date, built: ReturnType<typeof buildDigest>): Promise<{ reminders: number; deliveries: number } | null> {
    const maxAttempts = this.config.notifications.webhookMaxAttempts;
    return this.notifications.inTransaction(async (tx) => {
      const digest: NewNotification = {
        kind: 'digest.daily',
        dedupeKey: `digest.daily:${manager.id}:${localDate}`,
        managerId: manager.id,
        accountId: null,
        subjectId: null,
        localDate,
        payload: { ...built.payload },
        occurredAt: now,
      };
      const [inserted] = await this.notifications.insertNotifications(tx, [digest]);
      // Another run got there first: it holds (or held) this key and sends the digest itself.
      if (!inserted) return null;
      const reminders = await this.notifications.insertNotifications(
        tx,
        built.reminders.map((reminder) => ({
          kind: 'review.reminder',
          dedupeKey: `review.reminder:${reminder.reviewId}:${manager.id}:${localDate}`,
          managerId: manager.id,
          accountId: reminder.accountId,
          subjectId: reminder.reviewId,
          localDate,
          payload: { ...reminder },
          occurredAt: now,
        })),
      );
      let deliveries = await this.notifications.fanOutToWebhooks(tx, [inserted, ...reminders], now, maxAttempts);
      if (this.email) {
        await this.notifications.insertEmailDeliveries(tx, [{ notificationId: inserted.id, recipient: manager.email }], now, maxAttempts);
        deliveries += 1;
      }
      return { reminders: reminders.length, deliveries };
    });
  }
}
