import request from 'supertest';
import { JobRunner } from '../../src/jobs/job-runner.service';
import { auth } from '../accounts/fixtures';
import type { TestApp } from '../support/test-app';

/** Triggers a job through the API and waits for it; answers the recorded run. */
export async function runJob(t: TestApp, job: 'review-planning' | 'review-agendas'): Promise<Record<string, any>> {
  const triggered = await request(t.server).post(`/api/v1/jobs/${job}/run`).set(auth(t.adminKey)).expect(202);
  await t.app.get(JobRunner).drain();
  const runs = await request(t.server).get(`/api/v1/jobs/runs?job=${job}`).set(auth(t.adminKey)).expect(200);
  const run = runs.body.items.find((item: { id: string }) => item.id === triggered.body.id);
  if (run?.status !== 'succeeded') throw new Error(`${job} did not succeed: ${JSON.stringify(run)}`);
  return run;
}

export interface StoredReview {
  id: string;
  accountId: string;
  kind: string;
  status: string;
  slot: string;
  dueDate: string;
  originalDueDate: string | null;
  managerId: string | null;
  triggerKeys: string[];
}

export async function storedReviews(t: TestApp, accountId?: string): Promise<StoredReview[]> {
  const result = await t.db.pool.query(
    `SELECT id, account_id AS "accountId", kind, status, slot, due_date::text AS "dueDate", original_due_date::text AS "originalDueDate",
            manager_id AS "managerId", trigger_keys AS "triggerKeys"
     FROM business_reviews ${accountId ? 'WHERE account_id = $1' : ''} ORDER BY account_id, due_date, slot`,
    accountId ? [accountId] : [],
  );
  return result.rows;
}
