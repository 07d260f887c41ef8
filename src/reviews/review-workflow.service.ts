import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { accountScopeOf } from '../auth/account-scope';
import type { Principal } from '../auth/principal';
import { Clock } from '../common/clock';
import { decodeCursor, DEFAULT_PAGE_SIZE, Page, toPage } from '../common/pagination';
import { BadRequestError, ConflictError, NotFoundError, ValidationFailedError } from '../common/problem';
import { TouchpointRepository } from '../engagement/touchpoint.repository';
import type { CreateActionItemDto, ListReviewsQueryDto, TransitionReviewDto, UpdateActionItemDto, UpdateReviewDto } from './dto/review.dto';
import { missingTransitionField, ReviewStatus, transitionConflict } from './review-rules';
import { ActionItemRecord, ReviewChange, ReviewDocumentsRecord, ReviewRecord, ReviewRepository } from './review.repository';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CURSOR_DAY = /^\d{4}-\d{2}-\d{2}$/;
/** Closed reviews keep their meeting time; notes stay editable until the review is completed or cancelled. */
const CLOSED: readonly ReviewStatus[] = ['held', 'completed', 'cancelled'];

export interface ReviewDetail {
  review: ReviewRecord;
  documents: ReviewDocumentsRecord | null;
  actionItems: ActionItemRecord[];
}

/**
 * The review workflow as the API drives it: lists and reads (scoped to the key's accounts),
 * meeting time and notes, the moves planned → agenda_ready → scheduled → held → completed (or
 * cancelled), and action items. Holding a review records a `review_held` touchpoint through the
 * engagement module's write path, in the same transaction.
 */
@Injectable()
export class ReviewWorkflowService {
  constructor(
    private readonly reviews: ReviewRepository,
    private readonly touchpoints: TouchpointRepository,
    private readonly clock: Clock,
  ) {}

