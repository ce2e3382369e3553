import { join } from 'node:path';
import { createPackageTree, fixturePlugin } from '@plugboard/testing';
import { describe, expect, test } from 'vitest';
import { createPrinter, definePrinterPlugin, type PrinterConfig, PrinterErrorCodes } from '../src/index.js';
import { MINIMAL, startPrinter, tempFiles } from './helpers.js';

/** A plugin that records what happens to it. */
function recorder(log: string[]) {
  return definePrinterPlugin({
    loadConfig(config: PrinterConfig) {
      const printer = config.getPrinter();
      const speed = config.getFloat('speed', 1, { above: 0 });
      log.push(`load ${config.getName()} speed=${speed}`);
      for (const e of ['klippy:connect', 'klippy:ready', 'klippy:shutdown', 'klippy:disconnect']) {
        printer.registerEventHandler(e, () => log.push(e));
      }
      printer.gcode.registerCommand('REC', (gcmd) => gcmd.respondInfo(`rec ${gcmd.get('MSG', '')}`), {
        desc: 'Record',
      });
      return { getStatus: () => ({ speed }) };
    },
  });
}

describe('objects and lifecycle on the host kit', () => {
  test('load → connect → ready; M112 → shutdown; close → disconnect', async () => {
    const log: string[] = [];
    const host = await startPrinter(`${MINIMAL}\n[rec]\nspeed: 2\n`, { plugins: { rec: recorder(log) } });
    expect(host.state).toBe('ready');
    expect(log).toEqual(['load rec speed=2', 'klippy:connect', 'klippy:ready']);
    expect(host.printer.statusOf('rec')).toEqual({ speed: 2 });
    expect(host.printer.lookupObject('rec')).toBeDefined();
    expect(host.printer.lookupObjects('rec')).toHaveLength(1);
    expect(await host.runScript('REC MSG=hi')).toEqual(['// rec hi']);
    expect(await host.runScript('M112')).toContain('// Klipper state: Shutdown');
    await host.settled();
    await new Promise((r) => setTimeout(r, 10));
    expect(host.state).toBe('shutdown');
    expect(host.printer.stateMessage).toMatch(/^Shutdown due to M112 command/);
    expect(log).toContain('klippy:shutdown');
    // After a shutdown only the early commands answer.
    // Multi-line errors come as `// ` lines, then the first line as `!! ` (Klipper's _respond_error).
    expect((await host.runScript('G28')).at(-1)).toBe('!! Shutdown due to M112 command');
    await host.close();
    expect(log.at(-1)).toBe('klippy:disconnect');
  });

  test("Klipper's order through the kit's phased start: every object loads, then every connect, then every ready", async () => {
    const log: string[] = [];
    const tagged = (tag: string, failOn?: string) =>
      definePrinterPlugin({
        loadConfig(config: PrinterConfig) {
          const printer = config.getPrinter();
          log.push(`load ${tag}`);
          for (const e of ['klippy:connect', 'klippy:ready', 'klippy:disconnect'])
            printer.registerEventHandler(e, () => {
              log.push(`${e} ${tag}`);
              if (e === failOn) throw new Error(`${tag} lost its ${e.slice(7)}`);
            });
          return {};
        },
      });
    const host = await startPrinter(`${MINIMAL}\n[first]\n[second]\n`, {
      plugins: { first: tagged('first'), second: tagged('second') },
    });
    expect(host.state).toBe('ready');
    expect(log).toEqual([
      'load first',
      'load second',
      'klippy:connect first',
      'klippy:connect second',
      'klippy:ready first',
      'klippy:ready second',
    ]);
    await host.close();

    // A connect handler that throws: error state with its own message; the unit that did connect is disconnected.
    log.length = 0;
    const broken = await startPrinter(`${MINIMAL}\n[first]\n[second]\n`, {
      plugins: { first: tagged('first'), second: tagged('second', 'klippy:connect') },
    });
    expect(broken.state).toBe('error');
    expect(broken.printer.stateMessage).toContain('second lost its connect');
    expect(log).not.toContain('klippy:ready first');
    expect(log).toContain('klippy:disconnect first');
    await broken.close();
  });

  test('RESTART re-reads the config and builds new objects', async () => {
    const log: string[] = [];
    const dir = tempFiles({ 'printer.cfg': `${MINIMAL}\n[rec]\nspeed: 2\n` });
    const host = createPrinter({
      config: join(dir, 'printer.cfg'),
      plugins: { rec: recorder(log) },
      pluginsDir: false,
    });
    await host.start();
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, 'printer.cfg'), `${MINIMAL}\n[rec]\nspeed: 3\n`);
    await host.runScript('RESTART');
    await host.settled();
    expect(host.state).toBe('ready');
    expect(host.printer.statusOf('rec')).toEqual({ speed: 3 });
    expect(log.filter((l) => l.startsWith('load'))).toEqual(['load rec speed=2', 'load rec speed=3']);
    await host.close();
  });

  test("a config error puts the printer in the error state with Klipper's message; RESTART after fixing it recovers", async () => {
    const host = await startPrinter(`${MINIMAL}\n[rec]\nspeed: -1\n`, { plugins: { rec: recorder([]) } });
    expect(host.state).toBe('error');
    expect(host.printer.stateMessage).toMatch(
      /^Option 'speed' in section 'rec' must be above 0\n\nOnce the underlying issue is corrected/,
    );
    expect((await host.runScript('G28')).at(-1)).toBe("!! Option 'speed' in section 'rec' must be above 0");
    expect((await host.runScript('STATUS')).at(-1)).toMatch(/^!! Option 'speed'/);
    (await import('node:fs')).writeFileSync(host.configFile, `${MINIMAL}\n[rec]\nspeed: 4\n`);
    await host.runScript('RESTART');
    await host.settled();
    expect(host.state).toBe('ready');
    expect(host.printer.statusOf('rec')).toEqual({ speed: 4 });
  });
});

