import { Check, Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** A configurable segment; models, cadences and defaults refer to its key, never to a hard-coded list. */
@Entity({ name: 'segments' })
@Check('segments_key_check', "key ~ '^[a-z][a-z0-9_-]*$'")
export class SegmentEntity {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'segments_pkey' })
  key: string;

  @Column({ type: 'text' })
  name: string;

  /** Order from smallest to largest customers; ties are allowed. */
  @Column({ type: 'int' })
  rank: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
