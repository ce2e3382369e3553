import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { CliError, CliErrorCodes } from '../errors.js';
import { BUILTIN_GROUPS, originOf } from '../fast-help/index.js';
import type { HostState } from '../host-state.js';
import { type AnyHost, checkCandidate, offered } from './check.js';
import { readLinks, readUserManifest, specName, writeLinks } from './store.js';
import { transaction, withStore } from './transaction.js';

function result(state: HostState, data: unknown, text: string): void {
  state.io.print(state.flags.json ? JSON.stringify(data, null, 2) : text);
}

const changed = (before: Record<string, string>, after: Record<string, string>) =>
  Object.keys(after).filter((n) => before[n] !== after[n]);

/** A path argument (`./my-plugin`, `../x`, `/abs`, `~` expanded by the shell) against the user's cwd. */
const isPath = (spec: string) => spec.startsWith('.') || isAbsolute(spec) || existsSync(spec);

function notInstalled(state: HostState, name: string): CliError {
  const entry = [...state.groups.values()].find((g) => g.package.name === name);
  return new CliError(
    CliErrorCodes.NOT_INSTALLED,
    entry && entry.origin === 'bundled'
      ? `${name} is bundled with ${state.cliName} and cannot be removed or updated on its own.`
      : `${name} is not installed; \`${state.cliName} plugins list\` shows what is.`,
    { cli: state.cliName, package: name },
  );
}

/** The `name` in a folder's package.json, or undefined when it has none. */
function packageNameAt(dir: string): string | undefined {
  try {
    return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string }).name;
  } catch {
    return undefined;
  }
}

/** Remove a link (by folder or package name) under the store's lock; undefined when it is not linked. */
async function unlink(state: HostState, what: string): Promise<string | undefined> {
  const dir = state.paths.pluginsDir;
  return withStore(state, () => {
    const links = readLinks(dir);
    const linked = links.find((l) => resolve(l) === resolve(what) || packageNameAt(l) === what);
    if (linked && !state.flags.dryRun)
      writeLinks(
        dir,
        links.filter((l) => l !== linked),
        state.cliName,
      );
    return linked;
  });
}

interface ListRow {
  group: string;
  package: string;
  version: string;
  origin: string;
  description: string;
  host: string;
  dir: string;
  problem?: { code: string; message: string };
}

/** Linked folders that give no host anything (e.g. a typo in `plugboard.entryPoints`): listed, not hidden. */
function idleLinks(state: HostState, rows: readonly ListRow[]): ListRow[] {
  const used = new Set(rows.filter((r) => r.dir).map((r) => resolve(r.dir)));
  const groups = ['cli', ...(state.options.pluginHosts ?? []).map((h) => h.group)]
    .map((g) => `plugboard.entryPoints.${g}`)
    .join(' or ');
  return state.links
    .filter((dir) => !used.has(resolve(dir)))
    .map((dir) => {
      let json: { name?: string; version?: string } = {};
      try {
        json = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      } catch {
        // a folder that is gone or has no package.json: the message says so
      }
      const what = existsSync(join(dir, 'package.json'))
        ? `${dir} declares no ${groups} entry this host can use`
        : `${dir} has no package.json (moved or deleted?)`;
      return {
        group: '-',
        package: json.name ?? dir,
        version: json.version ?? '?',
        origin: 'linked',
        description: '',
        host: '-',
        dir,
        problem: {
          code: CliErrorCodes.LINK_INVALID,
          message: `${what}; fix it, or \`${state.cliName} plugins unlink ${dir}\``,
        },
      };
    });
}

