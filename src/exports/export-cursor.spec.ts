import { cursorProblem, decodeCursor, encodeCursor, feedFingerprint, parseSnapshot, toShortXid } from './export-cursor';

describe('parseSnapshot', () => {
  it.each([
    ['100:105:', { xmin: 100n, xmax: 105n, inProgress: [] }],
    ['100:105:100,103', { xmin: 100n, xmax: 105n, inProgress: [100n, 103n] }],
    ['4294967300:4294967310:4294967301', { xmin: 4294967300n, xmax: 4294967310n, inProgress: [4294967301n] }],
  ])('reads %s', (text, expected) => {
    expect(parseSnapshot(text)).toEqual(expected);
  });

  it.each([['105:100:'], ['100:105:99'], ['100:105:105'], ['a:b:'], ['100:105'], ["100:105:1'; DROP TABLE x"]])('refuses %s', (text) => {
    expect(parseSnapshot(text)).toBeNull();
  });
});

describe('cursor encoding', () => {
  const cursor = { snapshot: '100:105:101', feed: 'abc', takenAt: '2026-11-22T04:00:00.000Z' };

  it('round-trips', () => {
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
    const judged = { ...cursor, judgedAt: '2026-11-22T04:00:01.000Z' };
    expect(decodeCursor(encodeCursor(judged))).toEqual(judged);
  });

  it.each([
    ['no prefix', 'xyz'],
    ['not base64url', 'c1.***'],
    ['not JSON', `c1.${Buffer.from('nope').toString('base64url')}`],
    ['a bad snapshot', `c1.${Buffer.from(JSON.stringify({ s: '9:1:', f: 'a', t: '2026-01-01T00:00:00Z' })).toString('base64url')}`],
    ['a bad time', `c1.${Buffer.from(JSON.stringify({ s: '1:2:', f: 'a', t: 'yesterday' })).toString('base64url')}`],
    ['missing fields', `c1.${Buffer.from(JSON.stringify({ s: '1:2:' })).toString('base64url')}`],
    ['a bad judging time', `c1.${Buffer.from(JSON.stringify({ s: '1:2:', f: 'a', t: '2026-01-01T00:00:00Z', n: 42 })).toString('base64url')}`],
  ])('refuses %s', (_name, text) => {
    expect(decodeCursor(text)).toBeNull();
  });

  it('fingerprints the feed: dataset, test accounts, scope and until all count', () => {
    const base = { dataset: 'usage_daily', includeTest: false, scope: 'all', until: null };
    const variants = [base, { ...base, dataset: 'outcomes' }, { ...base, includeTest: true }, { ...base, scope: 'manager:1' }, { ...base, until: '2026-01-01T00:00:00Z' }];
    expect(new Set(variants.map(feedFingerprint)).size).toBe(variants.length);
    expect(feedFingerprint(base)).toBe(feedFingerprint({ ...base }));
  });
});

describe('toShortXid', () => {
  it.each([
    [100n, '100'],
    [2n ** 32n + 100n, '100'],
    [2n ** 32n, '3'],
    [2n ** 33n + 1n, '3'],
  ])('%s → %s', (full, short) => {
    expect(toShortXid(full)).toBe(short);
  });
});

describe('cursorProblem', () => {
  const snapshot = (xmin: bigint, xmax: bigint) => ({ xmin, xmax, inProgress: [] });
  it.each([
    ['a recent cursor', snapshot(100n, 110n), snapshot(200n, 210n), null],
    ['the same snapshot', snapshot(100n, 110n), snapshot(100n, 110n), null],
    ['a cursor ahead of the database', snapshot(100n, 500n), snapshot(200n, 210n), 'from-another-server'],
    ['a cursor two billion transactions old', snapshot(100n, 110n), snapshot(2n ** 31n, 2n ** 31n + 10n), 'too-old'],
  ])('%s', (_name, previous, current, problem) => {
    expect(cursorProblem(previous, current)).toBe(problem);
  });
});
