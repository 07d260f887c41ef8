import request from 'supertest';
import type { TestApp } from '../support/test-app';
import { auth } from '../accounts/fixtures';

let sequence = 0;

/** A valid resolved P2 ticket for the account external id; override any field. */
export function ticketRow(accountExternalId: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  sequence += 1;
  return {
    accountExternalId,
    externalId: `ZD-${process.pid}-${sequence}`,
    severity: 'P2',
    status: 'resolved',
    statusHistory: [
      { status: 'open', at: '2026-06-01T10:00:00Z' },
      { status: 'resolved', at: '2026-06-01T12:00:00Z' },
    ],
    openedAt: '2026-06-01T10:00:00Z',
    firstResponseAt: '2026-06-01T10:10:00Z',
    resolvedAt: '2026-06-01T12:00:00Z',
    escalation: 'L1',
    subject: 'Video freezes in class',
    ...overrides,
  };
}

export function ingestTickets(t: TestApp, rows: unknown[], query = ''): request.Test {
  return request(t.server).post(`/api/v1/tickets${query}`).set(auth(t.adminKey)).send(rows as object[]);
}

export async function ticketCount(t: TestApp): Promise<number> {
  return (await t.db.pool.query('SELECT count(*)::int AS n FROM support_tickets')).rows[0].n as number;
}

/** The distinct error paths of each line. */
export function errorsByLine(body: { errors?: { line?: number; path: string }[] }): Record<number, string[]> {
  const byLine: Record<number, string[]> = {};
  for (const error of body.errors ?? []) {
    const paths = (byLine[error.line ?? 0] ??= []);
    if (!paths.includes(error.path)) paths.push(error.path);
  }
  return byLine;
}
