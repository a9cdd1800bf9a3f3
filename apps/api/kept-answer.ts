/**
 * An answer from a slow or fallible source (Temporal), kept for `ttlMs` — or `errorTtlMs` when it
 * is an error view — so many dashboard polls cost the source one call; concurrent requests share
 * one call in flight. `invalidate()` after an action that changes the answer.
 */
export class KeptAnswer<V extends { error?: string }> {
  private last: { view: V; at: number } | null = null;
  private inFlight: Promise<V> | null = null;

  constructor(private readonly o: { fetch: () => Promise<V>; now: () => Date; ttlMs: number; errorTtlMs: number }) {}

  get(): Promise<V> {
    if (this.last) {
      const ttl = this.last.view.error ? this.o.errorTtlMs : this.o.ttlMs;
      if (this.o.now().getTime() - this.last.at <= ttl) return Promise.resolve(this.last.view);
    }
    this.inFlight ??= this.o
      .fetch()
      .then((view) => {
        this.last = { view, at: this.o.now().getTime() };
        return view;
      })
      .finally(() => {
        this.inFlight = null;
      });
    return this.inFlight;
  }

  invalidate(): void {
    this.last = null;
  }
}
