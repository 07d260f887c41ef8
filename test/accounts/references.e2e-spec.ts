import request from 'supertest';
import { startTestApp, TestApp } from '../support/test-app';

/** Every ingest route names accounts the same way; a null reference is a 400 on that row, never a 500. */
describe('account references in ingest rows (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.close());

  const rows: Record<string, Record<string, unknown>> = {
    '/api/v1/usage': { metric: 'video-minutes', date: '2026-01-05', value: 10 },
    '/api/v1/adoption': { feature: 'video-basic-call', date: '2026-01-05', adoptionPct: 10 },
    '/api/v1/tickets': { externalId: 'T-1', severity: 'P3', status: 'open', openedAt: '2026-01-05T00:00:00Z' },
    '/api/v1/touchpoints': { kind: 'call', occurredAt: '2026-01-05T00:00:00Z' },
    '/api/v1/nps': { score: 9, respondedAt: '2026-01-05T00:00:00Z' },
    '/api/v1/outcomes': { kind: 'renewed', date: '2026-01-05', arrChange: '0' },
  };

  it.each(Object.keys(rows))('%s answers 400 for a null or missing account, naming the row', async (route) => {
    for (const reference of [{ account: null }, {}, { account: null, accountExternalId: null, appId: null }]) {
      const response = await request(t.server).post(route).set('Authorization', `Bearer ${t.adminKey}`).send([{ ...reference, ...rows[route] }]);
      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ line: 1, path: expect.stringMatching(/^account/) })]));
    }
  });
});
