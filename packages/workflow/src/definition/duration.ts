/** A duration as written in a workflow: milliseconds, or a string such as `500ms`, `2s`, `1.5m`, `1h`. */
export type Duration = number | string;

export const DURATION_PATTERN = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/;
const UNIT = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;

/** Milliseconds of a duration; undefined when it is malformed. */
export function toMs(value: Duration | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : undefined;
  const m = DURATION_PATTERN.exec(value.trim());
  if (!m) return undefined;
  return Number(m[1]) * UNIT[m[2] as keyof typeof UNIT];
}
