import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { AccountEntity } from '../accounts/account.entity';
import { ManagerEntity } from '../accounts/manager.entity';

/** What happened between the vendor and the customer; `review_held` is a business review that took place. */
export const TOUCHPOINT_KINDS = ['meeting', 'call', 'email', 'review_held'] as const;
export type TouchpointKind = (typeof TOUCHPOINT_KINDS)[number];

@Entity({ name: 'touchpoints' })
@Check('touchpoints_kind_check', "kind IN ('meeting', 'call', 'email', 'review_held')")
// A re-sent row with the same external id updates the stored one instead of adding another.
@Index('touchpoints_external_id_key', ['accountId', 'externalId'], { unique: true, where: 'external_id IS NOT NULL' })
@Index('touchpoints_account_occurred_idx', ['accountId', 'occurredAt', 'id'])
@Index('touchpoints_manager_id_idx', ['managerId'])
export class TouchpointEntity {
  @PrimaryColumn({ name: 'account_id', type: 'uuid', primaryKeyConstraintName: 'touchpoints_pkey' })
  accountId: string;

  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'touchpoints_pkey' })
  id: string;

  @ManyToOne(() => AccountEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_id', foreignKeyConstraintName: 'touchpoints_account_id_fkey' })
  account?: AccountEntity;

  @Column({ name: 'external_id', type: 'text', nullable: true })
  externalId: string | null;

  @Column({ type: 'text' })
  kind: TouchpointKind;

  /** The vendor's manager who held it; null when the sender did not say. */
  @Column({ name: 'manager_id', type: 'uuid', nullable: true })
  managerId: string | null;

  @ManyToOne(() => ManagerEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'manager_id', foreignKeyConstraintName: 'touchpoints_manager_id_fkey' })
  manager?: ManagerEntity;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt: Date;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
