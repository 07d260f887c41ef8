/**
 * Keeps at most `limit` chunks of work in flight: `add` waits for the oldest when full. The first
 * failure is raised (by `add` or `drain`) only after every chunk in flight has settled, so nothing
 * is still writing when the caller cleans up after it.
 */
export class ChunkPipeline {
  private readonly inFlight: Promise<void>[] = [];
  private failure: { error: unknown } | undefined;

  constructor(private readonly limit: number) {}

  async add(work: Promise<void>): Promise<void> {
    this.inFlight.push(
      work.catch((error: unknown) => {
        this.failure ??= { error };
      }),
    );
    while (this.inFlight.length >= this.limit) await this.inFlight.shift();
    if (this.failure) await this.drain();
  }

  async drain(): Promise<void> {
    await Promise.all(this.inFlight.splice(0));
    if (this.failure) throw this.failure.error;
  }
}
