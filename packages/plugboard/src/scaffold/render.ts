import { createDefu } from 'defu';
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

/** Deep merge by defu (the one deep merge of the SDK); arrays and scalars from `over` replace. */
const mergeReplacingArrays = createDefu((target, key, value) => {
  if (Array.isArray(value) || Array.isArray(target[key])) {
    (target as Record<PropertyKey, unknown>)[key] = value;
    return true;
  }
  return false;
});

export function merge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  return mergeReplacingArrays(over, base);
}
