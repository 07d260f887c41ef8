import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AccountScope, accountScopeCondition } from '../auth/account-scope';
import type { ActionItemOwnerSide, ActionItemStatus, ReviewKind, ReviewStatus } from './review-rules';

export interface ReviewRecord {
  id: string;
  accountId: string;
  accountName: string;
  segment: string;
  kind: ReviewKind;
  status: ReviewStatus;
  slot: string;
  dueDate: string;
  originalDueDate: string | null;
  triggerKeys: string[];
  managerId: string | null;
  meetingAt: Date | null;
  meetingMinutes: number;
  notes: string | null;
  documentsGeneratedAt: Date | null;
  agendaReadyAt: Date | null;
  nudgeFlaggedAt: Date | null;
  heldAt: Date | null;
  completedAt: Date | null;
  cancelledAt: Date | null;
  touchpointId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface ReviewDocumentsRecord {
  brief: Record<string, unknown>;
  agenda: Record<string, unknown>;
  generatedAt: Date;
}

export interface ActionItemRecord {
  id: string;
  accountId: string;
  reviewId: string;
  title: string;
  owner: string;
  ownerSide: ActionItemOwnerSide;
  dueDate: string | null;
  status: ActionItemStatus;
  doneAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface ReviewFilter {
  managerId?: string;
  team?: string;
  accountId?: string;
  kind?: ReviewKind;
  status?: ReviewStatus;
  dueFrom?: string;
  dueTo?: string;
  after?: { dueDate: string; id: string };
  limit: number;
}

export interface ReviewChange {
  status?: ReviewStatus;
  meetingAt?: Date | null;
  meetingMinutes?: number;
  notes?: string | null;
  heldAt?: Date;
  completedAt?: Date;
  cancelledAt?: Date;
  touchpointId?: string;
}

const REVIEW_COLUMNS = `r.id, r.account_id AS "accountId", a.name AS "accountName", a.segment, r.kind, r.status, r.slot,
  r.due_date AS "dueDate", r.original_due_date AS "originalDueDate", r.trigger_keys AS "triggerKeys", r.manager_id AS "managerId",
  r.meeting_at AS "meetingAt", r.meeting_minutes AS "meetingMinutes", r.notes, r.documents_generated_at AS "documentsGeneratedAt",
  r.agenda_ready_at AS "agendaReadyAt", r.nudge_flagged_at AS "nudgeFlaggedAt", r.held_at AS "heldAt", r.completed_at AS "completedAt",
  r.cancelled_at AS "cancelledAt", r.touchpoint_id AS "touchpointId", r.created_at AS "createdAt", r.updated_at AS "updatedAt"`;

const ITEM_COLUMNS = `i.id, i.account_id AS "accountId", i.review_id AS "reviewId", i.title, i.owner, i.owner_side AS "ownerSide",
  i.due_date AS "dueDate", i.status, i.done_at AS "doneAt", i.created_at AS "createdAt", i.updated_at AS "updatedAt"`;

/** Reviews and their action items as the API reads and changes them; scoped by the key's accounts. */
@Injectable()
export class ReviewRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  inTransaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  list(filter: ReviewFilter, scope: AccountScope): Promise<ReviewRecord[]> {
    const params: unknown[] = [];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const scoped = accountScopeCondition(scope, 'r.account_id', 1);
    params.push(...scoped.params);
    const where = [scoped.sql];
    if (filter.managerId) where.push(`r.manager_id = ${param(filter.managerId)}::uuid`);
    if (filter.team) where.push(`r.manager_id IN (SELECT m.id FROM managers m WHERE m.id = ${param(filter.team)}::uuid OR m.lead_id = $${params.length}::uuid)`);
    if (filter.accountId) where.push(`r.account_id = ${param(filter.accountId)}::uuid`);
    if (filter.kind) where.push(`r.kind = ${param(filter.kind)}`);
    if (filter.status) where.push(`r.status = ${param(filter.status)}`);
    if (filter.dueFrom) where.push(`r.due_date >= ${param(filter.dueFrom)}::date`);
    if (filter.dueTo) where.push(`r.due_date <= ${param(filter.dueTo)}::date`);
    if (filter.after) where.push(`(r.due_date, r.id) > (${param(filter.after.dueDate)}::date, ${param(filter.after.id)}::uuid)`);
    return this.dataSource.query(
      `SELECT ${REVIEW_COLUMNS} FROM business_reviews r JOIN accounts a ON a.id = r.account_id
       WHERE ${where.join(' AND ')} ORDER BY r.due_date, r.id LIMIT ${param(filter.limit + 1)}`,
      params,
    );
  }

