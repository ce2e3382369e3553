/** What `recordingResolver` builds: a plain resolver object (the shape `defineResolver` returns). */
export interface RecordingResolver {
  prefix: string;
  secret: boolean;
  resolve(value: string): Promise<unknown> | unknown;
}

export interface RecordingResolverOptions {
  /** Answer after this many ms (default: at once, synchronously). */
  ms?: number;
  /** Mark its values secret (redacted when printed). */
  secret?: boolean;
}

/**
 * A resolver answering from a map and recording each value it was asked for,
 * to assert how often (and with what) a host calls its resolvers.
 */
export function recordingResolver(
  prefix: string,
  values: Record<string, unknown>,
  options: RecordingResolverOptions = {},
): { resolver: RecordingResolver; calls: string[] } {
  const calls: string[] = [];
  const resolver: RecordingResolver = {
    prefix,
    secret: options.secret ?? false,
    resolve(value) {
      calls.push(value);
      if (!options.ms) return values[value];
      return new Promise((resolve) => setTimeout(() => resolve(values[value]), options.ms));
    },
  };
  return { resolver, calls };
}
