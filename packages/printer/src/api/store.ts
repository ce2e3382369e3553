import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { RpcError } from './rpc.js';

/**
 * Moonraker's database: namespaces of JSON values, addressed by dotted keys,
 * persisted as one JSON file (written atomically after each change). Frontends
 * keep their settings here, so it must survive restarts of the host.
 */
export class JsonDatabase {
  private data: Record<string, Record<string, unknown>>;

  constructor(private readonly file: string) {
    try {
      this.data = JSON.parse(readFileSync(file, 'utf8')) as Record<string, Record<string, unknown>>;
    } catch {
      this.data = {};
    }
  }

  namespaces(): string[] {
    return Object.keys(this.data);
  }

  private path(key: string | undefined): string[] {
    return key === undefined || key === '' ? [] : key.split('.');
  }

  get(namespace: string, key?: string): unknown {
    const ns = this.data[namespace];
    if (!ns) throw new RpcError(404, `Namespace '${namespace}' not found`);
    let node: unknown = ns;
    for (const part of this.path(key)) {
      if (typeof node !== 'object' || node === null || !(part in node)) {
        throw new RpcError(404, `Key '${key}' in namespace '${namespace}' not found`);
      }
      node = (node as Record<string, unknown>)[part];
    }
    return node;
  }

  set(namespace: string, key: string, value: unknown): void {
    const parts = this.path(key);
    if (parts.length === 0) throw new RpcError(400, 'No data for argument: key');
    this.data[namespace] ??= {};
    let node = this.data[namespace]!;
    for (const part of parts.slice(0, -1)) {
      if (typeof node[part] !== 'object' || node[part] === null) node[part] = {};
      node = node[part] as Record<string, unknown>;
    }
    node[parts.at(-1)!] = value;
    this.save();
  }

  delete(namespace: string, key: string): unknown {
    const value = this.get(namespace, key);
    const parts = this.path(key);
    let node = this.data[namespace]! as Record<string, unknown>;
    for (const part of parts.slice(0, -1)) node = node[part] as Record<string, unknown>;
    delete node[parts.at(-1)!];
    if (Object.keys(this.data[namespace]!).length === 0) delete this.data[namespace];
    this.save();
    return value;
  }

  private save(): void {
    mkdirSync(dirname(this.file), { recursive: true });
    const temp = `${this.file}.tmp`;
    writeFileSync(temp, JSON.stringify(this.data));
    renameSync(temp, this.file);
  }
}
