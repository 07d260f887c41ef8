import { chunksOf, groupBy } from './collections';

describe('groupBy', () => {
  it('groups by key, keeping the order of items within a group and of first appearance', () => {
    const groups = groupBy([{ a: 'x', n: 1 }, { a: 'y', n: 2 }, { a: 'x', n: 3 }], (item) => item.a);
    expect([...groups.keys()]).toEqual(['x', 'y']);
    expect(groups.get('x')!.map((item) => item.n)).toEqual([1, 3]);
    expect(groupBy([], () => 'k').size).toBe(0);
  });
});

describe('chunksOf', () => {
  it('slices in order, the last slice shorter', () => {
    expect(chunksOf([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunksOf([], 3)).toEqual([]);
  });
});
