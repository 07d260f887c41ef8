/**
 * Feature prerequisites form a directed graph (feature -> the features it needs first) that must
 * stay acyclic, or "adopt X first" advice would loop. Pure: no Nest or database imports.
 */
export type PrerequisiteGraph = ReadonlyMap<string, readonly string[]>;

/**
 * The graph with `featureKey`'s prerequisites replaced by `prerequisites`, as it would be after a
 * create or update; the input is not changed.
 */
export function withPrerequisites(graph: PrerequisiteGraph, featureKey: string, prerequisites: readonly string[]): Map<string, readonly string[]> {
  const next = new Map(graph);
  next.set(featureKey, prerequisites);
  return next;
}

/**
 * A cycle reachable from `start`, as the path of keys that closes it (first and last equal, e.g.
 * `['a', 'b', 'a']`), or null when none. Iterative, so a long chain cannot overflow the stack.
 */
export function findPrerequisiteCycle(graph: PrerequisiteGraph, start: string): string[] | null {
  const done = new Set<string>();
  const onPath = new Map<string, number>(); // key -> index in `path`
  const path: string[] = [];
  const stack: { key: string; next: number }[] = [];

  const enter = (key: string) => {
    onPath.set(key, path.length);
    path.push(key);
    stack.push({ key, next: 0 });
  };
  enter(start);
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    const edges = graph.get(frame.key) ?? [];
    if (frame.next < edges.length) {
      const target = edges[frame.next]!;
      frame.next += 1;
      const index = onPath.get(target);
      if (index !== undefined) return [...path.slice(index), target];
      if (!done.has(target)) enter(target);
      continue;
    }
    stack.pop();
    path.pop();
    onPath.delete(frame.key);
    done.add(frame.key);
  }
  return null;
}
