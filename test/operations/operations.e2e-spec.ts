import request from 'supertest';
import { startTestApp, TestApp } from '../support/test-app';

describe('operations (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.close());

  it('answers liveness and readiness without a key', async () => {
    await request(t.server).get('/health').expect(200, { status: 'ok' });
    const ready = await request(t.server).get('/health/ready').expect(200);
    expect(ready.body).toMatchObject({ status: 'ok', info: { database: { status: 'up' } } });
  });

  it('returns a request id on every answer, keeping a sane one the caller sent', async () => {
    const generated = await request(t.server).get('/health').expect(200);
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const kept = await request(t.server).get('/health').set('X-Request-Id', 'trace-abc.123').expect(200);
    expect(kept.headers['x-request-id']).toBe('trace-abc.123');
    const replaced = await request(t.server).get('/health').set('X-Request-Id', 'bad id with spaces').expect(200);
    expect(replaced.headers['x-request-id']).not.toBe('bad id with spaces');
    const problem = await request(t.server).get('/api/v1/api-keys').set('X-Request-Id', 'trace-xyz').expect(401);
    expect(problem.body.requestId).toBe('trace-xyz');
  });

  it('answers unknown routes with a 404 problem', async () => {
    const response = await request(t.server).get('/api/v1/nothing-here').set('Authorization', `Bearer ${t.adminKey}`).expect(404);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(response.body).toMatchObject({ status: 404, title: 'Not found' });
  });

  it('serves Prometheus metrics with request durations by route and status', async () => {
    await request(t.server).get('/health').expect(200);
    const metrics = await request(t.server).get('/metrics').expect(200);
    expect(metrics.headers['content-type']).toMatch(/text\/plain/);
    expect(metrics.text).toMatch(/http_request_duration_seconds_count\{method="GET",route="\/health",status="200"\} \d+/);
    expect(metrics.text).toContain('job_run_duration_seconds');
  });

  it('serves the OpenAPI document listing roles and problem answers for each route', async () => {
    const docs = await request(t.server).get('/docs-json').expect(200);
    const createKey = docs.body.paths['/api/v1/api-keys'].post;
    expect(createKey['x-roles']).toEqual(['admin']);
    expect(createKey.description).toContain('Roles: admin');
    expect(createKey.responses['401'].content['application/problem+json']).toBeDefined();
    expect(createKey.responses['403']).toBeDefined();
    expect(docs.body.paths['/api/v1/jobs/runs'].get['x-roles']).toEqual(['admin', 'manager']);
    expect(docs.body.components.schemas.ProblemDto).toBeDefined();
    const ui = await request(t.server).get('/docs').redirects(1).expect(200);
    expect(ui.text).toContain('swagger');
  });
});

describe('metrics behind METRICS_TOKEN (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { METRICS_TOKEN: 'scrape-secret' } });
  });
  afterAll(async () => t.close());

  it('asks for the token', async () => {
    await request(t.server).get('/metrics').expect(401);
    await request(t.server).get('/metrics').set('Authorization', 'Bearer wrong').expect(401);
    await request(t.server).get('/metrics').set('Authorization', 'Bearer scrape-secret').expect(200);
  });
});
