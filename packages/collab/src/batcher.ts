/**
 * Look-ups asked for while one batch is being looked up are gathered and looked up together
 * next, in one call: a storm of sockets opening hundreds of tables costs a few queries per batch
 * instead of a few per table, and a lone request waits for nothing more than a setImmediate.
 * Requests for the same key share one answer.
 */
export class Batcher<A, V> {
  private readonly lookUp: (args: ReadonlyMap<string, A>) => Promise<ReadonlyMap<string, V | Error>>;
  private waiting = new Map<string, { arg: A; answers: Array<{ resolve: (v: V) => void; reject: (e: unknown) => void }> }>();
  private running = false;
  private scheduled = false;

  /** `lookUp` answers every key it is given, with a value or the Error that key's caller gets. */
  constructor(lookUp: (args: ReadonlyMap<string, A>) => Promise<ReadonlyMap<string, V | Error>>) {
    this.lookUp = lookUp;
  }

  load(key: string, arg: A): Promise<V> {
    return new Promise((resolve, reject) => {
      const entry = this.waiting.get(key);
      if (entry) entry.answers.push({ resolve, reject });
      else this.waiting.set(key, { arg, answers: [{ resolve, reject }] });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.running || this.scheduled) return;
    this.scheduled = true;
    // after the I/O callbacks of this turn: the requests that arrived with this one join it
    setImmediate(() => {
      this.scheduled = false;
      void this.run();
    });
  }

  private async run(): Promise<void> {
    const batch = this.waiting;
    this.waiting = new Map();
    this.running = true;
    try {
      const found = await this.lookUp(new Map([...batch].map(([key, { arg }]) => [key, arg])));
      for (const [key, { answers }] of batch) {
        const value = found.get(key);
        const error = value === undefined ? new Error(`batch look-up gave no answer for ${key}`) : value instanceof Error ? value : null;
        for (const a of answers) {
          if (error) a.reject(error);
          else a.resolve(value as V);
        }
      }
    } catch (e) {
      for (const { answers } of batch.values()) for (const a of answers) a.reject(e);
    } finally {
      this.running = false;
      if (this.waiting.size) this.schedule();
    }
  }
}
