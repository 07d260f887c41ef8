import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const MANAGER_ROLES = ['csm', 'tam', 'ae', 'se', 'lead', 'exec'] as const;
export type ManagerRole = (typeof MANAGER_ROLES)[number];

@Entity({ name: 'managers' })
@Check('managers_role_check', "role IN ('csm', 'tam', 'ae', 'se', 'lead', 'exec')")
@Check('managers_capacity_check', 'capacity IS NULL OR capacity >= 0')
@Check('managers_not_own_lead_check', 'lead_id IS NULL OR lead_id <> id')
@Index('managers_email_key', ['email'], { unique: true })
@Index('managers_lead_id_idx', ['leadId'])
export class ManagerEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'managers_pkey' })
  id: string;

  @Column({ type: 'text' })
  name: string;

  /** Stored lower-cased so uniqueness ignores case. */
  @Column({ type: 'text' })
  email: string;

  @Column({ type: 'text' })
  role: ManagerRole;

  /** IANA zone for the manager's reminders and digests. */
  @Column({ type: 'text', default: 'UTC' })
  timezone: string;

  /** The team lead; a lead's team is every manager whose lead they are. */
  @Column({ name: 'lead_id', type: 'uuid', nullable: true })
  leadId: string | null;

  @ManyToOne(() => ManagerEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'lead_id', foreignKeyConstraintName: 'managers_lead_id_fkey' })
  lead?: ManagerEntity;

  /** How many accounts the manager can hold; null when not planned. */
  @Column({ type: 'int', nullable: true })
  capacity: number | null;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
