import { ApiKeyEntity } from '../auth/api-key.entity';
import { AuditEntryEntity } from '../audit/audit-entry.entity';
import { JobRunEntity } from '../jobs/job-run.entity';

/** Every entity of every module; the migrations must agree with these (a test checks). */
export const ENTITIES = [ApiKeyEntity, AuditEntryEntity, JobRunEntity];
