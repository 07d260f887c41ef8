import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { AccountEntity } from '../accounts/account.entity';

/**
 * Who answered, as far as their weight in the account's decisions goes; sentiment scoring weights
 * decision makers up. Null when the survey did not say.
 */
export const RESPONDENT_ROLES = ['decision_maker', 'champion', 'influencer', 'user', 'other'] as const;
export type RespondentRole = (typeof RESPONDENT_ROLES)[number];

@Entity({ name: 'nps_responses' })
@Check('nps_responses_score_check', 'score >= 0 AND score <= 10')
@Check('nps_responses_respondent_role_check', "respondent_role IN ('decision_maker', 'champion', 'influencer', 'user', 'other')")
@Index('nps_responses_external_id_key', ['accountId', 'externalId'], { unique: true, where: 'external_id IS NOT NULL' })
@Index('nps_responses_account_responded_idx', ['accountId', 'respondedAt', 'id'])
export class NpsResponseEntity {
  @PrimaryColumn({ name: 'account_id', type: 'uuid', primaryKeyConstraintName: 'nps_responses_pkey' })
  accountId: string;

  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'nps_responses_pkey' })
  id: string;

  @ManyToOne(() => AccountEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_id', foreignKeyConstraintName: 'nps_responses_account_id_fkey' })
  account?: AccountEntity;

  @Column({ name: 'external_id', type: 'text', nullable: true })
  externalId: string | null;

  @Column({ type: 'smallint' })
  score: number;

  @Column({ name: 'respondent_name', type: 'text', nullable: true })
  respondentName: string | null;

  /** Stored lower-cased. */
  @Column({ name: 'respondent_email', type: 'text', nullable: true })
  respondentEmail: string | null;

  @Column({ name: 'respondent_role', type: 'text', nullable: true })
  respondentRole: RespondentRole | null;

  @Column({ type: 'text', nullable: true })
  comment: string | null;

  @Column({ name: 'responded_at', type: 'timestamptz' })
  respondedAt: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
