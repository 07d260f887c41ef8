import { Check, Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { SegmentEntity } from '../accounts/segment.entity';
import type { CadenceKind, CadenceManagerRole } from './review-rules';

/**
 * How often a segment's accounts get which review. A periodic kind (`EBR`, `QBR`, `operations`)
 * has `every_months`; the `renewal` row has `lead_days` (the renewal review is due that many days
 * before the renewal date). A segment without rows gets no scheduled review (events still plan one).
 */
@Entity({ name: 'review_cadences' })
@Check('review_cadences_kind_check', "kind IN ('EBR', 'QBR', 'operations', 'renewal')")
@Check('review_cadences_manager_role_check', "manager_role IN ('csm', 'tam')")
@Check('review_cadences_shape_check', "(kind = 'renewal' AND every_months IS NULL AND lead_days BETWEEN 1 AND 730) OR (kind <> 'renewal' AND lead_days IS NULL AND every_months BETWEEN 1 AND 24)")
export class ReviewCadenceEntity {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'review_cadences_pkey' })
  segment: string;

  @ManyToOne(() => SegmentEntity, { onDelete: 'CASCADE', onUpdate: 'CASCADE' })
  @JoinColumn({ name: 'segment', referencedColumnName: 'key', foreignKeyConstraintName: 'review_cadences_segment_fkey' })
  segmentRef?: SegmentEntity;

  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'review_cadences_pkey' })
  kind: CadenceKind;

  @Column({ name: 'every_months', type: 'int', nullable: true })
  everyMonths: number | null;

  @Column({ name: 'lead_days', type: 'int', nullable: true })
  leadDays: number | null;

  /** Whose review it is: the account's CSM, or its TAM (operations reviews; falls back to the CSM). */
  @Column({ name: 'manager_role', type: 'text', default: 'csm' })
  managerRole: CadenceManagerRole;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
