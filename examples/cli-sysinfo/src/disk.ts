import { lstat, readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';

export interface DiskUsage {
  path: string;
  files: number;
  folders: number;
  bytes: number;
  /** The largest files, biggest first. */
  largest: Array<{ path: string; bytes: number }>;
  /** True when `maxFiles` stopped the walk early. */
  truncated: boolean;
  /** Folders that could not be read (permissions). */
  unreadable: string[];
}

export interface DiskUsageOptions {
  top: number;
  exclude: readonly string[];
  maxFiles: number;
}

/** Walk `root` (symlinks are not followed), counting files and bytes. */
export async function diskUsage(root: string, o: DiskUsageOptions): Promise<DiskUsage> {
  const usage: DiskUsage = {
    path: root,
    files: 0,
    folders: 0,
    bytes: 0,
    largest: [],
    truncated: false,
    unreadable: [],
  };
  const exclude = new Set(o.exclude);
  const stack = [root];
  while (stack.length > 0) {
    const dir = stack.pop()!;
    let names: string[];
    try {
      names = await readdir(dir);
    } catch {
      usage.unreadable.push(relative(root, dir) || '.');
      continue;
    }
    usage.folders++;
    for (const name of names) {
      if (exclude.has(name)) continue;
      const path = join(dir, name);
      const st = await lstat(path).catch(() => undefined);
      if (!st) continue;
      if (st.isDirectory()) stack.push(path);
      else if (st.isFile()) {
        usage.files++;
        usage.bytes += st.size;
        usage.largest.push({ path: relative(root, path), bytes: st.size });
        if (usage.largest.length > o.top * 4) usage.largest = trim(usage.largest, o.top);
        if (usage.files >= o.maxFiles) {
          usage.truncated = true;
          stack.length = 0;
          break;
        }
      }
    }
  }
  usage.largest = trim(usage.largest, o.top);
  return usage;
}

function trim(list: DiskUsage['largest'], top: number) {
  return list.sort((a, b) => b.bytes - a.bytes || a.path.localeCompare(b.path)).slice(0, top);
}

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'] as const;
export type Unit = 'auto' | (typeof UNITS)[number];

/** 1536 -> "1.5 KB" (powers of 1024). */
export function formatBytes(bytes: number, unit: Unit = 'auto'): string {
  const index =
    unit === 'auto'
      ? Math.min(UNITS.length - 1, bytes > 0 ? Math.floor(Math.log(bytes) / Math.log(1024)) : 0)
      : UNITS.indexOf(unit);
  const value = bytes / 1024 ** index;
  return `${index === 0 ? value : value.toFixed(1)} ${UNITS[index]}`;
}
