import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRegistry, type TestRegistry } from '@plugboard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dependencyClosure, republishAll } from './mirror.js';
import { addChangeset, repoRoot, run, scratchCopy, workspacePackages } from './workspace.js';

// The release path for real: version the scratch copy with changesets, publish
// every public package to a local registry (verdaccio on 127.0.0.1, no uplink),
// then use the packages from a folder outside the workspace as a user would.
const work = mkdtempSync(join(tmpdir(), 'plugboard-release-'));
const changeset = join(repoRoot, 'node_modules', '@changesets', 'cli', 'bin.js');
let registry: TestRegistry;
let version: string;
const timings: Record<string, number> = {};

function project(name: string): string {
  const dir = join(work, 'users', name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, private: true, type: 'module' }));
  return dir;
}

const npm = (args: string[], cwd: string) => {
  const r = registry.npm([...args, '--loglevel=error'], cwd);
  if (r.status !== 0) throw new Error(`npm ${args.join(' ')} failed in ${cwd}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
};

beforeAll(async () => {
  registry = await startRegistry({ from: join(repoRoot, 'packages', 'cli') });
  const packages = workspacePackages().filter((p) => !p.private);
  const names = new Set(workspacePackages().map((p) => p.name));
  // No uplink: third-party dependencies go in first, exactly as this workspace installed them.
  const roots = [...packages.map((p) => p.dir)];
  const toolchain = dependencyClosure([join(repoRoot, 'test', 'release', 'toolchain')], names);
  const t0 = performance.now();
  const closure = new Set([...dependencyClosure(roots, names).values(), ...toolchain.values()]);
  await republishAll(closure, registry.url, 'test-token');
  timings[`mirror ${closure.size} deps`] = Math.round((performance.now() - t0) / 100) / 10;
  const scratch = scratchCopy(join(work, 'scratch'));
  run(
    'pnpm',
    ['install', '--offline', '--frozen-lockfile', '--ignore-scripts', '--reporter=silent'],
    scratch,
  );
  addChangeset(scratch, 'Release test.');
  run(process.execPath, [changeset, 'version'], scratch, registry.env);
  version = JSON.parse(readFileSync(join(scratch, 'packages', 'core', 'package.json'), 'utf8')).version;
  run(process.execPath, [changeset, 'publish'], scratch, registry.env);
}, 600_000);

afterAll(async () => {
  await registry?.stop();
  rmSync(work, { recursive: true, force: true });
  console.log(`release path timings (s): ${JSON.stringify(timings)}`);
});

describe('published packages, used from outside the workspace', () => {
  it('every SDK package is published at one version with workspace ranges rewritten', () => {
    for (const name of ['@plugboard/core', '@plugboard/config', '@plugboard/cli', 'plugboard']) {
      const meta = JSON.parse(npm(['view', `${name}@${version}`, '--json'], work));
      expect(meta.version).toBe(version);
      for (const range of Object.values<string>(meta.dependencies ?? {}))
        expect(range).not.toMatch(/^workspace:/);
    }
    const config = JSON.parse(npm(['view', `@plugboard/config@${version}`, 'dependencies', '--json'], work));
    expect(config['@plugboard/core']).toBe(`^${version}`);
  }, 60_000);

  it('config host: an installed resolver plugin answers its prefix', () => {
    const dir = project('config-user');
    npm(['install', '@plugboard/config', '@plugboard-examples/config-vault'], dir);
    writeFileSync(join(dir, 'vault.json'), JSON.stringify({ db: { password: 'correct horse' } }));
    writeFileSync(join(dir, 'config.yaml'), 'db:\n  password: VAULT:///db/password\n  port: 5432\n');
    writeFileSync(
      join(dir, 'host.mjs'),
      [
        "import { createConfig } from '@plugboard/config';",
        "const config = await createConfig({ file: 'config.yaml' });",
        'console.log(JSON.stringify({ port: config.value.db.port, length: config.value.db.password.length, shown: JSON.stringify(config.value.db) }));',
        'await config.close();',
      ].join('\n'),
    );
    const out = JSON.parse(run(process.execPath, ['host.mjs'], dir));
    expect(out).toMatchObject({ port: 5432, length: 'correct horse'.length });
    expect(out.shown).not.toContain('correct horse');
  }, 120_000);

  it('cli host: a plugin installed beside the host contributes its command group', () => {
    const dir = project('cli-user');
    npm(['install', '@plugboard/cli', '@plugboard-examples/cli-hello'], dir);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    expect(Object.keys(pkg.dependencies)).toContain('@plugboard-examples/cli-hello');
    writeFileSync(
      join(dir, 'host.mjs'),
      [
        "import { createCli } from '@plugboard/cli';",
        `const cli = createCli({ name: 'mytool', version: '1.0.0', root: process.cwd(), configDir: 'cfg', dataDir: 'data' });`,
        'process.exitCode = await cli.run(process.argv.slice(2));',
      ].join('\n'),
    );
    expect(run(process.execPath, ['host.mjs', '--help'], dir)).toContain('hello');
    expect(run(process.execPath, ['host.mjs', 'hello', 'world', 'Ada'], dir)).toMatch(/Ada/);
  }, 120_000);

  it('one published package serves three hosts: config resolver, cli group, web widget', () => {
    const dir = project('vault-user');
    npm(
      [
        'install',
        '@plugboard/config',
        '@plugboard/cli',
        '@plugboard/web',
        '@plugboard-examples/config-vault',
      ],
      dir,
    );
    writeFileSync(join(dir, 'vault.json'), JSON.stringify({ db: { password: 'correct horse' } }));
    writeFileSync(join(dir, 'config.yaml'), 'db:\n  password: VAULT:///db/password\n');
    writeFileSync(
      join(dir, 'hosts.mjs'),
      [
        "import { createConfig } from '@plugboard/config';",
        "import { createCli } from '@plugboard/cli';",
        "import { createWebHost } from '@plugboard/web';",
        "const config = await createConfig({ file: 'config.yaml' });",
        'const length = config.value.db.password.length;',
        'await config.close();',
        "const web = createWebHost({ admin: { token: 'release-test-token' }, dataDir: 'web-data' });",
        'await web.start();',
        "const widget = await (await web.app.inject({ url: '/api/vault/status' })).json();",
        'await web.close();',
        "console.log('SUMMARY', JSON.stringify({ length, widget }));",
        "const cli = createCli({ name: 'mytool', version: '1.0.0', root: process.cwd(), configDir: 'cfg', dataDir: 'data' });",
        "process.exitCode = await cli.run(['vault', 'keys', '--json']);",
      ].join('\n'),
    );
    // run() fails the test on a non-zero exit; the summary line, then the cli's JSON
    const out = run(process.execPath, ['hosts.mjs'], dir);
    const [, summary = '', keys = ''] = /^SUMMARY (.*)\n([\s\S]*)/m.exec(out) ?? [];
    expect(JSON.parse(summary)).toEqual({
      length: 'correct horse'.length,
      widget: { label: 'secrets', value: 1 },
    });
    expect(JSON.parse(keys)).toEqual(['db.password']);
  }, 180_000);

  it('workflow host: a stage plugin from the registry runs its shipped workflow', () => {
    const dir = project('workflow-user');
    npm(['install', `@plugboard/workflow@${version}`, '@plugboard-examples/workflow-textstats'], dir);
    mkdirSync(join(dir, 'texts'));
    writeFileSync(join(dir, 'texts', 'a.txt'), 'the cat and the hat');
    writeFileSync(join(dir, 'texts', 'b.txt'), 'The end');
    writeFileSync(
      join(dir, 'host.mjs'),
      [
        "import { createWorkflowHost } from '@plugboard/workflow';",
        'const host = await createWorkflowHost();',
        "const flow = 'node_modules/@plugboard-examples/workflow-textstats/workflows/textstats.yaml';",
        "const out = await host.run(flow, { input: { folder: 'texts', top: 1 } });",
        'console.log(JSON.stringify({ state: out.state, output: out.output }));',
        'await host.close();',
      ].join('\n'),
    );
    const out = JSON.parse(run(process.execPath, ['host.mjs'], dir).trim().split('\n').at(-1)!);
    expect(out.state).toBe('done');
    expect(JSON.stringify(out.output)).toContain('the');
  }, 180_000);

  it('printer host: a plugin from the registry makes its printer.cfg section known', () => {
    const dir = project('printer-user');
    npm(['install', `@plugboard/printer@${version}`, '@plugboard-examples/printer-filament-counter'], dir);
    writeFileSync(
      join(dir, 'printer.cfg'),
      '[printer]\nkinematics: none\nmax_velocity: 1\nmax_accel: 1\n\n[filament_counter]\nspool_length: 100\n',
    );
    writeFileSync(
      join(dir, 'host.mjs'),
      [
        "import { createPrinter } from '@plugboard/printer';",
        "const host = createPrinter({ config: 'printer.cfg' });",
        'const lines = [];',
        'host.onOutput((line) => lines.push(line));',
        'await host.start();',
        "await host.runScript('FILAMENT_COUNTER');",
        'console.log(JSON.stringify({ state: host.state, lines }));',
        'await host.close?.();',
      ].join('\n'),
    );
    const out = JSON.parse(run(process.execPath, ['host.mjs'], dir).trim().split('\n').at(-1)!);
    expect(out.state).toBe('ready');
    expect(out.lines.join('\n')).toMatch(/100/);
  }, 180_000);

  it('plugins update picks up a newly published version of an installed plugin', () => {
    const dir = project('cli-updater');
    npm(['install', `@plugboard/cli@${version}`], dir);
    writeFileSync(
      join(dir, 'host.mjs'),
      [
        "import { createCli } from '@plugboard/cli';",
        `const cli = createCli({ name: 'mytool', version: '1.0.0', root: process.cwd(), configDir: 'cfg', dataDir: 'data' });`,
        'process.exitCode = await cli.run(process.argv.slice(2));',
      ].join('\n'),
    );
    const host = (...args: string[]) => run(process.execPath, ['host.mjs', ...args], dir, registry.env);
    const helloVersion = () =>
      (JSON.parse(host('plugins', 'list', '--json')) as { group: string; version: string }[]).find(
        (r) => r.group === 'hello',
      )?.version;
    host('plugins', 'install', '@plugboard-examples/cli-hello');
    const first = helloVersion();
    expect(first).toBe(JSON.parse(npm(['view', '@plugboard-examples/cli-hello', 'version', '--json'], dir)));
    // the author publishes a patch release
    const release = join(work, 'hello-next');
    mkdirSync(release, { recursive: true });
    const tarball = npm(
      ['pack', `@plugboard-examples/cli-hello@${first}`, '--pack-destination', release],
      release,
    )
      .trim()
      .split('\n')
      .at(-1)!;
    run('tar', ['-xzf', tarball], release);
    const manifestFile = join(release, 'package', 'package.json');
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
    const [major, minor, patch] = String(first).split('.').map(Number);
    manifest.version = `${major}.${minor}.${(patch ?? 0) + 1}`;
    writeFileSync(manifestFile, JSON.stringify(manifest, null, 2));
    npm(['publish'], join(release, 'package'));
    host('plugins', 'update');
    expect(helloVersion()).toBe(manifest.version);
    expect(host('hello', 'world', 'Ada')).toMatch(/Ada/);
  }, 180_000);

  // Every adapter that ships a `plugboard new` template gets the whole author's path.
  const hosts = workspacePackages()
    .filter((p) => p.name.startsWith('@plugboard/') && existsSync(join(p.dir, 'template', 'template.json')))
    .map((p) => p.name.slice('@plugboard/'.length));
  it('covers the adapters that ship a template', () => {
    expect(hosts).toEqual(expect.arrayContaining(['config', 'cli']));
  });
  /** Host apps as a user writes them: the new plugin, installed from the registry, doing its job. */
  const useInApp: Record<string, (app: string, name: string) => void> = {
    config(app, name) {
      const prefix = name.toUpperCase().replaceAll('-', '_');
      writeFileSync(join(app, 'config.yaml'), `password: ${prefix}:///db-password\nport: 5432\n`);
      writeFileSync(
        join(app, 'host.mjs'),
        [
          "import { createConfig } from '@plugboard/config';",
          "const config = await createConfig({ file: 'config.yaml',",
          `  resolverOptions: { ${prefix}: { values: { 'db-password': 's3cret' } } } });`,
          'console.log(JSON.stringify(config.value));',
          'await config.close();',
        ].join('\n'),
      );
      // the starter resolver looks values up (it does not mark them secret)
      expect(JSON.parse(run(process.execPath, ['host.mjs'], app))).toEqual({
        password: 's3cret',
        port: 5432,
      });
    },
    workflow(app, name) {
      writeFileSync(
        join(app, 'host.mjs'),
        [
          "import { createWorkflowHost } from '@plugboard/workflow';",
          'const host = await createWorkflowHost();',
          `const out = await host.run('node_modules/${name}/workflows/example.yaml', { input: { text: 'one two three' } });`,
          'console.log(JSON.stringify({ state: out.state, output: out.output }));',
          'await host.close();',
        ].join('\n'),
      );
      const out = JSON.parse(run(process.execPath, ['host.mjs'], app).trim().split('\n').at(-1)!);
      expect(out.state).toBe('done');
      expect(JSON.stringify(out.output)).toContain('"words":3');
    },
    printer(app, name) {
      const command = `${name.toUpperCase().replaceAll('-', '_')}_HELLO`;
      writeFileSync(
        join(app, 'printer.cfg'),
        `[printer]\nkinematics: none\nmax_velocity: 1\nmax_accel: 1\n\n[${name}]\ngreeting: Howdy\n`,
      );
      writeFileSync(
        join(app, 'host.mjs'),
        [
          "import { createPrinter } from '@plugboard/printer';",
          "const host = createPrinter({ config: 'printer.cfg' });",
          'const lines = [];',
          'host.onOutput((line) => lines.push(line));',
          'await host.start();',
          `await host.runScript('${command} WHO=Ada');`,
          'console.log(JSON.stringify({ state: host.state, message: host.printer.stateMessage, lines }));',
          'await host.close();',
        ].join('\n'),
      );
      const out = JSON.parse(run(process.execPath, ['host.mjs'], app).trim().split('\n').at(-1)!);
      expect(out.state, out.message).toBe('ready');
      expect(out.lines).toContain('// Howdy, Ada!');
    },
    web(_app, name) {
      // A web-server-style app: its command line's `plugins install` fetches the plugin from the
      // registry (pluginHosts: [webHost]), and `serve` runs the web host on what it installed.
      const server = project('web-server-user');
      npm(['install', `@plugboard/cli@${version}`, `@plugboard/web@${version}`], server);
      writeFileSync(
        join(server, 'server.mjs'),
        [
          "import { createCli, defineCliPlugin } from '@plugboard/cli';",
          "import { createWebHost, webHost } from '@plugboard/web';",
          'const serve = defineCliPlugin({',
          "  name: 'serve', defaults: {},",
          '  commands(group, ctx) {',
          '    group.action(async () => {',
          '      const { paths, userDir } = ctx.pluginSources;',
          "      const web = createWebHost({ sources: { paths: [...paths], userDir, dependencies: false }, dataDir: 'web-data', admin: false });",
          '      await web.start();',
          `      const res = await web.app.inject({ method: 'POST', url: '/api/${name}/greet', payload: { name: 'Ada' } });`,
          '      ctx.output({ status: res.statusCode, body: res.json(), plugins: web.plugins().map((p) => [p.name, p.state].join(":")) });',
          '      await web.close();',
          '    });',
          '  },',
          '});',
          "const cli = createCli({ name: 'server', version: '1.0.0', root: process.cwd(), configDir: 'cfg', dataDir: 'data', plugins: [serve], pluginHosts: [webHost] });",
          'process.exitCode = await cli.run(process.argv.slice(2));',
        ].join('\n'),
      );
      const cli = (...args: string[]) => run(process.execPath, ['server.mjs', ...args], server, registry.env);
      expect(cli('plugins', 'install', name)).toContain(`(web plugins: ${name})`);
      const listed = JSON.parse(cli('plugins', 'list', '--json')) as { group: string; host: string }[];
      expect(listed).toContainEqual(expect.objectContaining({ group: name, host: 'web', origin: 'user' }));
      expect(JSON.parse(cli('serve', '--json'))).toEqual({
        status: 200,
        body: { message: 'Hello, Ada!' },
        plugins: [`${name}:enabled`],
      });
    },
  };
  /**
   * The repository's own example app, run from the versioned scratch copy (so it is the
   * released version the new plugin's peer range names), with the plugin installed the
   * way its README says: its `plugins install` where it has one, else an npm dependency.
   */
  const exampleApp: Record<string, (name: string) => void> = {
    cli(name) {
      const app = appRun('provision', join('apps', 'provision', 'bin', 'provision.cjs'));
      expect(app.run('plugins', 'install', name)).toContain(`Installed ${name}@`);
      expect(JSON.parse(app.run(name, 'greet', 'Ada', '--json'))).toEqual({ greeting: 'Hello, Ada!' });
    },
    web(name) {
      const app = appRun('web-server', join('apps', 'web-server', 'bin', 'web-server.js'));
      expect(app.run('plugins', 'install', name)).toContain(`(web plugins: ${name})`);
      const routes = JSON.parse(app.run('routes', '--json')) as {
        method: string;
        url: string;
        plugin: string;
      }[];
      expect(routes).toContainEqual({ method: 'POST', url: `/api/${name}/greet`, plugin: name });
    },
    workflow(name) {
      const app = appRun('flow', join('apps', 'flow', 'bin', 'flow.cjs'));
      expect(app.run('plugins', 'install', name)).toContain(`(workflow plugins: ${name})`);
      const flow = join(app.data, 'flow', 'plugins', 'node_modules', name, 'workflows', 'example.yaml');
      const out = JSON.parse(app.run('run', flow, '--input', '{"text":"one two three"}', '--json'));
      expect(out).toMatchObject({ state: 'done' });
      expect(JSON.stringify(out.output)).toContain('"words":3');
    },
    printer(name) {
      // printer-host finds plugins among the dependencies of the folder it starts in
      const dir = project('printer-host-user');
      npm(['install', name], dir);
      writeFileSync(
        join(dir, 'printer.cfg'),
        `[printer]\nkinematics: none\nmax_velocity: 1\nmax_accel: 1\n\n[${name}]\n`,
      );
      const bin = join(work, 'scratch', 'apps', 'printer', 'bin', 'printer-host.js');
      const r = spawnSync(process.execPath, [bin, 'printer.cfg', '--no-api'], {
        cwd: dir,
        input: `${name.toUpperCase().replaceAll('-', '_')}_HELLO WHO=Ada\n`,
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(r.stderr).toBe('');
      expect(r.stdout).toContain('// Hello, Ada!');
    },
  };
  /** Run an example app's bin of the scratch copy with its own temp config and data folders. */
  function appRun(app: string, bin: string) {
    const home = project(`${app}-home`);
    const env = {
      ...registry.env,
      XDG_CONFIG_HOME: join(home, 'config'),
      XDG_DATA_HOME: join(home, 'data'),
    };
    return {
      data: join(home, 'data'),
      run: (...args: string[]) => run(process.execPath, [join(work, 'scratch', bin), ...args], home, env),
    };
  }
  for (const host of hosts) {
    it(`plugboard new --host ${host} → install → build → test → publish → installed in a host app and its example app, working`, () => {
      const t0 = performance.now();
      const authoring = project(`author-${host}`);
      npm(['install', `plugboard@${version}`, `@plugboard/${host}@${version}`], authoring);
      const name = `my-${host}-plugin`;
      run(
        join(authoring, 'node_modules', '.bin', 'plugboard'),
        ['new', name, '--host', host],
        authoring,
        registry.env,
      );
      const plugin = join(authoring, name);
      npm(['install'], plugin);
      npm(['run', 'build'], plugin);
      npm(['test'], plugin);
      npm(['publish'], plugin);
      const app = project(`app-${host}`);
      npm(['install', `@plugboard/${host}@${version}`, name], app);
      const list = JSON.parse(
        run(
          join(authoring, 'node_modules', '.bin', 'plugboard'),
          ['list', '--cwd', app, '--json'],
          authoring,
        ),
      );
      const rows = Array.isArray(list) ? list : (list.plugins ?? []);
      expect(rows.map((r: { package: string }) => r.package)).toContain(name);
      useInApp[host]?.(app, name);
      exampleApp[host]?.(name);
      if (host === 'cli') {
        // A provision-style CLI (createCli, as apps/provision is built) installs the new
        // plugin with its own `plugins install` from the registry, and runs its command.
        const tool = project('cli-user');
        npm(['install', `@plugboard/cli@${version}`], tool);
        writeFileSync(
          join(tool, 'tool.mjs'),
          [
            "import { createCli } from '@plugboard/cli';",
            `const cli = createCli({ name: 'tool', version: '1.0.0', root: process.cwd(), configDir: 'cfg', dataDir: 'data' });`,
            'process.exitCode = await cli.run(process.argv.slice(2));',
          ].join('\n'),
        );
        const cli = (...args: string[]) => run(process.execPath, ['tool.mjs', ...args], tool, registry.env);
        cli('plugins', 'install', name);
        expect(JSON.parse(cli(name, 'greet', 'Ada', '--json'))).toEqual({ greeting: 'Hello, Ada!' });
      }
      timings[`new-${host}`] = Math.round((performance.now() - t0) / 100) / 10;
    }, 300_000);
  }
});
