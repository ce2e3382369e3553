/**
 * The printer's clock and timers (Klipper's reactor, reduced to what a virtual
 * printer needs). `speed` runs simulated time faster than wall time so that
 * heating and long moves finish quickly in tests and demos.
 */
export class Reactor {
  private readonly origin = performance.now();
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private closed = false;

  constructor(readonly speed = 1) {}

  /** Seconds since the printer started, on the simulated clock. */
  monotonic(): number {
    return ((performance.now() - this.origin) / 1000) * this.speed;
  }

  /** Wait `seconds` of simulated time. */
  pause(seconds: number): Promise<void> {
    return new Promise((resolve) => this.after(seconds, resolve));
  }

  /** Call `fn` after `seconds` of simulated time; returns a cancel function. */
  after(seconds: number, fn: () => void): () => void {
    if (this.closed) return () => undefined;
    const timer = setTimeout(
      () => {
        this.timers.delete(timer);
        fn();
      },
      Math.max(0, (seconds * 1000) / this.speed),
    );
    timer.unref?.();
    this.timers.add(timer);
    return () => {
      clearTimeout(timer);
      this.timers.delete(timer);
    };
  }

  /** Call `fn` every `seconds` of simulated time until cancelled. */
  every(seconds: number, fn: () => void): () => void {
    let cancel: () => void = () => undefined;
    const tick = () => {
      fn();
      cancel = this.after(seconds, tick);
    };
    cancel = this.after(seconds, tick);
    return () => cancel();
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}
