/** Callbacks per signal: one real listener per AbortSignal, however many tasks share it. */
const registry = new WeakMap<AbortSignal, Set<() => void>>();

/**
 * Run `fn` when `signal` aborts; returns a disposer. Tasks of one run share its signal,
 * and EventTarget checks every add against every listener (quadratic over thousands of
 * jobs, and a MaxListeners warning past ten).
 */
export function onAbort(signal: AbortSignal, fn: () => void): () => void {
  let set = registry.get(signal);
  if (!set) {
    const callbacks = new Set<() => void>();
    set = callbacks;
    registry.set(signal, callbacks);
    signal.addEventListener(
      'abort',
      () => {
        for (const cb of [...callbacks]) cb();
        callbacks.clear();
      },
      { once: true },
    );
  }
  set.add(fn);
  return () => set.delete(fn);
}
