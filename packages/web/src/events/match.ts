/**
 * Whether a dot-separated topic matches a pattern: `*` stands for one segment,
 * `**` (only last) for one or more; `*` alone matches every topic.
 */
export function matchTopic(pattern: string, topic: string): boolean {
  if (pattern === '*' || pattern === '**' || pattern === topic) return true;
  const p = pattern.split('.');
  const t = topic.split('.');
  for (let i = 0; i < p.length; i++) {
    const seg = p[i];
    if (seg === '**') return i === p.length - 1 && t.length > i;
    if (i >= t.length) return false;
    if (seg !== '*' && seg !== t[i]) return false;
  }
  return p.length === t.length;
}

/** Topic and pattern syntax: non-empty dot-separated segments of letters, digits, `-`, `_` (patterns: `*`, `**`). */
export function checkTopic(value: string, pattern: boolean): string | undefined {
  const seg = pattern ? /^([A-Za-z0-9_-]+|\*|\*\*)$/ : /^[A-Za-z0-9_-]+$/;
  if (typeof value !== 'string' || value === '') return 'must be a non-empty string';
  if (!value.split('.').every((s) => seg.test(s)))
    return pattern
      ? 'must be dot-separated segments of letters, digits, "-", "_", "*" or "**"'
      : 'must be dot-separated segments of letters, digits, "-" and "_"';
  return undefined;
}
