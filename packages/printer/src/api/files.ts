import {
  createWriteStream,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { dirname, join, relative, resolve, sep } from 'node:path';
import busboy from 'busboy';
import { RpcError } from './rpc.js';

export interface FileItem {
  path: string;
  root: string;
  modified: number;
  size: number;
  permissions: string;
}

/**
 * The file roots frontends browse: `gcodes` (the virtual sdcard's folder) and
 * `config` (printer.cfg's folder). Every path is checked to stay inside its root.
 */
export class FileRoots {
  constructor(private readonly roots: () => Record<string, string>) {}

  dir(root: string): string {
    const dir = this.roots()[root];
    if (!dir) throw new RpcError(400, `Invalid root request: ${root}`);
    return dir;
  }

  /** Split `gcodes/sub/x.gcode` (or a path relative to `root`) into root and absolute path. */
  resolve(path: string, defaultRoot = 'gcodes'): { root: string; full: string; rel: string } {
    const clean = path.replace(/^\/+/, '');
    const first = clean.split('/')[0]!;
    const root = first in this.roots() ? first : defaultRoot;
    const rest = first in this.roots() ? clean.slice(first.length + 1) : clean;
    const base = this.dir(root);
    const full = resolve(base, rest);
    if (full !== base && !full.startsWith(base + sep)) throw new RpcError(403, `Illegal path: ${path}`);
    return { root, full, rel: relative(base, full).split(sep).join('/') };
  }

  item(root: string, full: string): FileItem {
    const st = statSync(full);
    return {
      path: relative(this.dir(root), full).split(sep).join('/'),
      root,
      modified: st.mtimeMs / 1000,
      size: st.size,
      permissions: 'rw',
    };
  }

  list(root: string): Array<Omit<FileItem, 'root'>> {
    const base = this.dir(root);
    const out: Array<Omit<FileItem, 'root'>> = [];
    const walk = (dir: string) => {
      let names: string[] = [];
      try {
        names = readdirSync(dir);
      } catch {
        return;
      }
      for (const name of names.sort()) {
        if (name.startsWith('.')) continue;
        const full = join(dir, name);
        const st = statSync(full, { throwIfNoEntry: false });
        if (st?.isDirectory()) walk(full);
        else if (st)
          out.push({
            path: relative(base, full).split(sep).join('/'),
            modified: st.mtimeMs / 1000,
            size: st.size,
            permissions: 'rw',
          });
      }
    };
    walk(base);
    return out;
  }

  directory(path: string) {
    const { root, full } = this.resolve(path);
    const dirs: Array<{ dirname: string; modified: number; size: number; permissions: string }> = [];
    const files: Array<{ filename: string; modified: number; size: number; permissions: string }> = [];
    let names: string[];
    try {
      names = readdirSync(full);
    } catch {
      throw new RpcError(404, `Directory does not exist (${path})`);
    }
    for (const name of names.sort()) {
      if (name.startsWith('.')) continue;
      const st = statSync(join(full, name), { throwIfNoEntry: false });
      if (!st) continue;
      const entry = { modified: st.mtimeMs / 1000, size: st.size, permissions: 'rw' };
      if (st.isDirectory()) dirs.push({ dirname: name, ...entry });
      else files.push({ filename: name, ...entry });
    }
    return {
      dirs,
      files,
      disk_usage: { total: 0, used: 0, free: 0 },
      root_info: { name: root, permissions: 'rw' },
    };
  }

  /** Size, times and what a slicer wrote in its comments (estimated time, filament, layer height). */
  metadata(filename: string): Record<string, unknown> {
    const { full, rel } = this.resolve(filename);
    let st: ReturnType<typeof statSync>;
    try {
      st = statSync(full);
    } catch {
      throw new RpcError(404, `Metadata not available for <${filename}>`);
    }
    const head = readFileSync(full, 'utf8').slice(0, 64 * 1024);
    const find = (re: RegExp) => {
      const m = re.exec(head);
      return m ? Number(m[1]) : undefined;
    };
    return {
      filename: rel,
      size: st.size,
      modified: st.mtimeMs / 1000,
      estimated_time: find(/;\s*(?:estimated printing time \(normal mode\)|TIME)\s*[:=]\s*(\d+)/i),
      filament_total: find(/;\s*filament used \[mm\]\s*=\s*([\d.]+)/i),
      layer_height: find(/;\s*layer_height\s*=\s*([\d.]+)/i),
      print_start_time: null,
      job_id: null,
    };
  }

  delete(path: string): FileItem {
    const { root, full } = this.resolve(path);
    let item: FileItem;
    try {
      item = this.item(root, full);
    } catch {
      throw new RpcError(404, `File does not exist: ${path}`);
    }
    rmSync(full);
    return item;
  }

  /** Receive a multipart upload (`file`, optional `root`, `path`, `print`), as Moonraker's /server/files/upload. */
  upload(req: IncomingMessage): Promise<{ item: FileItem; print: boolean }> {
    return new Promise((done, fail) => {
      const fields: Record<string, string> = {};
      let saved: Promise<{ temp: string; name: string }> | undefined;
      let parser: busboy.Busboy;
      try {
        parser = busboy({ headers: req.headers, limits: { files: 1 } });
      } catch {
        fail(new RpcError(400, 'Expected a multipart/form-data upload'));
        return;
      }
      parser.on('field', (name, value) => {
        fields[name] = value;
      });
      parser.on('file', (_name, stream, info) => {
        const dir = this.dir('gcodes');
        mkdirSync(dir, { recursive: true });
        const temp = join(dir, `.upload-${process.pid}-${Date.now()}`);
        saved = new Promise((ok, bad) => {
          const out = createWriteStream(temp);
          stream.pipe(out);
          out.on('finish', () => ok({ temp, name: info.filename ?? 'upload.gcode' }));
          out.on('error', bad);
        });
      });
      parser.on('error', (e) => fail(new RpcError(400, `Upload failed: ${(e as Error).message}`)));
      parser.on('close', async () => {
        try {
          if (!saved) throw new RpcError(400, 'No file part in the upload');
          const { temp, name } = await saved;
          const root = fields.root ?? 'gcodes';
          const target = this.resolve(`${root}/${fields.path ? `${fields.path}/` : ''}${name}`);
          if (target.root === 'gcodes' && !/\.(gcode|g|gco)$/i.test(name)) {
            rmSync(temp, { force: true });
            throw new RpcError(400, `File extension not supported for root gcodes: ${name}`);
          }
          mkdirSync(dirname(target.full), { recursive: true });
          renameSync(temp, target.full);
          done({ item: this.item(target.root, target.full), print: fields.print === 'true' });
        } catch (error) {
          fail(error);
        }
      });
      req.pipe(parser);
    });
  }
}
