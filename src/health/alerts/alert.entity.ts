import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { AccountEntity } from '../../accounts/account.entity';
import type { AlertKind, AlertResolution, AlertSeverity, AlertStatus, SnoozeReasonCode } from './alert-rules';

/**
 * Something about an account a CSM should look at. Open, snoozed (with a reason and until when),
 * acknowledged, or resolved (by a person, or by itself when the condition cleared).
 *
 * Uniqueness: one active alert per account and kind for the health-record kinds; one alert per
 * episode (`source_ref`) and kind, ever, for every kind, so a resolved alert does not come back for
 * the same drop or the same ticket.
 */
@Entity({ name: 'alerts' })
@Check('alerts_kind_check', "kind IN ('band_dropped', 'score_fell', 'usage_dropped', 'sla_breached', 'sla_response_at_risk')")
@Check('alerts_status_check', "status IN ('open', 'snoozed', 'acknowledged', 'resolved')")
@Check('alerts_severity_check', "severity IN ('critical', 'high', 'medium', 'low')")
@Check('alerts_resolution_check', "(status = 'resolved') = (resolved_at IS NOT NULL AND resolution IN ('auto', 'manual'))")
@Check('alerts_snooze_check', "status <> 'snoozed' OR (snoozed_until IS NOT NULL AND snooze_reason_code IS NOT NULL)")
@Check('alerts_facts_check', "jsonb_typeof(facts) = 'object'")
@Index('alerts_one_active_per_kind_key', ['accountId', 'kind'], {
  unique: true,
  where: "status IN ('open', 'snoozed', 'acknowledged') AND kind IN ('band_dropped', 'score_fell', 'usage_dropped')",
})
@Index('alerts_episode_key', ['accountId', 'kind', 'sourceRef'], { unique: true })
// Reads by id alone (the primary key starts with the account).
@Index('alerts_id_idx', ['id'])
// Lists: newest first, optionally by status.
@Index('alerts_opened_idx', ['openedAt', 'id'])
@Index('alerts_status_opened_idx', ['status', 'openedAt', 'id'])
// Snoozes that run out.
@Index('alerts_snoozed_until_idx', ['snoozedUntil'], { where: "status = 'snoozed'" })
export class AlertEntity {
  @PrimaryColumn({ name: 'account_id', type: 'uuid', primaryKeyConstraintName: 'alerts_pkey' })
  accountId: string;

  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'alerts_pkey' })
  id: string;

  @ManyToOne(() => AccountEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_id', foreignKeyConstraintName: 'alerts_account_id_fkey' })
  account?: AccountEntity;

  @Column({ type: 'text' })
  kind: AlertKind;

  @Column({ type: 'text', default: 'open' })
  status: AlertStatus;

  @Column({ type: 'text' })
  severity: AlertSeverity;

  @Column({ type: 'text' })
  title: string;

  /** The numbers behind the alert and a `sentence` a CSM can repeat. */
  @Column({ type: 'jsonb' })
  facts: Record<string, unknown>;

  /** The episode: the ticket id for SLA kinds; the first day (and band) of the drop for the others. */
  @Column({ name: 'source_ref', type: 'text' })
  sourceRef: string;

  @Column({ name: 'opened_at', type: 'timestamptz' })
  openedAt: Date;

  @Column({ name: 'snoozed_until', type: 'timestamptz', nullable: true })
  snoozedUntil: Date | null;

  @Column({ name: 'snooze_reason_code', type: 'text', nullable: true })
  snoozeReasonCode: SnoozeReasonCode | null;

  @Column({ name: 'snooze_note', type: 'text', nullable: true })
  snoozeNote: string | null;

  @Column({ name: 'acknowledged_at', type: 'timestamptz', nullable: true })
  acknowledgedAt: Date | null;

  @Column({ name: 'acknowledged_by_key_id', type: 'uuid', nullable: true })
  acknowledgedByKeyId: string | null;

  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  resolvedAt: Date | null;

  /** Null when the alert resolved by itself. */
  @Column({ name: 'resolved_by_key_id', type: 'uuid', nullable: true })
  resolvedByKeyId: string | null;

  @Column({ type: 'text', nullable: true })
  resolution: AlertResolution | null;

  /** The person's note, or why the alert closed by itself. */
  @Column({ name: 'resolution_note', type: 'text', nullable: true })
  resolutionNote: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
