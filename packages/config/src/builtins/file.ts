import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import type { StandardSchemaV1 } from '@standard-schema/spec';
import { defineResolver } from '../define.js';
import { watchFiles } from '../watch/files.js';

export interface FileParams {
  /** `utf8` (default) or `base64` for binary files. */
  encoding: 'utf8' | 'base64';
  /** Strip one trailing newline (default true), as files written by editors and `echo` end with one. */
  trim: boolean;
}

/** `?encoding=base64&trim=false`, checked without pulling a validator into the runtime. */
const fileParams: StandardSchemaV1<Record<string, string>, FileParams> = {
  '~standard': {
    version: 1,
    vendor: 'plugboard',
    validate(input) {
      const q = (input ?? {}) as Record<string, string>;
      const issues: StandardSchemaV1.Issue[] = [];
      const encoding = q.encoding ?? 'utf8';
      if (encoding !== 'utf8' && encoding !== 'base64')
        issues.push({ message: 'encoding must be utf8 or base64', path: ['encoding'] });
      const trim = q.trim ?? 'true';
      if (trim !== 'true' && trim !== 'false')
        issues.push({ message: 'trim must be true or false', path: ['trim'] });
      for (const k of Object.keys(q)) {
        if (k !== 'encoding' && k !== 'trim') issues.push({ message: `unknown parameter "${k}"`, path: [k] });
      }
      if (issues.length) return { issues };
      return { value: { encoding: encoding as FileParams['encoding'], trim: trim === 'true' } };
    },
  },
};

/**
 * Resolve a FILE path. In the whole-value form the text after `FILE://` is a
 * path as in a `file:` URI, so `FILE:///etc/x` is absolute, while
 * `FILE:///./x` and `FILE:///../x` are relative; in `${FILE:path}` the path
 * is as written. Relative paths start at the folder of the declaring file.
 */
export function filePath(value: string, form: 'whole' | 'embedded', baseDir: string): string {
  const p = value.trim();
  if (form === 'whole' && !p.startsWith('.') && !p.startsWith('/') && !/^[A-Za-z]:[\\/]/.test(p)) {
    return resolve(`/${p}`);
  }
  return isAbsolute(p) ? p : resolve(baseDir, p);
}

/** `FILE:///run/secrets/db` or `${FILE:./token.txt}`: a file's content, secret, watched when the host watches. */
export const fileResolver = defineResolver({
  prefix: 'FILE',
  secret: true,
  description: 'File contents',
  params: fileParams,
  setup: (ctx) => ({ watch: ctx.watch }),
  async resolve(value, ctx) {
    const file = filePath(value, ctx.form, ctx.baseDir);
    const read = async () => {
      const buf = await readFile(file);
      const text = ctx.params.encoding === 'base64' ? buf.toString('base64') : buf.toString('utf8');
      return ctx.params.trim ? text.replace(/\r?\n$/, '') : text;
    };
    const content = await read();
    if (ctx.state.watch) {
      const stop = watchFiles([file], {
        debounceMs: 20,
        onChange: () =>
          read().then(ctx.onUpdate, (error: unknown) =>
            ctx.logger.warn(`FILE: cannot re-read ${file}: ${String(error)}`),
          ),
        onError: (error, folder) =>
          ctx.logger.warn(
            `FILE: stopped watching ${folder} (${error.message}); ${file} is re-read on reload.`,
          ),
      });
      ctx.signal.addEventListener('abort', () => void stop(), { once: true });
    }
    return content;
  },
});
