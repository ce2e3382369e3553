import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The app's folder: its package.json dependencies are the bundled plugins (the web-* examples). */
export const APP_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Where web-server keeps installed and linked web plugins, under the CLI's data folder. */
export interface PluginDirs {
  /** An npm folder (package.json + node_modules) with the installed plugins: core's `userDir`. */
  userDir: string;
  /** JSON list of linked plugin folders: core's `paths` (they win over everything). */
  linksFile: string;
}

export function pluginDirs(dataDir: string): PluginDirs {
  return { userDir: join(dataDir, 'web-plugins'), linksFile: join(dataDir, 'web-links.json') };
}

export function ensureUserDir(dirs: PluginDirs): void {
  mkdirSync(dirs.userDir, { recursive: true });
  const manifest = join(dirs.userDir, 'package.json');
  if (!existsSync(manifest))
    writeFileSync(
      manifest,
      `${JSON.stringify({ name: 'web-server-plugins', private: true, dependencies: {} }, null, 2)}\n`,
    );
}

export function readLinks(dirs: PluginDirs): string[] {
  if (!existsSync(dirs.linksFile)) return [];
  return JSON.parse(readFileSync(dirs.linksFile, 'utf8')) as string[];
}

export function writeLinks(dirs: PluginDirs, links: string[]): void {
  writeFileSync(dirs.linksFile, `${JSON.stringify(links, null, 2)}\n`);
}

export function installed(dirs: PluginDirs): Record<string, string> {
  const file = join(dirs.userDir, 'package.json');
  if (!existsSync(file)) return {};
  return (
    (JSON.parse(readFileSync(file, 'utf8')) as { dependencies?: Record<string, string> }).dependencies ?? {}
  );
}
