import { fs, path } from './builtins.js';

export interface WriteFileAtomicOptions {
  /** Create the parent folder first (default true). */
  mkdir?: boolean;
  /** fsync the data before the rename, so a crash cannot leave an empty file (default true). */
  fsync?: boolean;
  mode?: number;
}

/**
 * Replace `file` so a reader sees the old or the new content, never half of
 * either: write a temp file beside it, flush it, rename it over. The temp file
 * is removed when anything fails; the error is rethrown for the caller to word.
 */
export function writeFileAtomic(
  file: string,
  data: string | Uint8Array,
  options: WriteFileAtomicOptions = {},
): void {
  if (options.mkdir !== false) fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2, 8)}.tmp`;
  try {
    const fd = fs.openSync(tmp, 'w', options.mode ?? 0o666);
    try {
      fs.writeSync(fd, typeof data === 'string' ? Buffer.from(data) : data);
      if (options.fsync !== false) fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
  } catch (error) {
    fs.rmSync(tmp, { force: true });
    throw error;
  }
}

/** `writeFileAtomic` of a value as JSON (with a trailing newline when pretty). */
export function writeJsonAtomic(
  file: string,
  value: unknown,
  options: WriteFileAtomicOptions & { pretty?: boolean } = {},
): void {
  const text = options.pretty ? `${JSON.stringify(value, null, 2)}\n` : JSON.stringify(value);
  writeFileAtomic(file, text, options);
}
