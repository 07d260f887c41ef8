import { ChunkPipeline } from './chunk-pipeline';

const deferred = () => {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  return { promise, resolve, reject };
};

describe('ChunkPipeline', () => {
  it('keeps at most `limit` chunks in flight', async () => {
    const pipeline = new ChunkPipeline(2);
    const first = deferred();
    const second = deferred();
    await pipeline.add(first.promise);
    let secondAdded = false;
    const adding = pipeline.add(second.promise).then(() => (secondAdded = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(secondAdded).toBe(false); // waits for the oldest chunk
    first.resolve();
    await adding;
    expect(secondAdded).toBe(true);
    second.resolve();
    await pipeline.drain();
  });

  it('raises the first failure only once every chunk in flight has settled', async () => {
    const pipeline = new ChunkPipeline(3);
    const failing = deferred();
    const slow = deferred();
    await pipeline.add(failing.promise);
    await pipeline.add(slow.promise);
    failing.reject(new Error('chunk failed'));
    let settled = false;
    const draining = pipeline.drain().catch((error: Error) => {
      settled = true;
      return error;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false); // the slow chunk is still writing
    slow.resolve();
    expect(await draining).toEqual(new Error('chunk failed'));
  });
});
