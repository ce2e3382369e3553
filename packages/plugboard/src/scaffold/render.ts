import { PlugboardToolCodes, PlugboardToolError } from '../errors.js';

/** Replace `{{name}}` placeholders; an unknown one is a template bug, never silently left in. */
export function render(text: string, vars: Readonly<Record<string, string>>, where: string): string {
  return text.replace(/\{\{\s*([A-Za-z][\w]*)\s*\}\}/g, (_, key: string) => {
    const value = vars[key];
    if (value === undefined) {
      throw new PlugboardToolError(
        PlugboardToolCodes.TEMPLATE_INVALID,
        `plugboard: the template uses an unknown placeholder {{${key}}} in ${where}; known ones are ${Object.keys(vars).join(', ')}. Report it to the adapter's maintainers.`,
        { path: where },
      );
    }
    return value;
  });
}

/** Render every string inside a JSON value. */
export function renderJson(value: unknown, vars: Readonly<Record<string, string>>, where: string): unknown {
  if (typeof value === 'string') return render(value, vars, where);
  if (Array.isArray(value)) return value.map((v) => renderJson(v, vars, where));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [render(k, vars, where), renderJson(v, vars, where)]),
    );
  }
  return value;
}

/** Deep merge of plain objects; arrays and scalars from `over` replace. */
export function merge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const prev = out[key];
    const bothObjects =
      prev &&
      value &&
      typeof prev === 'object' &&
      typeof value === 'object' &&
      !Array.isArray(prev) &&
      !Array.isArray(value);
    out[key] = bothObjects ? merge(prev as Record<string, unknown>, value as Record<string, unknown>) : value;
  }
  return out;
}
