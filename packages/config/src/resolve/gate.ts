/**
 * A concurrency limit for one resolver: at most `max` calls in flight, the
 * rest queued in order. Cheaper than a promise-returning limiter because a
 * call that fits starts at once, with no promise of its own.
 */
export class Gate {
  private active = 0;
  private queue: (() => void)[] = [];
  private head = 0;

  constructor(private readonly max: number) {}

  /** Run `start` now if a slot is free, otherwise when one is released. `start` must call `release` once. */
  enter(start: () => void): void {
    if (this.active < this.max) {
      this.active++;
      start();
    } else {
      this.queue.push(start);
    }
  }

  release(): void {
    if (this.head < this.queue.length) {
      const next = this.queue[this.head]!;
      this.queue[this.head++] = undefined as never;
      if (this.head === this.queue.length) {
        this.queue = [];
        this.head = 0;
      }
      // the slot passes to the next call; a microtask keeps synchronous resolvers from nesting deeply
      queueMicrotask(next);
    } else {
      this.active--;
    }
  }
}
