import { PlugboardToolCodes, PlugboardToolError } from '../errors.js';

const PACKAGE_NAME = /^(?:@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/;

/** Check an npm package name the way the registry would accept a new one. */
export function assertPackageName(name: string): void {
  if (name.length > 214 || !PACKAGE_NAME.test(name)) {
    throw new PlugboardToolError(
      PlugboardToolCodes.NAME_INVALID,
      `plugboard: "${name}" is not a valid npm package name; use lower case letters, digits, "-", "." or "_", optionally with a scope, e.g. @acme/plugboard-cli-deploy.`,
      { exitCode: 2 },
    );
  }
}

export type NameCase = 'kebab' | 'upper';

/**
 * The entry point name a package suggests: the unscoped name without the
 * conventional `plugboard-` and `<group>-` prefixes (`@acme/plugboard-cli-deploy` → `deploy`).
 */
export function suggestPluginName(packageName: string, group: string, nameCase: NameCase): string {
  let base = packageName.replace(/^@[^/]+\//, '');
  for (const prefix of ['plugboard-', `${group}-`, 'plugin-']) {
    if (base.startsWith(prefix) && base.length > prefix.length) base = base.slice(prefix.length);
  }
  const words = base.split(/[^a-zA-Z0-9]+/).filter(Boolean);
  return nameCase === 'upper' ? words.join('_').toUpperCase() : words.join('-').toLowerCase();
}

export function assertPluginName(name: string, nameCase: NameCase): void {
  const ok = nameCase === 'upper' ? /^[A-Z][A-Z0-9_]*$/.test(name) : /^[a-z][a-z0-9-]*$/.test(name);
  if (!ok) {
    throw new PlugboardToolError(
      PlugboardToolCodes.NAME_INVALID,
      `plugboard: plugin name "${name}" does not fit this host; it must be ${
        nameCase === 'upper'
          ? 'UPPER_SNAKE_CASE (e.g. VAULT)'
          : 'kebab-case starting with a letter (e.g. deploy)'
      }. Pass --plugin-name to choose one.`,
      { exitCode: 2 },
    );
  }
}

/** Spellings of the plugin name for use in code templates. */
export function nameVariants(pluginName: string): {
  pascalName: string;
  camelName: string;
  constName: string;
} {
  const words = pluginName
    .split(/[^a-zA-Z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
  const pascalName = words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
  return {
    pascalName,
    camelName: pascalName[0]!.toLowerCase() + pascalName.slice(1),
    constName: words.join('_').toUpperCase(),
  };
}