/** The plugins of one of the CLI's `pluginHosts` in the places this CLI manages (and the host app's dependencies). */
function otherPlugins(state: HostState, host: AnyHost) {
  const root = state.options.root;
  const found = host.discover({
    cwd: root ?? state.paths.pluginsDir,
    sources: { paths: state.links, userDir: state.paths.pluginsDir, dependencies: root !== undefined },
    cache: false,
  });
  const usable = found.plugins
    .filter((p) => p.source !== 'provided')
    .map((p) => {
      const meta = p.meta as { description?: unknown; displayName?: unknown } | undefined;
      const description = [meta?.description, meta?.displayName].find((d) => typeof d === 'string');
      return {
        group: p.name,
        package: p.package.name,
        version: p.package.version,
        origin: originOf(p.source),
        description: (description as string | undefined) ?? p.package.manifest.description ?? '',
        host: host.group,
        dir: p.package.dir,
      };
    });
  // what the host would refuse, and why (an incompatible peer range, invalid metadata…)
  const excluded = found.excluded.map((e) => ({
    group: e.name,
    package: e.package.name,
    version: e.package.version,
    origin: 'excluded',
    description: '',
    host: host.group,
    dir: e.package.dir,
    problem: { code: e.problem.code, message: e.problem.message },
  }));
  return [...usable, ...excluded];
}

