import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { AccountEntity } from '../accounts/account.entity';
import type { SlaClock } from './sla-clock';
import type { TicketEscalation, TicketSeverity, TicketStatus } from './ticket-sla';

/** A support ticket as the help desk reports it; upserted by (account, external id). */
@Entity({ name: 'support_tickets' })
@Check('support_tickets_severity_check', "severity IN ('P1', 'P2', 'P3', 'P4')")
@Check('support_tickets_status_check', "status IN ('open', 'waiting_on_customer', 'resolved', 'closed')")
@Check('support_tickets_escalation_check', "escalation IS NULL OR escalation IN ('L1', 'L2', 'engineering')")
@Check('support_tickets_first_response_check', 'first_response_at IS NULL OR first_response_at >= opened_at')
@Check('support_tickets_resolved_check', 'resolved_at IS NULL OR resolved_at >= opened_at')
@Check('support_tickets_status_history_check', "jsonb_typeof(status_history) = 'array'")
@Check('support_tickets_sla_clock_check', "sla_clock IS NULL OR sla_clock IN ('24x7', 'business_hours')")
@Check('support_tickets_first_response_outcome_check', "first_response_outcome IS NULL OR first_response_outcome IN ('met', 'breached')")
@Check('support_tickets_resolution_outcome_check', "resolution_outcome IS NULL OR resolution_outcome IN ('met', 'breached')")
@Index('support_tickets_external_id_key', ['accountId', 'externalId'], { unique: true })
// Account reads list and window tickets by opening time.
@Index('support_tickets_opened_idx', ['accountId', 'openedAt'])
export class SupportTicketEntity {
  @PrimaryColumn({ name: 'account_id', type: 'uuid', primaryKeyConstraintName: 'support_tickets_pkey' })
  accountId: string;

  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'support_tickets_pkey' })
  id: string;

  @ManyToOne(() => AccountEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_id', foreignKeyConstraintName: 'support_tickets_account_id_fkey' })
  account?: AccountEntity;

  /** The help desk's id for the ticket. */
  @Column({ name: 'external_id', type: 'text' })
  externalId: string;

  @Column({ type: 'text' })
  severity: TicketSeverity;

  @Column({ type: 'text' })
  status: TicketStatus;

  /** Every status change `{ status, at }` in time order (ISO-8601 UTC); the SLA clocks pause on it. */
  @Column({ name: 'status_history', type: 'jsonb', default: () => "'[]'" })
  statusHistory: { status: TicketStatus; at: string }[];

  @Column({ type: 'text', nullable: true })
  subject: string | null;

  @Column({ name: 'opened_at', type: 'timestamptz' })
  openedAt: Date;

  /** The first human response. */
  @Column({ name: 'first_response_at', type: 'timestamptz', nullable: true })
  firstResponseAt: Date | null;

  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  resolvedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  escalation: TicketEscalation | null;

  // SLA columns, computed from the ticket, its account's plan and region, the SLA policies and the
  // calendars by the app (src/support/ticket-sla-stored.ts) whenever one of them changes, so that
  // exports and bi.tickets read them with plain SQL. Null policy columns: no policy applies.

  /** The support plan whose policy applies. */
  @Column({ name: 'sla_support_plan', type: 'text', nullable: true })
  slaSupportPlan: string | null;

  @Column({ name: 'sla_clock', type: 'text', nullable: true })
  slaClock: SlaClock | null;

  @Column({ name: 'first_response_target_minutes', type: 'integer', nullable: true })
  firstResponseTargetMinutes: number | null;

  @Column({ name: 'resolution_target_minutes', type: 'integer', nullable: true })
  resolutionTargetMinutes: number | null;

  /** Null also while the clock stands still before the target is used up (the due time is not known yet). */
  @Column({ name: 'first_response_due_at', type: 'timestamptz', nullable: true })
  firstResponseDueAt: Date | null;

  @Column({ name: 'resolution_due_at', type: 'timestamptz', nullable: true })
  resolutionDueAt: Date | null;

  /** `met` or `breached` once the first response happened; null while it is pending. */
  @Column({ name: 'first_response_outcome', type: 'text', nullable: true })
  firstResponseOutcome: 'met' | 'breached' | null;

  @Column({ name: 'resolution_outcome', type: 'text', nullable: true })
  resolutionOutcome: 'met' | 'breached' | null;

  /** When the SLA columns were last written; null: never (rows from before they existed, filled at start-up). */
  @Column({ name: 'sla_computed_at', type: 'timestamptz', nullable: true })
  slaComputedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
