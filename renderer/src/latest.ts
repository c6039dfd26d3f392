/**
 * One fetch in flight at a time, the latest wanted answer kept: a burst of events while a fetch
 * runs costs one more fetch, not one per event, and an answer to an older question never
 * overwrites a newer one.
 */
export class LatestFetch<T> {
  private running = false;
  private again = false;
  private generation = 0;

  constructor(
    private readonly fetch: () => Promise<T>,
    private readonly accept: (value: T) => void,
    private readonly fail: (error: unknown) => void,
  ) {}

  /** The question changed (another chain, size, instrument): answers to the old one are dropped. */
  reset(): void {
    this.generation++;
    this.request();
  }

  request(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    const generation = this.generation;
    this.fetch()
      .then((value) => {
        if (generation === this.generation) this.accept(value);
      }, this.fail)
      .finally(() => {
        this.running = false;
        if (this.again || generation !== this.generation) {
          this.again = false;
          this.request();
        }
      });
  }
}