  async findById(manager: EntityManager | null, id: string, scope: AccountScope, options: { lock?: boolean } = {}): Promise<ReviewRecord | undefined> {
    const scoped = accountScopeCondition(scope, 'r.account_id', 2);
    const rows: ReviewRecord[] = await (manager ?? this.dataSource).query(
      `SELECT ${REVIEW_COLUMNS} FROM business_reviews r JOIN accounts a ON a.id = r.account_id
       WHERE r.id = $1 AND ${scoped.sql} ${options.lock ? 'FOR UPDATE OF r' : ''}`,
      [id, ...scoped.params],
    );
    return rows[0];
  }

  async documents(manager: EntityManager | null, accountId: string, id: string): Promise<ReviewDocumentsRecord | undefined> {
    const rows: ReviewDocumentsRecord[] = await (manager ?? this.dataSource).query(
      `SELECT brief, agenda, documents_generated_at AS "generatedAt" FROM business_reviews WHERE account_id = $1 AND id = $2 AND brief IS NOT NULL`,
      [accountId, id],
    );
    return rows[0];
  }

  async applyChange(manager: EntityManager, accountId: string, id: string, change: ReviewChange, now: Date): Promise<void> {
    const columns: Record<keyof ReviewChange, string> = {
      status: 'status',
      meetingAt: 'meeting_at',
      meetingMinutes: 'meeting_minutes',
      notes: 'notes',
      heldAt: 'held_at',
      completedAt: 'completed_at',
      cancelledAt: 'cancelled_at',
      touchpointId: 'touchpoint_id',
    };
    const params: unknown[] = [accountId, id, now];
    const sets = ['updated_at = $3'];
    for (const [key, value] of Object.entries(change) as [keyof ReviewChange, unknown][]) {
      if (value === undefined) continue;
      params.push(value);
      sets.push(`${columns[key]} = $${params.length}`);
    }
    await manager.query(`UPDATE business_reviews SET ${sets.join(', ')} WHERE account_id = $1 AND id = $2`, params);
  }

  async touchpointId(manager: EntityManager, accountId: string, externalId: string): Promise<string> {
    const rows: { id: string }[] = await manager.query(`SELECT id FROM touchpoints WHERE account_id = $1 AND external_id = $2`, [accountId, externalId]);
    return rows[0].id;
  }

  /**
   * The action items a review shows: its own, plus the open ones raised in earlier reviews of the
   * account (they carry over until done). Earlier = due before this review, or same day and created before.
   */
  actionItemsForReview(manager: EntityManager | null, accountId: string, reviewId: string): Promise<ActionItemRecord[]> {
    return (manager ?? this.dataSource).query(
      `SELECT ${ITEM_COLUMNS} FROM review_action_items i
       JOIN business_reviews raised ON raised.account_id = i.account_id AND raised.id = i.review_id
       JOIN business_reviews this ON this.account_id = $1 AND this.id = $2
       WHERE i.account_id = $1
         AND (i.review_id = $2 OR (i.status IN ('open', 'in_progress') AND (raised.due_date, raised.created_at, raised.id) < (this.due_date, this.created_at, this.id)))
       ORDER BY (i.review_id = $2), i.due_date NULLS LAST, i.created_at, i.id`,
      [accountId, reviewId],
    );
  }

  async insertActionItem(
    manager: EntityManager,
    item: { accountId: string; reviewId: string; title: string; owner: string; ownerSide: ActionItemOwnerSide; dueDate: string | null },
    now: Date,
  ): Promise<ActionItemRecord> {
    const rows: ActionItemRecord[] = await manager.query(
      `INSERT INTO review_action_items AS i (account_id, review_id, title, owner, owner_side, due_date, status, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, 'open', $7, $7) RETURNING ${ITEM_COLUMNS}`,
      [item.accountId, item.reviewId, item.title, item.owner, item.ownerSide, item.dueDate, now],
    );
    return rows[0];
  }

  async findActionItem(manager: EntityManager, accountId: string, id: string): Promise<ActionItemRecord | undefined> {
    const rows: ActionItemRecord[] = await manager.query(`SELECT ${ITEM_COLUMNS} FROM review_action_items i WHERE i.account_id = $1 AND i.id = $2 FOR UPDATE`, [accountId, id]);
    return rows[0];
  }

  async updateActionItem(
    manager: EntityManager,
    accountId: string,
    id: string,
    item: { title: string; owner: string; ownerSide: ActionItemOwnerSide; dueDate: string | null; status: ActionItemStatus; doneAt: Date | null },
    now: Date,
  ): Promise<ActionItemRecord> {
    const rows: [ActionItemRecord[], number] = await manager.query(
      `UPDATE review_action_items i SET title = $3, owner = $4, owner_side = $5, due_date = $6, status = $7, done_at = $8, updated_at = $9
       WHERE i.account_id = $1 AND i.id = $2 RETURNING ${ITEM_COLUMNS}`,
      [accountId, id, item.title, item.owner, item.ownerSide, item.dueDate, item.status, item.doneAt, now],
    );
    return rows[0][0];
  }
}
