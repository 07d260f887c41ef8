import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { ReviewDigestItem } from './review-digest';

const DIGEST_COLUMNS = `r.id AS "reviewId", r.account_id AS "accountId", a.name AS "accountName", a.segment AS "accountSegment",
  r.kind, r.status, r.due_date AS "dueDate", r.meeting_at AS "meetingAt", r.manager_id AS "managerId",
  r.agenda_ready_at AS "agendaReadyAt", r.nudge_flagged_at AS "nudgeFlaggedAt"`;

/** Open reviews of live accounts: ahead of their meeting, on an active, non-test, non-archived account. */
const OPEN_LIVE = `r.status IN ('planned', 'agenda_ready', 'scheduled') AND a.is_test = false AND a.archived_at IS NULL`;

type DigestRow = Omit<ReviewDigestItem, 'meetingAt' | 'agendaReadyAt' | 'nudgeFlaggedAt'> & { meetingAt: Date | null; agendaReadyAt: Date | null; nudgeFlaggedAt: Date | null };

function toDigestItem(row: DigestRow): ReviewDigestItem {
  const iso = (value: Date | null) => (value === null ? null : new Date(value).toISOString());
  return { ...row, meetingAt: iso(row.meetingAt), agendaReadyAt: iso(row.agendaReadyAt), nudgeFlaggedAt: iso(row.nudgeFlaggedAt) };
}

/** The read side other modules use (digests, reminders, dashboards): plain set-based SELECTs. */
@Injectable()
export class ReviewDigestRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async openReviewsForManagers(managerIds: string[] | null): Promise<ReviewDigestItem[]> {
    if (managerIds !== null && managerIds.length === 0) return [];
    const rows: DigestRow[] = await this.dataSource.query(
      `SELECT ${DIGEST_COLUMNS} FROM business_reviews r JOIN accounts a ON a.id = r.account_id
       WHERE ${OPEN_LIVE} AND r.manager_id IS NOT NULL ${managerIds === null ? '' : 'AND r.manager_id = ANY($1::uuid[])'}
       ORDER BY r.manager_id, r.due_date, r.id`,
      managerIds === null ? [] : [managerIds],
    );
    return rows.map(toDigestItem);
  }

  /** The earliest open review per account (by due date, then id) that has a manager (the digest item names one). */
  async nextReviewsForAccounts(accountIds: string[]): Promise<Map<string, ReviewDigestItem>> {
    if (accountIds.length === 0) return new Map();
    const rows: DigestRow[] = await this.dataSource.query(
      `SELECT DISTINCT ON (r.account_id) ${DIGEST_COLUMNS} FROM business_reviews r JOIN accounts a ON a.id = r.account_id
       WHERE r.account_id = ANY($1::uuid[]) AND ${OPEN_LIVE} AND r.manager_id IS NOT NULL
       ORDER BY r.account_id, r.due_date, r.id`,
      [accountIds],
    );
    return new Map(rows.map((row) => [row.accountId, toDigestItem(row)]));
  }
}