describe('unused options and unknown sections', () => {
  test("an option nobody read is an error in Klipper's words", async () => {
    const host = await startPrinter(`${MINIMAL}\n[rec]\nspeed: 2\nsped: 3\n`, {
      plugins: { rec: recorder([]) },
    });
    expect(host.state).toBe('error');
    expect(host.printer.stateMessage).toMatch(/^Option 'sped' is not valid in section 'rec'/);
  });

  test('unusedOptions: warn keeps going and lists them in configfile.warnings', async () => {
    const host = await startPrinter(`${MINIMAL}\n[rec]\nsped: 3\n`, {
      plugins: { rec: recorder([]) },
      unusedOptions: 'warn',
    });
    expect(host.state).toBe('ready');
    const warnings = host.printer.statusOf('configfile')!.warnings as Array<{ message: string }>;
    expect(warnings.map((w) => w.message)).toContain("Option 'sped' is not valid in section 'rec'");
  });

  test('an unknown section names the package that provides it', async () => {
    const host = await startPrinter(`${MINIMAL}\n[filament_counter]\n`);
    expect(host.state).toBe('error');
    expect(host.printer.stateMessage).toMatch(/^Section 'filament_counter' is not a valid config section/);
    const err = await startPrinter(`${MINIMAL}\n[bogus_thing]\n`);
    expect(err.printer.stateMessage).toMatch(/^Section 'bogus_thing' is not a valid config section/);
  });

  test('hardware sections are accepted with one warning each and no object', async () => {
    const host = await startPrinter(
      `[mcu]\nserial: /dev/ttyACM0\n[tmc2209 stepper_x]\nuart_pin: PA1\nrun_current: 0.8\n[bltouch]\nsensor_pin: PB1\ncontrol_pin: PB0\n${MINIMAL}`,
    );
    expect(host.state).toBe('ready');
    const warnings = (
      host.printer.statusOf('configfile')!.warnings as Array<{ type: string; section: string }>
    ).filter((w) => w.type === 'unsimulated_section');
    expect(warnings.map((w) => w.section)).toEqual(['mcu', 'tmc2209 stepper_x', 'bltouch']);
    expect(host.printer.lookupObject('bltouch', null)).toBeNull();
  });
});

