import { validateBulkRow } from '../common/bulk/bulk-ingest';
import { UsageRowDto } from './dto/usage-row.dto';
import { addDays, UsageMetricRule, usageRowErrors, validateUsageRow } from './usage-row';

const ACCOUNT = '3f1c3d4e-8a7b-4c2d-9e1f-0a1b2c3d4e5f';
const good = { account: ACCOUNT, metric: 'video-minutes', date: '2026-04-30', value: 12.5 };

describe('validateUsageRow answers what class-validator says for UsageRowDto', () => {
  const cases: Array<[string, unknown]> = [
    ['a good row', good],
    ['a good ratio row by app id', { appId: 'app-1', metric: 'join-success-rate', date: '2026-04-30', value: 0.97, weight: 1200 }],
    ['null optional fields', { ...good, weight: null, appId: null, accountExternalId: null }],
    ['an empty object', {}],
    ['every field wrong', { colour: 1, metric: 5, date: 'x', value: 'a', weight: 'b', account: 'nope', accountExternalId: 3, appId: 'x'.repeat(300) }],
    ['empty metric, impossible date, null value', { metric: '', date: '2026-02-30', value: null, account: null }],
    ['long metric, numeric date', { metric: 'a'.repeat(101), date: 20260430, value: 1 }],
    ['a numeric string value', { ...good, value: '12.5' }],
    ['unknown fields in order', { ...good, zeta: 1, alpha: 2 }],
    ['a date before 1900', { ...good, date: '1899-12-31' }],
    ['a date with time', { ...good, date: '2026-04-30T00:00:00Z' }],
    ['an upper-case uuid', { ...good, account: ACCOUNT.toUpperCase() }],
    ['a 200-character external id', { accountExternalId: 'e'.repeat(200), metric: 'm', date: '2026-01-01', value: 0 }],
    ['a boolean weight', { ...good, weight: true }],
  ];
  it.each(cases)('%s', (_name, raw) => {
    const fast = validateUsageRow(raw, 7);
    const reference = validateBulkRow(UsageRowDto, raw, 7);
    expect(fast.errors).toEqual(reference.errors);
    expect(fast.row === undefined).toBe(reference.row === undefined);
  });

  it.each([null, 5, 'row', [good]])('refuses %p as a row', (raw) => {
    expect(validateUsageRow(raw, 3)).toEqual(validateBulkRow(UsageRowDto, raw, 3));
  });

  it('keeps the fields it checked and drops null optional ones', () => {
    expect(validateUsageRow({ ...good, weight: null }, 1).row).toEqual(good);
  });
});

describe('usageRowErrors', () => {
  const sum: UsageMetricRule = { key: 'video-minutes', aggregation: 'sum', allowNegative: false };
  const credit: UsageMetricRule = { key: 'billable-amount', aggregation: 'sum', allowNegative: true };
  const ratio: UsageMetricRule = { key: 'join-success-rate', aggregation: 'ratio', allowNegative: false };
  const latest = '2026-05-02';
  const paths = (row: Record<string, unknown>, metric: UsageMetricRule | undefined) =>
    usageRowErrors({ ...good, ...row } as never, metric, latest, 4).map((error) => `${error.line}:${error.path}`);

  it.each<[string, Record<string, unknown>, UsageMetricRule | undefined, string[]]>([
    ['a good row', {}, sum, []],
    ['tomorrow', { date: '2026-05-02' }, sum, []],
    ['the day after tomorrow', { date: '2026-05-03' }, sum, ['4:date']],
    ['an unknown metric', { metric: 'nope' }, undefined, ['4:metric']],
    ['a negative value', { value: -1 }, sum, ['4:value']],
    ['a negative credit', { value: -1 }, credit, []],
    ['a weight on a sum metric', { weight: 3 }, sum, ['4:weight']],
    ['a ratio with weight', { value: 0.5, weight: 10 }, ratio, []],
    ['a ratio of exactly 0 and 1', { value: 1, weight: 1 }, ratio, []],
    ['a ratio above 1', { value: 1.01, weight: 10 }, ratio, ['4:value']],
    ['a negative ratio', { value: -0.1, weight: 10 }, ratio, ['4:value']],
    ['a ratio without weight', { value: 0.5 }, ratio, ['4:weight']],
    ['a ratio with zero weight', { value: 0.5, weight: 0 }, ratio, ['4:weight']],
    ['a future ratio above 1 without weight', { value: 2, date: '2027-01-01' }, ratio, ['4:date', '4:value', '4:weight']],
  ])('%s', (_name, row, metric, expected) => {
    expect(paths(row, metric)).toEqual(expected);
  });

  it('adds days across months and leap years', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });
});
