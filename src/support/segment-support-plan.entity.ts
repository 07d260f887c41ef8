import { Check, Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { SegmentEntity } from '../accounts/segment.entity';

/** The support plan an account of the segment gets when its own plan is unset (or has no policy). */
@Entity({ name: 'segment_support_plans' })
@Check('segment_support_plans_support_plan_check', "support_plan ~ '^[a-z][a-z0-9_-]*$'")
export class SegmentSupportPlanEntity {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'segment_support_plans_pkey' })
  segment: string;

  @ManyToOne(() => SegmentEntity, { onDelete: 'CASCADE', onUpdate: 'CASCADE' })
  @JoinColumn({ name: 'segment', referencedColumnName: 'key', foreignKeyConstraintName: 'segment_support_plans_segment_fkey' })
  segmentRecord?: SegmentEntity;

  @Column({ name: 'support_plan', type: 'text' })
  supportPlan: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
