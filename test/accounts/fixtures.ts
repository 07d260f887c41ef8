import request from 'supertest';
import type { TestApp } from '../support/test-app';

export const auth = (key: string) => ({ Authorization: `Bearer ${key}` });

let sequence = 0;

/** A valid account body; override any field. */
export function accountBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  sequence += 1;
  return {
    externalId: `crm-${process.pid}-${sequence}`,
    name: `Account ${sequence}`,
    segment: 'growth',
    industry: 'online-education',
    region: 'apac',
    timezone: 'Asia/Shanghai',
    billingModel: 'commit',
    commitAmount: 50000,
    commitPeriod: 'year',
    autoRenew: true,
    renewalDate: '2027-03-31',
    arr: '120000.50',
    currency: 'USD',
    supportPlan: 'premium',
    products: ['video-calling'],
    useCases: ['one-to-one-tutoring'],
    lifecycleStage: 'adoption',
    attributes: { tier: 'gold', seats: 40, strategic: true },
    ...overrides,
  };
}

export async function createAccount(t: TestApp, overrides: Record<string, unknown> = {}): Promise<{ id: string; externalId: string } & Record<string, unknown>> {
  const response = await request(t.server).post('/api/v1/accounts').set(auth(t.adminKey)).send(accountBody(overrides));
  if (response.status !== 201) throw new Error(`account not created: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

export async function createManager(t: TestApp, overrides: Record<string, unknown> = {}): Promise<{ id: string } & Record<string, unknown>> {
  sequence += 1;
  const response = await request(t.server)
    .post('/api/v1/managers')
    .set(auth(t.adminKey))
    .send({ name: `Manager ${sequence}`, email: `manager${sequence}-${process.pid}@vendor.example`, role: 'csm', timezone: 'Europe/Berlin', ...overrides });
  if (response.status !== 201) throw new Error(`manager not created: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

export async function assign(t: TestApp, accountId: string, managerId: string, role: string): Promise<void> {
  await request(t.server).put(`/api/v1/accounts/${accountId}/assignments`).set(auth(t.adminKey)).send({ managerId, role }).expect(200);
}

export function paths(body: { errors?: { path: string }[] }): string[] {
  return (body.errors ?? []).map((error) => error.path);
}
