import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { ActionItemOwnerSide, ActionItemStatus, ReviewKind } from './review-rules';

export interface ReviewSubject {
  reviewId: string;
  accountId: string;
  kind: ReviewKind;
  dueDate: string;
  meetingAt: Date | null;
  meetingMinutes: number;
  triggerKeys: string[];
  accountName: string;
  segment: string;
  billingModel: string;
  commitAmount: number | null;
  commitPeriod: string | null;
  currency: string;
  arr: number;
  renewalDate: string | null;
  autoRenew: boolean;
  products: string[];
  lastReviewId: string | null;
  lastReviewKind: ReviewKind | null;
  lastReviewDay: string | null;
}

export interface OpenAlertRow {
  accountId: string;
  kind: string;
  severity: string;
  title: string;
  sentence: string | null;
  openedAt: Date;
}

export interface ReviewActionItemRow {
  forReviewId: string;
  id: string;
  title: string;
  owner: string;
  ownerSide: ActionItemOwnerSide;
  dueDate: string | null;
  status: ActionItemStatus;
  carriedOver: boolean;
}

/** The reviews-owned reads behind the documents, for many reviews at once. */
@Injectable()
export class ReviewFactsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Each review with its account's commercial facts and the last review held before it. */
  subjects(manager: EntityManager | null, reviewIds: string[], timeZone: string): Promise<ReviewSubject[]> {
    if (reviewIds.length === 0) return Promise.resolve([]);
    return (manager ?? this.dataSource).query(
      `SELECT r.id AS "reviewId", r.account_id AS "accountId", r.kind, r.due_date AS "dueDate", r.meeting_at AS "meetingAt",
              r.meeting_minutes AS "meetingMinutes", r.trigger_keys AS "triggerKeys", a.name AS "accountName", a.segment,
              a.billing_model AS "billingModel", a.commit_amount::float8 AS "commitAmount", a.commit_period AS "commitPeriod",
              a.currency, a.arr::float8 AS arr, a.renewal_date AS "renewalDate", a.auto_renew AS "autoRenew", a.products,
              last.id AS "lastReviewId", last.kind AS "lastReviewKind", last.day::text AS "lastReviewDay"
       FROM business_reviews r
       JOIN accounts a ON a.id = r.account_id
       LEFT JOIN LATERAL (
         SELECT p.id, p.kind, coalesce((p.meeting_at AT TIME ZONE $2)::date, p.due_date) AS day
         FROM business_reviews p
         WHERE p.account_id = r.account_id AND p.id <> r.id AND p.status IN ('held', 'completed')
           AND coalesce((p.meeting_at AT TIME ZONE $2)::date, p.due_date) <= r.due_date
         ORDER BY 3 DESC, p.id DESC LIMIT 1
       ) last ON true
       WHERE r.id = ANY($1::uuid[])
       ORDER BY r.id`,
      [reviewIds, timeZone],
    );
  }

  /** Open, acknowledged and snoozed alerts of the accounts, oldest first. */
  openAlerts(accountIds: string[]): Promise<OpenAlertRow[]> {
    if (accountIds.length === 0) return Promise.resolve([]);
    return this.dataSource.query(
      `SELECT account_id AS "accountId", kind, severity, title, facts->>'sentence' AS sentence, opened_at AS "openedAt"
       FROM alerts WHERE account_id = ANY($1::uuid[]) AND status IN ('open', 'acknowledged', 'snoozed')
       ORDER BY account_id, opened_at, id`,
      [accountIds],
    );
  }

  /**
   * The action items each review shows: its own, plus open ones raised in earlier reviews of the
   * account (carry-over until done). One statement for all the reviews.
   */
  actionItems(reviewIds: string[]): Promise<ReviewActionItemRow[]> {
    if (reviewIds.length === 0) return Promise.resolve([]);
    return this.dataSource.query(
      `SELECT this.id AS "forReviewId", i.id, i.title, i.owner, i.owner_side AS "ownerSide", i.due_date AS "dueDate", i.status,
              (i.review_id <> this.id) AS "carriedOver"
       FROM business_reviews this
       JOIN review_action_items i ON i.account_id = this.account_id
       JOIN business_reviews raised ON raised.account_id = i.account_id AND raised.id = i.review_id
       WHERE this.id = ANY($1::uuid[])
         AND (i.review_id = this.id OR (i.status IN ('open', 'in_progress') AND (raised.due_date, raised.created_at, raised.id) < (this.due_date, this.created_at, this.id)))
       ORDER BY this.id, (i.review_id = this.id), i.due_date NULLS LAST, i.created_at, i.id`,
      [reviewIds],
    );
  }
}
