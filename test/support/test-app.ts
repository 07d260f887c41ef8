import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../../src/app.factory';
import type { ApiKeyRole } from '../../src/auth/api-key.entity';
import { ApiKeyService } from '../../src/auth/api-key.service';
import { Clock, SystemClock } from '../../src/common/clock';
import { AppConfig, JOB_NAMES, jobCronVariable, loadConfig } from '../../src/config/app-config';
import { createTestDatabase, TestDatabase } from './test-database';

export interface TestApp {
  app: NestFastifyApplication;
  /** For supertest: `request(testApp.server)`. */
  server: ReturnType<NestFastifyApplication['getHttpServer']>;
  db: TestDatabase;
  config: AppConfig;
  adminKey: string;
  /** Creates a key of the role (bound to a manager for csm and lead) and answers its secret. */
  keyFor(role: ApiKeyRole, managerId?: string): Promise<string>;
  close(): Promise<void>;
}

/** The environment tests run with: no schedules, no demo data, quiet logs. */
export function testEnvironment(overrides: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = { DEMO_DATA: 'false', LOG_LEVEL: 'silent', INSTANCE_ID: 'test' };
  for (const job of JOB_NAMES) env[jobCronVariable(job)] = '';
  return { ...env, ...overrides };
}

export async function startTestApp(options: { clock?: Clock; env?: Record<string, string>; db?: TestDatabase } = {}): Promise<TestApp> {
  const db = options.db ?? (await createTestDatabase());
  const config = loadConfig({ ...testEnvironment(options.env), DATABASE_URL: db.url });
  const app = await createApp({ config, databaseUrl: db.url, clock: options.clock ?? new SystemClock() });
  await app.getHttpAdapter().getInstance().ready();
  const apiKeys = app.get(ApiKeyService);
  const keyFor = async (role: ApiKeyRole, managerId?: string) => (await apiKeys.create({ name: `test ${role}`, role, managerId }, null)).key;
  const adminKey = await keyFor('admin');
  return {
    app,
    server: app.getHttpServer(),
    db,
    config,
    adminKey,
    keyFor,
    close: async () => {
      await app.close();
      if (!options.db) await db.drop();
    },
  };
}
