import { SetMetadata } from '@nestjs/common';

export const AUDITED_METADATA = 'account-health:audited';

export interface AuditedOptions {
  /** e.g. `api-key.create` */
  action: string;
  /** e.g. `api_key` */
  entity: string;
}

/** Names a write for the audit log; writes without it are still logged under their method and route. */
export const Audited = (options: AuditedOptions) => SetMetadata(AUDITED_METADATA, options);
