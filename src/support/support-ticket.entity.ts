import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { AccountEntity } from '../accounts/account.entity';
import type { TicketEscalation, TicketSeverity, TicketStatus } from './ticket-sla';

/** A support ticket as the help desk reports it; upserted by (account, external id). */
@Entity({ name: 'support_tickets' })
@Check('support_tickets_severity_check', "severity IN ('P1', 'P2', 'P3', 'P4')")
@Check('support_tickets_status_check', "status IN ('open', 'waiting_on_customer', 'resolved', 'closed')")
@Check('support_tickets_escalation_check', "escalation IS NULL OR escalation IN ('L1', 'L2', 'engineering')")
@Check('support_tickets_first_response_check', 'first_response_at IS NULL OR first_response_at >= opened_at')
@Check('support_tickets_resolved_check', 'resolved_at IS NULL OR resolved_at >= opened_at')
@Check('support_tickets_status_history_check', "jsonb_typeof(status_history) = 'array'")
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

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
