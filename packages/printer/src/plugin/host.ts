import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type DiscoverySources, defineHost, type HostDiscovery, type ProvidedPlugin } from '@plugboard/core';
import { z } from 'zod';
import { BUILTIN_PLUGINS } from '../builtins/index.js';
import { HOST_NAME, HOST_VERSION } from '../version.js';
import { printerPluginGuard } from './define.js';
import type { PrinterPlugin } from './types.js';

/** `plugboard.printer` in a plugin's package.json: optional text for frontends. */
export const printerMetaSchema = z
  .object({
    /** One line shown in printer.info when the package has no README. */
    description: z.string().optional(),
  })
  .optional();
export type PrinterPluginMeta = z.infer<typeof printerMetaSchema>;

/** Entry names are the first word of a config section, as Klipper module names are. */
export const ENTRY_NAME = /^[a-z][a-z0-9_-]*$/;

/** The printer host on core's kit: group `printer`, entry name = section word. */
export const printerHost = defineHost<PrinterPlugin, PrinterPluginMeta>({
  group: 'printer',
  adapter: { name: HOST_NAME, version: HOST_VERSION },
  entryName: {
    pattern: ENTRY_NAME,
    hint: 'lower-case letters, digits, "_" and "-" (the first word of its config section)',
  },
  guard: printerPluginGuard,
  meta: { schema: printerMetaSchema, per: 'package', onInvalid: 'warn' },
});

export interface PluginSourceOptions {
  /** Project directory whose package.json dependencies are searched. */
  cwd: string;
  /** Folder of local plugins: package folders (or links to them) and single `.js`/`.mjs` files. */
  pluginsDir?: string | false;
  /** Plugins handed in as objects, by section word; they beat installed ones. */
  inline?: Record<string, PrinterPlugin>;
  sources?: DiscoverySources;
  cache?: boolean | string;
}

/**
 * Local plugins beside printer.cfg, as Kalico users keep them in
 * `klippy/plugins/`: folders with a package.json join discovery as linked
 * paths; single files become plugins named after the file, imported only
 * when the config uses them.
 */
export function localPluginSources(dir: string): {
  paths: string[];
  files: ProvidedPlugin<PrinterPlugin, PrinterPluginMeta>[];
} {
  const paths: string[] = [];
  const files: ProvidedPlugin<PrinterPlugin, PrinterPluginMeta>[] = [];
  if (!existsSync(dir)) return { paths, files };
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    const st = statSync(full, { throwIfNoEntry: false });
    if (st?.isDirectory() && existsSync(join(full, 'package.json'))) paths.push(full);
    else if (st?.isFile() && ['.js', '.mjs'].includes(extname(name))) {
      const entry = basename(name, extname(name));
      files.push({
        name: entry,
        precedence: 'first',
        package: { name: `plugins/${name}`, version: '0.0.0' },
        load: async () => {
          const mod = (await import(pathToFileURL(full).href)) as { default?: PrinterPlugin };
          return (mod.default ?? mod) as PrinterPlugin;
        },
      });
    }
  }
  return { paths, files };
}

/**
 * Why a package in the local plugins folder that looks meant for `[name]` (its
 * folder or package is named so, or it declares `name` in another group)
 * does not provide it; undefined when none does. Only runs for an unknown section.
 */
export function localMismatch(dir: string | false | undefined, name: string): string | undefined {
  if (!dir) return undefined;
  for (const folder of localPluginSources(dir).paths) {
    let json: { name?: string; version?: string; plugboard?: { entryPoints?: Record<string, unknown> } };
    try {
      json = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8'));
    } catch {
      continue;
    }
    const groups = json.plugboard?.entryPoints ?? {};
    const claims = Object.entries(groups).filter(
      ([, entries]) => entries && typeof entries === 'object' && name in entries,
    );
    const named = basename(folder) === name || json.name?.split('/').pop() === name;
    if (!named && claims.length === 0) continue;
    const where = `plugins/${basename(folder)} (${json.name ?? '?'}@${json.version ?? '?'})`;
    const declared = Object.keys(groups);
    return declared.length
      ? `${where} declares no "printer" entry point for it (its groups: ${declared.join(', ')}); set plugboard.entryPoints.printer.${name} in its package.json`
      : `${where} declares no plugboard.entryPoints; add "plugboard": { "entryPoints": { "printer": { "${name}": "./dist/index.js" } } } to its package.json`;
  }
  return undefined;
}

/** Discover the printer's plugins: inline, local folder, installed packages, then the built-ins. */
export function discoverPrinterPlugins(
  options: PluginSourceOptions,
): HostDiscovery<PrinterPlugin, PrinterPluginMeta> {
  const local = options.pluginsDir ? localPluginSources(options.pluginsDir) : { paths: [], files: [] };
  const sources: DiscoverySources = { dependencies: true, ...options.sources };
  sources.paths = [...(sources.paths ?? []), ...local.paths];
  const provided: ProvidedPlugin<PrinterPlugin, PrinterPluginMeta>[] = [
    ...Object.entries(options.inline ?? {}).map(([name, value]) => ({
      name,
      value,
      precedence: 'first' as const,
    })),
    ...local.files,
    ...BUILTIN_PLUGINS.map(([name, value]) => ({ name, value, precedence: 'last' as const })),
  ];
  return printerHost.discover({ cwd: options.cwd, sources, provided, cache: options.cache ?? false });
}

/** The first paragraph of a package's README (what Kalico shows for a plugin), or undefined. */
export function readmeSummary(dir: string): string | undefined {
  if (!dir) return undefined;
  let text: string;
  try {
    text = readFileSync(join(dir, 'README.md'), 'utf8');
  } catch {
    return undefined;
  }
  const paragraphs = text
    .replace(/```[\s\S]*?```/g, '')
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p && !p.startsWith('#') && !p.startsWith('!['));
  return paragraphs[0]?.replace(/\s+/g, ' ');
}