/** `plugins list|install|uninstall|link|unlink|update`. */
export function registerPluginCommands(program: Command, state: HostState): void {
  const description = BUILTIN_GROUPS.find(([n]) => n === 'plugins')![1];
  const plugins = program.command('plugins').description(description);
  plugins
    .command('list')
    .alias('ls')
    .description('list command groups and where they come from (linked > user > bundled)')
    .action(() => {
      const found: ListRow[] = [...state.groups.values()].map((g) => ({
        group: g.name,
        package: g.package.name,
        version: g.package.version,
        origin: g.origin,
        description: g.description,
        host: 'cli',
        dir: g.package.dir ?? '',
      }));
      for (const e of state.found.excluded)
        found.push({
          group: e.name,
          package: e.package.name,
          version: e.package.version,
          origin: 'excluded',
          description: '',
          host: 'cli',
          dir: e.package.dir,
          problem: { code: e.problem.code, message: e.problem.message },
        });
      for (const host of state.options.pluginHosts ?? []) found.push(...otherPlugins(state, host));
      found.push(...idleLinks(state, found));
      const rows = found.map(({ dir: _dir, ...row }) => row);
      const width = Math.max(5, ...rows.map((r) => r.group.length));
      const kind = (host: string) => (host === 'cli' || host === '-' ? '' : `, ${host} plugin`);
      result(
        state,
        rows,
        rows.length === 0
          ? 'No plugins.'
          : rows
              .map(
                (r) =>
                  `${r.group.padEnd(width)}  ${r.package}@${r.version} (${r.origin}${kind(r.host)})${r.problem ? `: ${r.problem.message}` : ''}`,
              )
              .join('\n'),
      );
    });

  plugins
    .command('install')
    .alias('add')
    .description(
      'install a plugin from the npm registry (or a folder or tarball) into the user plugin directory',
    )
    .argument('<package>', 'npm package with an optional range (name@^1.2.0), or a path (./my-plugin)')
    .action(async (arg: string) => {
      const spec = isPath(arg) ? resolve(arg) : arg;
      if (state.flags.dryRun) return result(state, { install: spec, dryRun: true }, `Would install ${spec}.`);
      if (isPath(arg) && existsSync(resolve(arg, 'package.json')))
        await checkCandidate(resolve(arg), state.cliName, state.options.pluginHosts);
      const name = isPath(arg) ? undefined : specName(spec);
      const checked = await transaction(
        state,
        `Installing ${spec}`,
        `install ${spec}`,
        ['install', '--save', spec],
        (b, a) => (name && name in a ? [name] : changed(b, a)),
      );
      const done = checked.map((c) => ({
        package: c.name,
        version: c.version,
        host: c.host,
        groups: c.groups,
      }));
      result(state, done, checked.map((c) => `Installed ${c.name}@${c.version} (${offered(c)})`).join('\n'));
    });

  plugins
    .command('update')
    .description('update user-installed plugins within their version ranges')
    .argument('[package]', 'only this plugin')
    .action(async (name?: string) => {
      const deps = readUserManifest(state.paths.pluginsDir, state.cliName).dependencies;
      if (name !== undefined && !(name in deps)) throw notInstalled(state, name);
      if (state.flags.dryRun) return result(state, { update: name ?? 'all', dryRun: true }, 'Would update.');
      const old = Object.fromEntries(
        [...state.groups.values()].map((g) => [g.package.name, g.package.version] as const),
      );
      const checked = await transaction(
        state,
        `Updating ${name ?? 'plugins'}`,
        `update ${name ?? ''}`.trim(),
        ['update', ...(name ? [name] : [])],
        (_b, a) => (name ? [name] : Object.keys(a)),
      );
      const rows = checked.map((c) => ({ package: c.name, from: old[c.name], to: c.version }));
      result(
        state,
        rows,
        rows.length === 0
          ? 'No plugins to update.'
          : rows
              .map(
                (r) => `${r.package}: ${r.from === r.to ? `${r.to} (up to date)` : `${r.from} -> ${r.to}`}`,
              )
              .join('\n'),
      );
    });

  plugins
    .command('uninstall')
    .alias('remove')
    .description('remove a user-installed plugin (or a linked one)')
    .argument('<package>', 'package name (or linked folder)')
    .action(async (name: string) => {
      const linked = await unlink(state, name);
      if (linked)
        return result(
          state,
          { unlinked: linked },
          `${state.flags.dryRun ? 'Would unlink' : 'Unlinked'} ${linked}.`,
        );
      const deps = readUserManifest(state.paths.pluginsDir, state.cliName).dependencies;
      if (!(name in deps)) throw notInstalled(state, name);
      if (state.flags.dryRun)
        return result(state, { uninstall: name, dryRun: true }, `Would uninstall ${name}.`);
      await transaction(state, `Uninstalling ${name}`, `uninstall ${name}`, ['uninstall', name], () => []);
      result(state, { uninstalled: name }, `Uninstalled ${name}.`);
    });

  plugins
    .command('link')
    .description('use a plugin from a local folder (takes precedence over installed ones)')
    .argument('<path>', 'the plugin package folder, absolute or relative (./my-plugin)')
    .action(async (path: string) => {
      const dir = resolve(path);
      const checked = await checkCandidate(dir, state.cliName, state.options.pluginHosts).catch(
        (error: unknown) => {
          if (error instanceof CliError && error.code === CliErrorCodes.NOT_A_PLUGIN) {
            throw new CliError(CliErrorCodes.LINK_INVALID, error.message, {
              cli: state.cliName,
              path: dir,
              cause: error,
            });
          }
          throw error;
        },
      );
      if (!state.flags.dryRun)
        await withStore(state, () =>
          writeLinks(
            state.paths.pluginsDir,
            [...readLinks(state.paths.pluginsDir), checked.dir],
            state.cliName,
          ),
        );
      result(
        state,
        { linked: checked.dir, package: checked.name, host: checked.host, groups: checked.groups },
        `${state.flags.dryRun ? 'Would link' : 'Linked'} ${checked.name}@${checked.version} from ${checked.dir} (${offered(checked)})`,
      );
    });

  plugins
    .command('unlink')
    .description('stop using a linked plugin folder')
    .argument('<path>', 'the linked folder (absolute or relative) or its package name')
    .action(async (what: string) => {
      const linked = await unlink(state, what);
      if (!linked)
        throw new CliError(
          CliErrorCodes.NOT_INSTALLED,
          `${what} is not linked; \`${state.cliName} plugins list\` shows linked plugins as (linked).`,
          { cli: state.cliName, path: resolve(what) },
        );
      result(state, { unlinked: linked }, `${state.flags.dryRun ? 'Would unlink' : 'Unlinked'} ${linked}.`);
    });
}
