import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Linked plugin folders, kept beside the user plugin directory's package.json. */
export function linksFile(pluginsDir: string): string {
  return join(pluginsDir, 'links.json');
}

export function readLinks(pluginsDir: string): string[] {
  try {
    const value: unknown = JSON.parse(readFileSync(linksFile(pluginsDir), 'utf8'));
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}

export function writeLinks(pluginsDir: string, links: readonly string[]): void {
  writeJson(linksFile(pluginsDir), [...new Set(links)]);
}

export function writeJson(file: string, value: unknown): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(value, null, 2)}\n`);
  renameSync(tmp, file);
}
