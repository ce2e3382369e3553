import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CreateCliOptions, createCli, defineCliPlugin, tryFastHelp } from '@plugboard/cli';
import { createCliHarness, createPackageTree, type FixturePackage, fixturePlugin } from '@plugboard/testing';
import { Command } from 'commander';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { type HelpGroup, renderGroupHelp, renderRootHelp, SHARED_FLAG_HELP } from '../src/fast-help/index.js';
import { createHost, pluginSource } from './fixtures.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

const LONG =
  'a group whose description is long enough that help has to wrap it onto a second line at eighty columns';

const withMeta = (pkg: string, group: string, cli: Record<string, unknown> | undefined) =>
  fixturePlugin({
    name: pkg,
    entries: { cli: { [group]: pluginSource(group, "throw new Error('help must not import me');") } },
    peerDependencies: { '@plugboard/cli': '^0.1.0' },
    ...(cli ? { manifest: { cli: { [group]: cli } } } : {}),
  });

const PACKAGES: FixturePackage[] = [
  withMeta('pkg-a', 'alpha', {
    description: 'the alpha group',
    commands: {
      run: { description: 'run it', args: ['<who>'], options: { '--loud': 'shout' } },
      list: {},
      wide: { description: LONG, args: ['[from]', '[to]'] },
    },
  }),
  withMeta('pkg-w', 'wide', { description: LONG, commands: {} }),
  withMeta('pkg-plain', 'plain', undefined), // no metadata: its help needs the plugin
  withMeta('pkg-dup', 'alpha', { description: 'loses' }), // a warning on every run
  withMeta('pkg-cfg', 'config', { description: 'reserved' }), // a warning too
];

function project() {
  const tree = createPackageTree({ packages: PACKAGES });
  const host = createHost();
  cleanups.push(() => tree.cleanup(), host.cleanup);
  const own = defineCliPlugin({ name: 'own', description: 'bundled object', defaults: {}, commands() {} });
  const options: CreateCliOptions = {
    name: 'tool',
    version: '1.2.3',
    description: 'A tool.',
    root: tree.root,
    configDir: host.configDir,
    dataDir: host.dataDir,
    env: {},
    interactive: false,
    plugins: [own],
    globalOptions: [{ flags: '--cwd <dir>', description: 'project directory' }],
  };
  return { tree, options };
}

/** Both paths through @plugboard/testing's harness: the full CLI, and fast help alone (-1: declined). */
const harness = createCliHarness<CreateCliOptions>((io) => ({
  run: async (argv) => {
    const { fast: only, ...options } = io as typeof io & { fast?: boolean };
    if (!only) return createCli({ cache: false, ...(options as CreateCliOptions) }).run(argv);
    return tryFastHelp(options as CreateCliOptions, argv) ?? -1;
  },
}));
afterAll(() => harness.cleanup());

async function full(options: CreateCliOptions, argv: string[]) {
  const { code, out, err } = await harness.run(argv, options);
  return { code, out, err };
}

async function fast(options: CreateCliOptions, argv: string[]) {
  const { code, out, err } = await harness.run(argv, { ...options, fast: true } as CreateCliOptions);
  return { code: code === -1 ? undefined : code, out, err };
}

async function warm(options: CreateCliOptions, argv: string[]) {
  await harness.run(argv, { ...options, cache: true });
}

const HELP_ONLY = [
  [],
  ['--help'],
  ['-h'],
  ['help'],
  ['alpha', '--help'],
  ['alpha', '-h'],
  ['help', 'alpha'],
  ['alpha'],
  ['alpha', '--json'],
  ['--verbose', 'wide', '--help', '--non-interactive'],
];

