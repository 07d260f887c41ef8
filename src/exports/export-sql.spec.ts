import { findDataset } from './export-datasets';
import { biViewSelect, BI_VIEW_CONTEXT, ChangeWindow, exportStatements, inlineParams, sqlLiteral } from './export-sql';

const context = { today: "'2026-11-22'::date", now: "'2026-11-22T10:00:00Z'::timestamptz", reportingCurrency: "'USD'", adoptionThresholdPct: '20' };
const window: ChangeWindow = { previousSnapshot: '100:110:104', previousXmaxAge: 7, previousInProgress: ['104'], previousJudgedAt: '2026-11-22T09:00:00.000Z' };
const all = { includeTest: false, scope: { kind: 'all' as const }, until: null };

describe('sqlLiteral and inlineParams', () => {
  it.each([
    ["it's", "'it''s'"],
    ['back\\slash', "'back\\slash'"],
    [42, '42'],
    [true, 'TRUE'],
    [null, 'NULL'],
  ])('quotes %p as %s', (value, literal) => {
    expect(sqlLiteral(value)).toBe(literal);
  });

  it('refuses values that cannot be literals', () => {
    expect(() => sqlLiteral(Number.NaN)).toThrow();
    expect(() => sqlLiteral('a\0b')).toThrow();
  });

  it('replaces numbered placeholders from the first parameter', () => {
    expect(inlineParams('a = $3 AND b = $4 OR a = $3', ["x'y", 5], 3)).toBe("a = 'x''y' AND b = 5 OR a = 'x''y'");
    expect(() => inlineParams('a = $2', [], 1)).toThrow();
  });
});

describe('exportStatements', () => {
  const usage = findDataset('usage_daily')!;

  it('full pull: live rows of real accounts, no tombstones', () => {
    const statements = exportStatements(usage, context, all, null);
    expect(statements.tombstones).toBeNull();
    expect(statements.rows).toContain('NOT EXISTS (SELECT 1 FROM accounts ta WHERE ta.id = u.account_id AND ta.is_test)');
    expect(statements.rows).not.toContain('JOIN accounts');
    expect(statements.rows).not.toContain('xmin');
  });

  it('incremental pull: rows written at or after the previous xmax or by a then-running transaction, tombstones the previous snapshot could not see', () => {
    const statements = exportStatements(usage, context, all, window);
    expect(statements.rows).toContain("(age(u.xmin) <= 7 OR u.xmin = ANY('{104}'::xid[]))");
    expect(statements.tombstones).toContain("x.table_name IN ('usage_daily')");
    expect(statements.tombstones).toContain("NOT pg_visible_in_snapshot(x.xid, '100:110:104'::pg_snapshot)");
    expect(statements.tombstones).toContain('\'delete\' AS "_op"');
  });

  it('incremental tickets pull: also the open SLA targets whose due time passed between the two pulls', () => {
    const tickets = exportStatements(findDataset('tickets')!, context, all, window).rows;
    for (const target of ['first_response', 'resolution']) {
      expect(tickets).toContain(`t.${target}_outcome IS NULL AND t.${target}_due_at >= '2026-11-22T09:00:00.000Z'::timestamptz AND t.${target}_due_at < '2026-11-22T10:00:00Z'::timestamptz`);
    }
    expect(exportStatements(findDataset('tickets')!, context, all, null).rows).not.toContain('_due_at >=');
    expect(exportStatements(usage, context, all, window).rows).not.toContain('_due_at');
  });

  it('includeTest drops the test-account filter; a csm scope adds the assignment condition with its manager inlined', () => {
    expect(exportStatements(usage, context, { ...all, includeTest: true }, null).rows).not.toContain('is_test');
    const scoped = exportStatements(usage, context, { ...all, scope: { kind: 'manager', managerId: '11111111-1111-4111-8111-111111111111' } }, window);
    expect(scoped.rows).toContain("scope_a.manager_id = '11111111-1111-4111-8111-111111111111'");
    expect(scoped.tombstones).toContain("scope_a.account_id = x.account_id");
  });

  it('until bounds the event day, compared as a UTC day', () => {
    expect(exportStatements(usage, context, { ...all, until: '2026-11-02T23:59:59.999999Z' }, null).rows).toContain("u.day <= ('2026-11-02T23:59:59.999999Z'::timestamptz)::date");
  });

  it('archived accounts are tombstones in incremental pulls and absent from full ones', () => {
    const accounts = findDataset('accounts')!;
    expect(exportStatements(accounts, context, all, null).rows).toContain('a.archived_at IS NULL');
    expect(exportStatements(accounts, context, all, window).rows).toContain("CASE WHEN a.archived_at IS NOT NULL THEN 'delete' ELSE 'upsert' END");
  });

  it('account_health changes with any table it is built from', () => {
    const rows = exportStatements(findDataset('account_health')!, context, all, window).rows;
    for (const table of ['account_health_current', 'alerts', 'account_assignments', 'touchpoints', 'business_reviews', 'feature_adoption_daily', 'fx_rates']) expect(rows).toContain(`FROM ${table} c`);
  });

  it('bi views keep native types and leave out test accounts', () => {
    const view = biViewSelect(findDataset('accounts')!, BI_VIEW_CONTEXT);
    expect(view).toContain('a.app_ids AS "app_ids"');
    expect(view).toContain('NOT a.is_test AND a.archived_at IS NULL');
  });
});
