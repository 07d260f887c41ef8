import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { AccountEntity } from '../accounts/account.entity';
import { BusinessReviewEntity } from './business-review.entity';
import type { ActionItemOwnerSide, ActionItemStatus } from './review-rules';

/**
 * Something agreed in a review. It belongs to the review that raised it and shows in every later
 * review of the account until it is done or dropped (carry-over is a read, not a copy).
 */
@Entity({ name: 'review_action_items' })
@Check('review_action_items_status_check', "status IN ('open', 'in_progress', 'done', 'dropped')")
@Check('review_action_items_owner_side_check', "owner_side IN ('customer', 'vendor')")
@Check('review_action_items_done_check', "(status = 'done') = (done_at IS NOT NULL)")
@Index('review_action_items_review_idx', ['accountId', 'reviewId'])
@Index('review_action_items_id_idx', ['id'])
export class ReviewActionItemEntity {
  @PrimaryColumn({ name: 'account_id', type: 'uuid', primaryKeyConstraintName: 'review_action_items_pkey' })
  accountId: string;

  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'review_action_items_pkey' })
  id: string;

  @ManyToOne(() => AccountEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_id', foreignKeyConstraintName: 'review_action_items_account_id_fkey' })
  account?: AccountEntity;

  @Column({ name: 'review_id', type: 'uuid' })
  reviewId: string;

  @ManyToOne(() => BusinessReviewEntity, { onDelete: 'CASCADE' })
  @JoinColumn([
    { name: 'account_id', referencedColumnName: 'accountId', foreignKeyConstraintName: 'review_action_items_review_fkey' },
    { name: 'review_id', referencedColumnName: 'id', foreignKeyConstraintName: 'review_action_items_review_fkey' },
  ])
  review?: BusinessReviewEntity;

  @Column({ type: 'text' })
  title: string;

  /** Who does it (a person's name). */
  @Column({ type: 'text' })
  owner: string;

  /** The customer's items show on the customer agenda; ours only in the internal brief. */
  @Column({ name: 'owner_side', type: 'text', default: 'vendor' })
  ownerSide: ActionItemOwnerSide;

  @Column({ name: 'due_date', type: 'date', nullable: true })
  dueDate: string | null;

  @Column({ type: 'text', default: 'open' })
  status: ActionItemStatus;

  @Column({ name: 'done_at', type: 'timestamptz', nullable: true })
  doneAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
