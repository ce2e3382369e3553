import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type CliContext, defineCliPlugin } from '@plugboard/cli';
import { webHost } from '@plugboard/web';
import {
  APP_ROOT,
  ensureUserDir,
  installed,
  type PluginDirs,
  pluginDirs,
  readLinks,
  writeLinks,
} from './paths.js';

/** What a folder offers the web host, or why it offers nothing. */
function inspect(dir: string) {
  const found = webHost.discover({ cwd: dir, sources: { paths: [dir], dependencies: false }, cache: false });
  const why = [...found.excluded.map((e) => e.problem.message), ...found.problems.map((p) => p.message)];
  return { names: found.plugins.map((p) => p.name), why: [...new Set(why)] };
}

function npm(ctx: CliContext, dirs: PluginDirs, args: string[]): void {
  // --legacy-peer-deps: the peer (@plugboard/web) is the running server's, never a second copy in the plugin folder.
  const r = spawnSync(
    'npm',
    [...args, '--prefix', dirs.userDir, '--no-audit', '--no-fund', '--legacy-peer-deps'],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) ctx.fail(`web-server: npm ${args.join(' ')} failed:\n${r.stderr.trim()}`);
}

function list(ctx: CliContext) {
  const dirs = pluginDirs(ctx.paths.dataDir);
  const found = webHost.discover({
    cwd: APP_ROOT,
    sources: { paths: readLinks(dirs), userDir: dirs.userDir, dependencies: true },
    cache: false,
  });
  const source = (s: string) =>
    s === 'path' ? 'linked' : s === 'dependencies' ? 'bundled' : s === 'user' ? 'installed' : s;
  const rows = found.plugins.map((p) => ({
    name: p.name,
    package: `${p.package.name}@${p.package.version}`,
    source: source(p.source),
    category: p.meta?.category ?? '',
    permissions: p.meta?.permissions ?? [],
  }));
  const excluded = found.excluded.map((e) => ({
    name: e.name,
    package: e.package.name,
    problem: e.problem.message,
  }));
  const text = [
    ...rows.map(
      (r) =>
        `${r.name.padEnd(10)} ${r.package.padEnd(36)} ${r.source.padEnd(9)} ${r.category.padEnd(10)} ${r.permissions.join(', ')}`,
    ),
    ...excluded.map((e) => `${e.name.padEnd(10)} ${e.package.padEnd(36)} excluded  ${e.problem}`),
  ].join('\n');
  ctx.output({ plugins: rows, excluded }, text || 'No web plugins.');
}

/**
 * `web-server web-plugins list|install|link|uninstall`: web plugins live in their
 * own npm folder under the data folder (core's `userDir`) or are linked folders
 * (core's `paths`). @plugboard/cli's own `plugins` group manages CLI plugins only.
 */
export const webPluginsGroup = defineCliPlugin({
  name: 'web-plugins',
  description: 'list, install, link and remove web plugins',
  defaults: {},
  commands(group, ctx) {
    const dirs = pluginDirs(ctx.paths.dataDir);
    group
      .command('list')
      .description('web plugins the server would load, and why any are excluded')
      .action(() => list(ctx));
    group
      .command('install')
      .description('install a web plugin from the npm registry, a tarball or a folder')
      .argument('<spec>', 'name[@range], ./plugin.tgz or ./folder')
      .action((spec: string) => {
        ensureUserDir(dirs);
        const before = installed(dirs);
        const local = existsSync(resolve(spec));
        npm(ctx, dirs, ['install', '--save', local ? resolve(spec) : spec]);
        const after = installed(dirs);
        const added = Object.keys(after).filter((n) => before[n] !== after[n]);
        for (const name of added) {
          const { names, why } = inspect(join(dirs.userDir, 'node_modules', name));
          if (names.length === 0) {
            npm(ctx, dirs, ['uninstall', name]);
            ctx.fail(
              `web-server: ${name} is not a usable web plugin (${why.join(' ') || 'no "plugboard.entryPoints.web"'}); it was removed again.`,
            );
          }
          ctx.output(
            { installed: name, plugins: names },
            `Installed ${name} (web plugins: ${names.join(', ')})`,
          );
        }
      });
    group
      .command('link')
      .description('use a plugin folder in place (development); it wins over installed copies')
      .argument('<dir>', 'plugin package folder')
      .action((dir: string) => {
        const abs = resolve(dir);
        const { names, why } = inspect(abs);
        if (names.length === 0)
          ctx.fail(
            `web-server: ${abs} is not a usable web plugin: ${why.join(' ') || 'no "plugboard.entryPoints.web"'}`,
            2,
          );
        const links = readLinks(dirs).filter((l) => l !== abs);
        writeLinks(dirs, [...links, abs]);
        ctx.output({ linked: abs, plugins: names }, `Linked ${abs} (web plugins: ${names.join(', ')})`);
      });
    group
      .command('uninstall')
      .alias('unlink')
      .description('remove an installed plugin (package name) or a link (folder)')
      .argument('<name>', 'package name or linked folder')
      .action((name: string) => {
        const links = readLinks(dirs);
        const abs = resolve(name);
        if (links.includes(abs)) {
          writeLinks(
            dirs,
            links.filter((l) => l !== abs),
          );
          return ctx.output({ unlinked: abs }, `Unlinked ${abs}`);
        }
        if (!(name in installed(dirs)))
          ctx.fail(
            `web-server: ${name} is neither installed nor linked; see \`web-server web-plugins list\`.`,
            2,
          );
        npm(ctx, dirs, ['uninstall', name]);
        ctx.output({ uninstalled: name }, `Uninstalled ${name}`);
      });
  },
});
