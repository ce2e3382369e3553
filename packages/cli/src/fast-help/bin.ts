import { tryFastHelp } from './answer.js';

// The one bin body of every @plugboard/cli app (provision, plugboard…). The app's
// bin is CommonJS and requires this file's CommonJS build by path, so a help-only
// command line is answered before Node resolves any package or starts its ESM loader.
const path = process.getBuiltinModule('node:path');
const fs = process.getBuiltinModule('node:fs');
const url = process.getBuiltinModule('node:url');

export interface BinOptions {
  /** The app's package folder (the bin's `..`). */
  app: string;
  /** Host data for help (`name`, `description`, `plugins`…), relative to `app`. Default `host.json`. */
  host?: string;
  /** Take `version` from the app's package.json instead of the host file. */
  versionFromPackage?: boolean;
  /** Whether the app's own dependencies are its bundled plugins (passes `root: app`). Default true. */
  bundled?: boolean;
  /** The full CLI's ESM entry, relative to `app`. Default `dist/bin.js`. */
  entry?: string;
}

/** Answer help from the index, or import the full CLI. */
export function main(o: BinOptions): void {
  const read = (file: string) => JSON.parse(fs.readFileSync(path.join(o.app, file), 'utf8'));
  const host = read(o.host ?? 'host.json');
  if (o.versionFromPackage) host.version = read('package.json').version;
  if (o.bundled !== false) host.root = o.app;
  const code = tryFastHelp(host);
  if (code === undefined) import(url.pathToFileURL(path.join(o.app, o.entry ?? 'dist/bin.js')).href);
  else process.exitCode = code;
}