  async list(query: ListReviewsQueryDto, principal: Principal): Promise<Page<ReviewRecord>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = decodeCursor(query.cursor);
    if (after && (typeof after.sortValue !== 'string' || !CURSOR_DAY.test(after.sortValue) || !UUID.test(after.id))) {
      throw new BadRequestError('cursor is not a cursor this API issued.');
    }
    if (query.dueFrom && query.dueTo && query.dueFrom > query.dueTo) throw new ValidationFailedError([{ path: 'dueFrom', message: 'dueFrom must not be after dueTo' }]);
    const rows = await this.reviews.list(
      {
        managerId: query.managerId,
        team: query.team,
        accountId: query.accountId,
        kind: query.kind,
        status: query.status,
        dueFrom: query.dueFrom,
        dueTo: query.dueTo,
        after: after ? { dueDate: String(after.sortValue), id: after.id } : undefined,
        limit,
      },
      accountScopeOf(principal),
    );
    return toPage(rows, limit, (row) => row, (row) => ({ sortValue: row.dueDate, id: row.id }));
  }

  async get(id: string, principal: Principal): Promise<ReviewDetail> {
    const review = await this.require(id, principal);
    const [documents, actionItems] = await Promise.all([this.reviews.documents(null, review.accountId, review.id), this.reviews.actionItemsForReview(null, review.accountId, review.id)]);
    return { review, documents: documents ?? null, actionItems };
  }

  async require(id: string, principal: Principal): Promise<ReviewRecord> {
    const review = await this.reviews.findById(null, id, accountScopeOf(principal));
    if (!review) throw new NotFoundError('Review', id);
    return review;
  }

  update(id: string, body: UpdateReviewDto, principal: Principal): Promise<ReviewDetail> {
    return this.change(id, principal, (review) => {
      if (body.meetingAt !== undefined && CLOSED.includes(review.status)) throw new ConflictError(`The review is ${review.status}: its meeting time cannot change.`);
      if (body.notes !== undefined && (review.status === 'completed' || review.status === 'cancelled')) throw new ConflictError(`The review is ${review.status}: its notes cannot change.`);
      return { meetingAt: body.meetingAt === undefined ? undefined : new Date(body.meetingAt), meetingMinutes: body.meetingMinutes, notes: body.notes };
    });
  }

  transition(id: string, body: TransitionReviewDto, principal: Principal): Promise<ReviewDetail> {
    return this.change(id, principal, async (review, manager, now) => {
      const conflict = transitionConflict(review.status, body.to);
      if (conflict) throw new ConflictError(conflict);
      const missing = missingTransitionField(body.to, body, review);
      if (missing) throw new ValidationFailedError([{ path: missing, message: `${missing} is required to move a review to ${body.to}` }]);
      const change: ReviewChange = { status: body.to };
      if (body.meetingAt !== undefined) change.meetingAt = new Date(body.meetingAt);
      if (body.notes !== undefined) change.notes = body.notes;
      if (body.to === 'agenda_ready' && !(await this.reviews.documents(manager, review.accountId, review.id))) {
        throw new ConflictError('The review has no documents yet: generate them with POST reviews/:id/agenda.');
      }
      if (body.to === 'held') {
        change.heldAt = now;
        const meetingAt = change.meetingAt ?? review.meetingAt!;
        await this.touchpoints.upsert(
          manager,
          [{ accountId: review.accountId, externalId: `review:${review.id}`, kind: 'review_held', managerId: review.managerId, occurredAt: new Date(meetingAt).toISOString(), note: body.notes ?? null }],
          now,
        );
        change.touchpointId = await this.reviews.touchpointId(manager, review.accountId, `review:${review.id}`);
      }
      if (body.to === 'completed') change.completedAt = now;
      if (body.to === 'cancelled') change.cancelledAt = now;
      return change;
    });
  }

  async actionItems(id: string, principal: Principal): Promise<ActionItemRecord[]> {
    const review = await this.require(id, principal);
    return this.reviews.actionItemsForReview(null, review.accountId, review.id);
  }

  addActionItem(id: string, body: CreateActionItemDto, principal: Principal): Promise<ActionItemRecord> {
    return this.reviews.inTransaction(async (manager) => {
      const review = await this.reviews.findById(manager, id, accountScopeOf(principal), { lock: true });
      if (!review) throw new NotFoundError('Review', id);
      if (review.status === 'cancelled') throw new ConflictError('The review is cancelled: it takes no action items.');
      return this.reviews.insertActionItem(
        manager,
        { accountId: review.accountId, reviewId: review.id, title: body.title, owner: body.owner, ownerSide: body.ownerSide ?? 'vendor', dueDate: body.dueDate ?? null },
        this.clock.now(),
      );
    });
  }

  updateActionItem(id: string, itemId: string, body: UpdateActionItemDto, principal: Principal): Promise<ActionItemRecord> {
    return this.reviews.inTransaction(async (manager) => {
      const review = await this.reviews.findById(manager, id, accountScopeOf(principal));
      if (!review) throw new NotFoundError('Review', id);
      const item = await this.reviews.findActionItem(manager, review.accountId, itemId);
      if (!item) throw new NotFoundError('Action item', itemId);
      const now = this.clock.now();
      const status = body.status ?? item.status;
      return this.reviews.updateActionItem(
        manager,
        review.accountId,
        itemId,
        {
          title: body.title ?? item.title,
          owner: body.owner ?? item.owner,
          ownerSide: body.ownerSide ?? item.ownerSide,
          dueDate: body.dueDate ?? item.dueDate,
          status,
          doneAt: status === 'done' ? (item.doneAt ?? now) : null,
        },
        now,
      );
    });
  }

  /** Locks the review (within scope), decides the change from its current state, applies it and answers the detail. */
  private async change(
    id: string,
    principal: Principal,
    decide: (review: ReviewRecord, manager: EntityManager, now: Date) => ReviewChange | Promise<ReviewChange>,
  ): Promise<ReviewDetail> {
    const scope = accountScopeOf(principal);
    await this.reviews.inTransaction(async (manager) => {
      const review = await this.reviews.findById(manager, id, scope, { lock: true });
      if (!review) throw new NotFoundError('Review', id);
      const now = this.clock.now();
      const change = await decide(review, manager, now);
      await this.reviews.applyChange(manager, review.accountId, review.id, change, now);
    });
    return this.get(id, principal);
  }
}

