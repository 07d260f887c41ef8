import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { AccountEntity } from './account.entity';
import { ManagerEntity } from './manager.entity';

export const ASSIGNMENT_ROLES = ['csm', 'tam', 'ae', 'se', 'exec_sponsor', 'backup_csm'] as const;
export type AssignmentRole = (typeof ASSIGNMENT_ROLES)[number];

/** Who holds which role on an account, over time; ended rows are the history. */
@Entity({ name: 'account_assignments' })
@Check('account_assignments_role_check', "role IN ('csm', 'tam', 'ae', 'se', 'exec_sponsor', 'backup_csm')")
@Check('account_assignments_period_check', 'ended_at IS NULL OR ended_at >= started_at')
@Index('account_assignments_one_open_per_role', ['accountId', 'role'], { unique: true, where: 'ended_at IS NULL' })
// The scope condition of csm and lead keys looks accounts up by their open assignments.
@Index('account_assignments_open_manager_idx', ['managerId'], { where: 'ended_at IS NULL' })
// Health runs ask which accounts of a chunk had an executive sponsor on the day.
@Index('account_assignments_exec_sponsor_idx', ['accountId'], { where: "role = 'exec_sponsor'" })
export class AccountAssignmentEntity {
  @PrimaryColumn({ name: 'account_id', type: 'uuid', primaryKeyConstraintName: 'account_assignments_pkey' })
  accountId: string;

  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'account_assignments_pkey' })
  id: string;

  @ManyToOne(() => AccountEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_id', foreignKeyConstraintName: 'account_assignments_account_id_fkey' })
  account?: AccountEntity;

  @Column({ name: 'manager_id', type: 'uuid' })
  managerId: string;

  @ManyToOne(() => ManagerEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'manager_id', foreignKeyConstraintName: 'account_assignments_manager_id_fkey' })
  manager?: ManagerEntity;

  @Column({ type: 'text' })
  role: AssignmentRole;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt: Date;

  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true })
  endedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