describe('help from the command index', () => {
  it('prints the same bytes as the full CLI for every help-only command line', async () => {
    const { options } = project();
    expect((await fast(options, ['--help'])).code).toBeUndefined(); // no index yet
    await warm(options, ['--help']); // cold: writes the index
    for (const argv of HELP_ONLY) {
      const quick = await fast(options, argv);
      expect(quick.code, argv.join(' ')).toBeTypeOf('number');
      expect(quick, argv.join(' ')).toEqual(await full(options, argv));
    }
    const root = await fast(options, ['--help']);
    expect(root.out).toContain('--cwd <dir>');
    // the host's own global options do not change help; one without its value is the full CLI's to report
    expect(await fast(options, ['--cwd', 'somewhere', '--help'])).toEqual(root);
    expect(await fast(options, ['--cwd=somewhere', 'help'])).toEqual(root);
    expect((await fast(options, ['--help', '--cwd'])).code).toBeUndefined();
    expect(root.err).toContain('warning: cli plugin "alpha" is declared by pkg-');
    expect(root.err).toContain('declares the cli entry point "config", which is not a valid name');
    const usage = await fast(options, ['alpha', '--json']);
    expect(usage.code).toBe(2);
    expect(usage.out).toBe('');
    expect(usage.err).toContain('Usage: tool alpha [options] [command]');
    expect(JSON.parse(usage.err.trimEnd().split('\n').pop()!).error.code).toBe('PB_CLI_USAGE');
  });

  it('leaves to the full CLI what the index cannot answer, writing nothing', async () => {
    const { tree, options } = project();
    await warm(options, []);
    const declined = [
      ['plain', '--help'], // no static commands: the plugin is imported for its help
      ['own', '--help'], // a plugin object of the host
      ['config', '--help'], // built-in group
      ['alpha', 'run', '--help'],
      ['nope', '--help'],
      ['--help', 'alpha'],
      ['--version'],
      ['alpha', 'run', 'x'],
    ];
    for (const argv of declined)
      expect(await fast(options, argv), argv.join(' ')).toEqual({ code: undefined, out: '', err: '' });
    expect((await fast({ ...options, cache: false }, ['--help'])).code).toBeUndefined();
    // a newly installed plugin changes the fingerprint: the stale index is not used
    tree.addPackage(withMeta('pkg-new', 'fresh', { description: 'new', commands: {} }));
    expect((await fast(options, ['--help'])).code).toBeUndefined();
    const after = await full(options, ['--help']);
    expect(after.out).toMatch(/^ {2}fresh\s+new$/m);
  });

  it('keeps each answer beside the index and prints it again only while that index entry holds', async () => {
    const { tree, options } = project();
    const kept = join(options.dataDir!, 'cache', 'help.json');
    await warm(options, []);
    const first = await fast(options, ['--help']);
    expect(first.code).toBe(0);
    const forge = () => {
      const file = JSON.parse(readFileSync(kept, 'utf8'));
      for (const answer of Object.values<{ out: string; err: string }>(file.answers)) {
        answer.out = 'KEPT\n';
        answer.err = '';
      }
      writeFileSync(kept, JSON.stringify(file));
    };
    forge();
    expect(await fast(options, ['--help'])).toEqual({ code: 0, out: 'KEPT\n', err: '' }); // the kept answer is what prints
    expect(await fast(options, ['-h'])).toEqual({ code: 0, out: 'KEPT\n', err: '' }); // the same request
    expect((await fast(options, ['alpha', '--help'])).out).toContain('Usage: tool alpha'); // another request
    expect((await fast({ ...options, description: 'Another tool.' }, ['--help'])).out).toContain(
      'Another tool.',
    );
    // a torn or foreign file is a miss, rewritten
    writeFileSync(kept, '{"version":1,"index":');
    expect(await fast(options, ['--help'])).toEqual(first);
    expect(JSON.parse(readFileSync(kept, 'utf8')).version).toBe(1);
    writeFileSync(kept, JSON.stringify({ version: 1, index: 'x', answers: { k: 'not an answer' } }));
    expect(await fast(options, ['--help'])).toEqual(first);
    // the same index written anew (another process's rescan): answers kept for the old file are not printed
    forge();
    const index = join(options.dataDir!, 'cache', 'discovery.json');
    writeFileSync(`${index}.new`, readFileSync(index));
    renameSync(`${index}.new`, index);
    expect(await fast(options, ['--help'])).toEqual(first);
    // an install makes the entry stale: neither the kept answer nor the index is used
    forge();
    tree.addPackage(withMeta('pkg-new', 'fresh', { description: 'new', commands: {} }));
    expect((await fast(options, ['--help'])).code).toBeUndefined();
    // the rescan rewrites the index: answers kept for the old one are not printed
    await warm(options, []);
    const after = await fast(options, ['--help']);
    expect(after.out).toMatch(/^ {2}fresh\s+new$/m);
    expect(after).toEqual(await full(options, ['--help']));
  });

  it('a group without static commands is imported for its own help', async () => {
    const { options } = project();
    const r = await full(options, ['plain', '--help']);
    expect(r.code).toBe(1); // the fixture throws on import: help without metadata needs the plugin
    expect(r.err).toContain('help must not import me');
  });
});

describe('the renderer follows commander’s layout', () => {
  const host = {
    name: 'tool',
    version: '1.2.3',
    description: LONG,
    globalOptions: [{ flags: '--cwd <dir>', description: 'project directory' }],
  };
  const groups: HelpGroup[] = [
    {
      name: 'alpha',
      description: 'the alpha group',
      package: 'pkg-a',
      commands: {
        run: { description: 'run it', args: ['<who>', '[times]'], options: { '--loud': 'shout' } },
        list: {},
        wide: { description: `${LONG} ${LONG}` },
        pre: { description: 'two lines\n  kept as written' },
      },
    },
    { name: 'beta', description: '', package: 'pkg-b' },
  ];

  function commanderProgram() {
    const program = new Command('tool')
      .version('1.2.3', '-V, --version', 'print the version')
      .description(LONG)
      .helpOption('-h, --help', 'show help');
    for (const [flag, description] of SHARED_FLAG_HELP) program.option(flag, description);
    program.option('--cwd <dir>', 'project directory');
    program.command('config').description('view, edit or reset the configuration');
    program.command('plugins').description('list, install, link, unlink, update and remove plugins');
    const alpha = program.command('alpha').description('the alpha group');
    alpha
      .command('run')
      .description('run it')
      .argument('<who>')
      .argument('[times]')
      .option('--loud', 'shout');
    alpha.command('list');
    alpha.command('wide').description(`${LONG} ${LONG}`);
    alpha.command('pre').description('two lines\n  kept as written');
    alpha.command('version').description('print the version of pkg-a');
    program.command('beta');
    program.configureHelp({ showGlobalOptions: true, helpWidth: 80 });
    alpha.configureHelp({ showGlobalOptions: true, helpWidth: 80 });
    return { program, alpha };
  }

  it('root help', () => {
    expect(renderRootHelp(host, groups, 80)).toBe(commanderProgram().program.helpInformation());
  });

  it('group help from metadata', () => {
    expect(renderGroupHelp(host, groups[0]!, 80)).toBe(commanderProgram().alpha.helpInformation());
  });
});
