import { auditSummary } from './audit-summary';

describe('auditSummary', () => {
  it('keeps the fields sent, without secrets', () => {
    expect(auditSummary({ key: 'cloud-recording', role: 'admin', nested: { password: 'p', keep: 1 } }, { id: 'x', key: 'ah_secret' })).toEqual({
      changes: { key: 'cloud-recording', role: 'admin', nested: { password: '[redacted]', keep: 1 } },
    });
  });

  it('summarises a bulk batch by its size and the counts it produced', () => {
    expect(auditSummary([{ a: 1 }, { a: 2 }], { inserted: 1, updated: 1, unchanged: 0, rejected: 0, errors: [] })).toEqual({
      rows: 2,
      result: { inserted: 1, updated: 1, unchanged: 0, rejected: 0 },
    });
  });

  it('does not store a huge body verbatim', () => {
    const summary = auditSummary({ description: 'x'.repeat(20000) }, undefined);
    expect(summary.changes).toEqual({ truncated: true, characters: expect.any(Number) });
  });
});
