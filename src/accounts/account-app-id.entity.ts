import { CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, Column, UpdateDateColumn } from 'typeorm';
import { AccountEntity } from './account.entity';

/** One row per app id: its primary key is what makes an app id belong to one account only. */
@Entity({ name: 'account_app_ids' })
@Index('account_app_ids_account_id_idx', ['accountId'])
export class AccountAppIdEntity {
  @PrimaryColumn({ name: 'app_id', type: 'text', primaryKeyConstraintName: 'account_app_ids_pkey' })
  appId: string;

  @Column({ name: 'account_id', type: 'uuid' })
  accountId: string;

  @ManyToOne(() => AccountEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_id', foreignKeyConstraintName: 'account_app_ids_account_id_fkey' })
  account?: AccountEntity;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
