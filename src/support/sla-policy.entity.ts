import { Check, Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { SlaClock } from './sla-clock';
import type { TicketSeverity } from './ticket-sla';

/** First-response and resolution targets of one support plan for one severity, in minutes of its clock. */
@Entity({ name: 'sla_policies' })
@Check('sla_policies_support_plan_check', "support_plan ~ '^[a-z][a-z0-9_-]*$'")
@Check('sla_policies_severity_check', "severity IN ('P1', 'P2', 'P3', 'P4')")
@Check('sla_policies_clock_check', "clock IN ('24x7', 'business_hours')")
@Check('sla_policies_targets_check', 'first_response_minutes > 0 AND resolution_minutes >= first_response_minutes')
export class SlaPolicyEntity {
  @PrimaryColumn({ name: 'support_plan', type: 'text', primaryKeyConstraintName: 'sla_policies_pkey' })
  supportPlan: string;

  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'sla_policies_pkey' })
  severity: TicketSeverity;

  @Column({ type: 'text' })
  clock: SlaClock;

  @Column({ name: 'first_response_minutes', type: 'int' })
  firstResponseMinutes: number;

  @Column({ name: 'resolution_minutes', type: 'int' })
  resolutionMinutes: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
