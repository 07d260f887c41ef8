import { findPrerequisiteCycle, withPrerequisites } from './prerequisite-graph';

const graph = (edges: Record<string, string[]>) => new Map(Object.entries(edges));

describe('findPrerequisiteCycle', () => {
  it.each([
    ['no prerequisites', {}, 'a', null],
    ['a chain', { a: ['b'], b: ['c'], c: [] }, 'a', null],
    ['a diamond (shared prerequisite is not a cycle)', { a: ['b', 'c'], b: ['d'], c: ['d'], d: [] }, 'a', null],
    ['a self-reference', { a: ['a'] }, 'a', ['a', 'a']],
    ['a two-step cycle', { a: ['b'], b: ['a'] }, 'a', ['a', 'b', 'a']],
    ['a long cycle back to the start', { a: ['b'], b: ['c'], c: ['d'], d: ['a'] }, 'a', ['a', 'b', 'c', 'd', 'a']],
    ['a cycle further down, not through the start', { a: ['b'], b: ['c'], c: ['b'] }, 'a', ['b', 'c', 'b']],
    ['an unknown prerequisite (not this function\'s concern)', { a: ['ghost'] }, 'a', null],
  ])('%s', (_case, edges, start, expected) => {
    expect(findPrerequisiteCycle(graph(edges), start)).toEqual(expected);
  });

  it('handles a chain of 20,000 features without overflowing the stack', () => {
    const edges: Record<string, string[]> = {};
    for (let index = 0; index < 20_000; index += 1) edges[`f${index}`] = index < 19_999 ? [`f${index + 1}`] : [];
    expect(findPrerequisiteCycle(graph(edges), 'f0')).toBeNull();
    edges.f19999 = ['f0'];
    expect(findPrerequisiteCycle(graph(edges), 'f0')).toHaveLength(20_001);
  });
});

describe('withPrerequisites', () => {
  it('replaces one feature\'s edges without touching the input', () => {
    const before = graph({ a: [], b: ['a'] });
    const after = withPrerequisites(before, 'a', ['b']);
    expect(before.get('a')).toEqual([]);
    expect(findPrerequisiteCycle(after, 'a')).toEqual(['a', 'b', 'a']);
  });
});
