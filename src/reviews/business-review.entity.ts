import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { AccountEntity } from '../accounts/account.entity';
import { ManagerEntity } from '../accounts/manager.entity';
import type { ReviewKind, ReviewStatus } from './review-rules';

/**
 * One business review of an account. `slot` is the line it fills (a cadence kind, or the event
 * kind it was planned for): at most one open review per account and slot, which keeps planning
 * idempotent. A renewal or event that pulls an open review earlier changes its kind and due date,
 * keeps its slot, remembers `original_due_date`, and adds its trigger key to `trigger_keys` (so
 * the same renewal or incident never plans a second review).
 */
@Entity({ name: 'business_reviews' })
@Check('business_reviews_kind_check', "kind IN ('EBR', 'QBR', 'operations', 'renewal', 'post_incident', 'risk')")
@Check('business_reviews_status_check', "status IN ('planned', 'agenda_ready', 'scheduled', 'held', 'completed', 'cancelled')")
@Check('business_reviews_meeting_check', "status NOT IN ('scheduled', 'held', 'completed') OR meeting_at IS NOT NULL")
@Check('business_reviews_meeting_minutes_check', 'meeting_minutes BETWEEN 15 AND 480')
@Check('business_reviews_documents_check', '(brief IS NULL) = (agenda IS NULL) AND (brief IS NULL) = (documents_generated_at IS NULL)')
@Index('business_reviews_one_open_per_slot_key', ['accountId', 'slot'], { unique: true, where: "status IN ('planned', 'agenda_ready', 'scheduled')" })
// Reads by id alone (the primary key starts with the account).
@Index('business_reviews_id_idx', ['id'])
@Index('business_reviews_due_idx', ['dueDate', 'id'])
@Index('business_reviews_manager_idx', ['managerId', 'status'])
export class BusinessReviewEntity {
  @PrimaryColumn({ name: 'account_id', type: 'uuid', primaryKeyConstraintName: 'business_reviews_pkey' })
  accountId: string;

  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'business_reviews_pkey' })
  id: string;

  @ManyToOne(() => AccountEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_id', foreignKeyConstraintName: 'business_reviews_account_id_fkey' })
  account?: AccountEntity;

  @Column({ type: 'text' })
  kind: ReviewKind;

  @Column({ type: 'text', default: 'planned' })
  status: ReviewStatus;

  @Column({ type: 'text' })
  slot: string;

  @Column({ name: 'due_date', type: 'date' })
  dueDate: string;

  /** The due date before a renewal or event pulled the review earlier. */
  @Column({ name: 'original_due_date', type: 'date', nullable: true })
  originalDueDate: string | null;

  /** Renewals and events this review answers (`renewal:<date>`, `post_incident:<ticket>`, `risk:<episode>`). */
  @Column({ name: 'trigger_keys', type: 'text', array: true, default: () => "'{}'" })
  triggerKeys: string[];

  @Column({ name: 'manager_id', type: 'uuid', nullable: true })
  managerId: string | null;

  @ManyToOne(() => ManagerEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'manager_id', foreignKeyConstraintName: 'business_reviews_manager_id_fkey' })
  manager?: ManagerEntity;

  @Column({ name: 'meeting_at', type: 'timestamptz', nullable: true })
  meetingAt: Date | null;

  @Column({ name: 'meeting_minutes', type: 'int', default: 45 })
  meetingMinutes: number;

  @Column({ type: 'text', nullable: true })
  notes: string | null;

  /** The stored internal brief and customer agenda, so what a CSM reads stays stable. */
  @Column({ type: 'jsonb', nullable: true })
  brief: Record<string, unknown> | null;

  @Column({ type: 'jsonb', nullable: true })
  agenda: Record<string, unknown> | null;

  @Column({ name: 'documents_generated_at', type: 'timestamptz', nullable: true })
  documentsGeneratedAt: Date | null;

  /** The meeting time (or due date) the documents were last generated for; a change asks for a refresh. */
  @Column({ name: 'documents_for', type: 'text', nullable: true })
  documentsFor: string | null;

  @Column({ name: 'agenda_ready_at', type: 'timestamptz', nullable: true })
  agendaReadyAt: Date | null;

  @Column({ name: 'nudge_flagged_at', type: 'timestamptz', nullable: true })
  nudgeFlaggedAt: Date | null;

  @Column({ name: 'held_at', type: 'timestamptz', nullable: true })
  heldAt: Date | null;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true })
  cancelledAt: Date | null;

  /** The touchpoint recorded when the review was held. */
  @Column({ name: 'touchpoint_id', type: 'uuid', nullable: true })
  touchpointId: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