const pluginSource = (word: string) => `export default {
  loadConfig(config) {
    const printer = config.getPrinter();
    const label = config.get('label', '${word}');
    printer.gcode.registerCommand('${word.toUpperCase()}_HELLO', (gcmd) => gcmd.respondInfo('hello from ' + label));
    return { getStatus: () => ({ label }) };
  },
};`;

describe('installed plugins (entry group "printer")', () => {
  test('a dependency of the project provides a section', async () => {
    const tree = createPackageTree({
      packages: [
        fixturePlugin({
          name: '@acme/printer-glow',
          entries: { printer: { glow: pluginSource('glow') } },
          peerDependencies: { '@plugboard/printer': '^0.1.0' },
        }),
      ],
      dependencies: ['@acme/printer-glow'],
    });
    try {
      const cfg = join(tree.root, 'printer.cfg');
      (await import('node:fs')).writeFileSync(cfg, `${MINIMAL}\n[glow]\nlabel: shiny\n`);
      const host = createPrinter({ config: cfg, pluginsDir: false });
      await host.start();
      expect(host.state).toBe('ready');
      expect(await host.runScript('GLOW_HELLO')).toEqual(['// hello from shiny']);
      expect(host.pluginInfo()).toEqual([
        expect.objectContaining({
          name: 'glow',
          package: '@acme/printer-glow',
          version: '1.0.0',
          source: 'dependencies',
        }),
      ]);
      await host.close();
    } finally {
      tree.cleanup();
    }
  });

  test('an incompatible plugin is reported with the real reason, not as an unknown section', async () => {
    const tree = createPackageTree({
      packages: [
        fixturePlugin({
          name: '@acme/printer-old',
          entries: { printer: { old_thing: pluginSource('old') } },
          peerDependencies: { '@plugboard/printer': '^9.0.0' },
        }),
      ],
      dependencies: ['@acme/printer-old'],
    });
    try {
      const cfg = join(tree.root, 'printer.cfg');
      (await import('node:fs')).writeFileSync(cfg, `${MINIMAL}\n[old_thing]\n`);
      const host = createPrinter({ config: cfg, pluginsDir: false });
      await host.start();
      expect(host.state).toBe('error');
      expect(host.printer.stateMessage).toContain('@acme/printer-old');
      expect(host.printer.stateMessage).not.toContain('is not a valid config section');
      expect(host.printer.stateMessage).toMatch(/\^9\.0\.0/);
      await host.close();
    } finally {
      tree.cleanup();
    }
  });

  test('a plugin that fails to import is reported only when the config uses it, naming the package', async () => {
    const tree = createPackageTree({
      packages: [
        fixturePlugin({
          name: '@acme/printer-broken',
          entries: { printer: { broken: 'throw new Error("syntax trouble");' } },
          peerDependencies: { '@plugboard/printer': '^0.1.0' },
        }),
      ],
      dependencies: ['@acme/printer-broken'],
    });
    try {
      const fs = await import('node:fs');
      const cfg = join(tree.root, 'printer.cfg');
      fs.writeFileSync(cfg, MINIMAL);
      const unused = createPrinter({ config: cfg, pluginsDir: false });
      await unused.start();
      expect(unused.state).toBe('ready');
      await unused.close();
      fs.writeFileSync(cfg, `${MINIMAL}\n[broken]\n`);
      const used = createPrinter({ config: cfg, pluginsDir: false });
      await used.start();
      expect(used.state).toBe('error');
      expect(used.printer.stateMessage).toContain('@acme/printer-broken');
      expect(used.printer.stateMessage).toContain('syntax trouble');
      await used.close();
    } finally {
      tree.cleanup();
    }
  });

  test('a plugin named like a built-in is a config error unless allowed', async () => {
    const tree = createPackageTree({
      packages: [
        fixturePlugin({
          name: '@acme/printer-fan',
          entries: { printer: { fan: pluginSource('fan') } },
          peerDependencies: { '@plugboard/printer': '^0.1.0' },
        }),
      ],
      dependencies: ['@acme/printer-fan'],
    });
    try {
      const cfg = join(tree.root, 'printer.cfg');
      (await import('node:fs')).writeFileSync(cfg, `${MINIMAL}\n[fan]\n`);
      const refused = createPrinter({ config: cfg, pluginsDir: false });
      await refused.start();
      expect(refused.state).toBe('error');
      expect(refused.printer.stateMessage).toMatch(
        /^Plugin 'fan' from @acme\/printer-fan has the name of a built-in module/,
      );
      await refused.close();
      const allowed = createPrinter({ config: cfg, pluginsDir: false, allowOverride: ['fan'] });
      await allowed.start();
      expect(allowed.state).toBe('ready');
      expect(await allowed.runScript('FAN_HELLO')).toEqual(['// hello from fan']);
      await allowed.close();
    } finally {
      tree.cleanup();
    }
  });

  test('plugins/ beside printer.cfg: single files and package folders', async () => {
    const dir = tempFiles({
      'printer.cfg': `${MINIMAL}\n[local_one]\n[local_pkg]\n`,
      'plugins/local_one.mjs': pluginSource('local_one'),
      'plugins/pkg/package.json': JSON.stringify({
        name: 'local-pkg',
        version: '2.0.0',
        peerDependencies: { '@plugboard/printer': '^0.1.0' },
        plugboard: { entryPoints: { printer: { local_pkg: './index.js' } } },
      }),
      'plugins/pkg/index.js': pluginSource('local_pkg'),
      'plugins/pkg/README.md': '# local-pkg\n\nSays hello from a linked folder.\n',
    });
    const host = createPrinter({ config: join(dir, 'printer.cfg') });
    await host.start();
    expect(host.state).toBe('ready');
    expect(await host.runScript('LOCAL_ONE_HELLO\nLOCAL_PKG_HELLO')).toEqual([
      '// hello from local_one',
      '// hello from local_pkg',
    ]);
    expect(host.pluginInfo().find((p) => p.name === 'local_pkg')?.summary).toBe(
      'Says hello from a linked folder.',
    );
    await host.close();
  });

  test('a package in plugins/ with a typo in its entry group is named in the unknown-section error', async () => {
    const manifest = (entryPoints: unknown) =>
      JSON.stringify({ name: 'greeter', version: '0.3.0', plugboard: { entryPoints } });
    const dir = tempFiles({
      'printer.cfg': `${MINIMAL}\n[greeter]\n`,
      'plugins/greeter/package.json': manifest({ printr: { greeter: './index.js' } }),
    });
    const host = createPrinter({ config: join(dir, 'printer.cfg') });
    await host.start();
    expect(host.startError).toMatchObject({ code: PrinterErrorCodes.SECTION_UNKNOWN });
    expect((host.startError as Error).message).toContain(
      'plugins/greeter (greeter@0.3.0) declares no "printer" entry point for it (its groups: printr); set plugboard.entryPoints.printer.greeter in its package.json',
    );
    await host.close();
    // no entry points at all
    const bare = tempFiles({
      'printer.cfg': `${MINIMAL}\n[greeter]\n`,
      'plugins/greeter/package.json': JSON.stringify({ name: 'greeter', version: '0.3.0' }),
    });
    const other = createPrinter({ config: join(bare, 'printer.cfg') });
    await other.start();
    expect((other.startError as Error).message).toContain(
      'plugins/greeter (greeter@0.3.0) declares no plugboard.entryPoints',
    );
    await other.close();
  });
});

test('definePrinterPlugin refuses a plugin that handles no section', () => {
  expect(() => definePrinterPlugin({} as never)).toThrow(
    expect.objectContaining({ code: PrinterErrorCodes.PLUGIN_INVALID }),
  );
});
