import request from 'supertest';
import { FixedClock } from '../../src/common/clock';
import { JobRunner } from '../../src/jobs/job-runner.service';
import { auth } from '../accounts/fixtures';
import type { TestApp } from '../support/test-app';

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Daily rows of one metric from `from` to `to` (inclusive), the value given by the day. */
export async function ingestDaily(t: TestApp, accountId: string, metric: string, from: string, to: string, value: (day: string) => number, weight?: number): Promise<void> {
  const rows: Record<string, unknown>[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) rows.push({ account: accountId, metric, date: day, value: value(day), ...(weight === undefined ? {} : { weight }) });
  const response = await request(t.server).post('/api/v1/usage').set(auth(t.adminKey)).send(rows);
  if (response.status !== 200 || response.body.rejected > 0) throw new Error(`usage not ingested: ${response.status} ${JSON.stringify(response.body).slice(0, 500)}`);
}

/** Triggers the health-scores job and waits for it; answers the job run and the health run it made. */
export async function runHealthJob(t: TestApp): Promise<{ jobRun: Record<string, any>; healthRun: Record<string, any> | undefined }> {
  const triggered = await request(t.server).post('/api/v1/jobs/health-scores/run').set(auth(t.adminKey)).expect(202);
  await t.app.get(JobRunner).drain();
  const runs = await request(t.server).get('/api/v1/jobs/runs?job=health-scores').set(auth(t.adminKey)).expect(200);
  const jobRun = runs.body.items.find((run: { id: string }) => run.id === triggered.body.id);
  const healthRun = (await t.db.pool.query('SELECT id, kind, status, as_of::text AS "asOf", accounts_scored AS "accountsScored", error FROM health_runs WHERE job_run_id = $1', [triggered.body.id])).rows[0];
  return { jobRun, healthRun };
}

/** Moves a fixed clock (each manual trigger needs its own instant: the slot is the trigger time). */
export function at(clock: FixedClock, instant: string): void {
  clock.set(new Date(instant));
}

export function health(t: TestApp, accountId: string, key = t.adminKey): request.Test {
  return request(t.server).get(`/api/v1/accounts/${accountId}/health`).set(auth(key));
}
