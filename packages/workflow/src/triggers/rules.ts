import { isDeepStrictEqual } from 'node:util';

/** An event rule: `when: { event: "file.added", where: { ext: ".txt" } }`. */
export interface EventRule {
  event: string;
  /** Every key must match the event payload: equal values, or one of a list. */
  where?: Record<string, unknown> | undefined;
}

function at(payload: unknown, path: string): unknown {
  let v = payload;
  for (const key of path.split('.'))
    v = v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined;
  return v;
}

/** Whether an event fires a rule. Keys of `where` may be dotted paths into the payload. */
export function ruleMatches(rule: EventRule, event: string, payload: unknown): boolean {
  if (rule.event !== event) return false;
  return Object.entries(rule.where ?? {}).every(([path, want]) => {
    const got = at(payload, path);
    return Array.isArray(want) && !Array.isArray(got)
      ? want.some((w) => isDeepStrictEqual(w, got))
      : isDeepStrictEqual(want, got);
  });
}
