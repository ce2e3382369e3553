import { createServer } from 'node:net';
import { describe, expect, test } from 'vitest';
import {
  createPrinter,
  definePrinterPlugin,
  Printer,
  PrinterError,
  PrinterErrorCodes,
  startApiServer,
} from '../src/index.js';
import { MINIMAL, startPrinter } from './helpers.js';

/** The error that stopped a printer from starting on `cfg`. */
async function startError(
  cfg: string,
  options: Parameters<typeof startPrinter>[1] = {},
): Promise<PrinterError> {
  const host = await startPrinter(cfg, options);
  expect(host.state).toBe('error');
  expect(host.startError).toBeInstanceOf(PrinterError);
  return host.startError as PrinterError;
}

const plugin = (fn: (config: import('../src/index.js').PrinterConfig) => void) =>
  definePrinterPlugin({
    loadConfig(config) {
      fn(config);
      return {};
    },
  });

describe('every error code, with its message', () => {
  test('PB_PRINTER_CONFIG_FILE', async () => {
    const host = createPrinter({ config: '/nonexistent/printer.cfg', pluginsDir: false });
    await host.start();
    expect(host.startError).toMatchObject({
      code: PrinterErrorCodes.CONFIG_FILE,
      message:
        '@plugboard/printer: Unable to open config file /nonexistent/printer.cfg (/nonexistent/printer.cfg). Check the path and its permissions',
    });
  });

  test('PB_PRINTER_CONFIG_SYNTAX', async () => {
    expect(await startError(`${MINIMAL}\nnot an option\n`)).toMatchObject({
      code: PrinterErrorCodes.CONFIG_SYNTAX,
      message: expect.stringMatching(
        /^@plugboard\/printer: File contains parsing errors: 'not an option' \(.*printer\.cfg:28\)\. Write options as/,
      ),
    });
  });

  test('PB_PRINTER_CONFIG_INCLUDE', async () => {
    expect(await startError(`${MINIMAL}\n[include nope.cfg]\n`)).toMatchObject({
      code: PrinterErrorCodes.CONFIG_INCLUDE,
      message: expect.stringMatching(/^@plugboard\/printer: Include file '.*nope\.cfg' does not exist/),
    });
  });

  test('PB_PRINTER_OPTION_MISSING, _INVALID, _RANGE', async () => {
    expect(await startError(MINIMAL.replace('max_accel: 3000\n', ''))).toMatchObject({
      code: PrinterErrorCodes.OPTION_MISSING,
      message: expect.stringMatching(
        /^@plugboard\/printer: Option 'max_accel' in section 'printer' must be specified \(.*printer\.cfg:1\)$/,
      ),
    });
    expect(await startError(MINIMAL.replace('max_accel: 3000', 'max_accel: fast'))).toMatchObject({
      code: PrinterErrorCodes.OPTION_INVALID,
      message: expect.stringMatching(
        /^@plugboard\/printer: Unable to parse option 'max_accel' in section 'printer' \(.*printer\.cfg:4\)$/,
      ),
    });
    expect(await startError(MINIMAL.replace('max_accel: 3000', 'max_accel: -5'))).toMatchObject({
      code: PrinterErrorCodes.OPTION_RANGE,
      message: expect.stringMatching(
        /^@plugboard\/printer: Option 'max_accel' in section 'printer' must be above 0 \(.*printer\.cfg:4\)$/,
      ),
    });
  });

  test('PB_PRINTER_OPTION_UNUSED', async () => {
    expect(
      await startError(MINIMAL.replace('max_accel: 3000', 'max_accel: 3000\nmax_acel: 1')),
    ).toMatchObject({
      code: PrinterErrorCodes.OPTION_UNUSED,
      message: expect.stringMatching(
        /^@plugboard\/printer: Option 'max_acel' is not valid in section 'printer' \(.*printer\.cfg:5\)\. Check the spelling or remove it$/,
      ),
    });
  });

  test('PB_PRINTER_SECTION_UNKNOWN names the package that provides it', async () => {
    expect(await startError(`${MINIMAL}\n[chamber_light top]\n`)).toMatchObject({
      code: PrinterErrorCodes.SECTION_UNKNOWN,
      package: '@plugboard-examples/printer-chamber-light',
      message: expect.stringMatching(
        /^@plugboard\/printer: Section 'chamber_light top' is not a valid config section \(.*printer\.cfg:28\)\. Install @plugboard-examples\/printer-chamber-light, which provides \[chamber_light\]$/,
      ),
    });
  });

  test('PB_PRINTER_AUTOSAVE', async () => {
    const block =
      '\n#*# <---------------------- SAVE_CONFIG ---------------------->\n#*# DO NOT EDIT THIS BLOCK OR BELOW. The contents are auto-generated.\n#*#\n#*# [extruder]\n#*# pid_kp = 1\n';
    expect(
      await startError(`[include ext.cfg]\n${MINIMAL}${block}`, {
        files: { 'ext.cfg': '[extruder]\npid_kp: 2\n' },
      }),
    ).toMatchObject({
      code: PrinterErrorCodes.AUTOSAVE,
      message: expect.stringMatching(
        /^@plugboard\/printer: SAVE_CONFIG section 'extruder' option 'pid_kp' conflicts with included value \(.*ext\.cfg:2\)\. Remove 'pid_kp'/,
      ),
    });
  });

  test('PB_PRINTER_CONFIG from a plugin', async () => {
    const err = await startError(`${MINIMAL}\n[picky]\n`, {
      plugins: {
        picky: plugin((c) => {
          throw c.error('picky needs a friend');
        }),
      },
    });
    expect(err).toMatchObject({
      code: PrinterErrorCodes.CONFIG,
      message: expect.stringMatching(/^@plugboard\/printer: picky needs a friend \(.*printer\.cfg:28\)$/),
    });
  });

  test('PB_PRINTER_MACRO_TEMPLATE', async () => {
    expect(await startError(`${MINIMAL}\n[gcode_macro X]\ngcode: {% endif %}\n`)).toMatchObject({
      code: PrinterErrorCodes.MACRO_TEMPLATE,
      message: expect.stringMatching(
        /^@plugboard\/printer: Error loading template 'gcode_macro X:gcode': .*\. Fix the template syntax/,
      ),
    });
  });

  test('PB_PRINTER_PLUGIN_INVALID', () => {
    expect(() => definePrinterPlugin({})).toThrow(
      expect.objectContaining({
        code: PrinterErrorCodes.PLUGIN_INVALID,
        message:
          '@plugboard/printer: definePrinterPlugin() needs loadConfig (for [name]) or loadConfigPrefix (for [name other]), or both. Add the function that builds your object from its config section',
      }),
    );
  });

  test('PB_PRINTER_GCODE', async () => {
    const host = await startPrinter(MINIMAL);
    const error = await host.printer.gcode.runScript('G1 X1').catch((e: Error) => e.cause);
    expect(error).toMatchObject({
      code: PrinterErrorCodes.GCODE,
      message: '@plugboard/printer: Must home axis first: 1.000 0.000 0.000 [0.000]',
    });
  });

  test('PB_PRINTER_NOT_READY', () => {
    const printer = new Printer({ configFile: 'x.cfg', softwareVersion: 'v', hostname: 'h' });
    expect(() => printer.configFor('printer')).toThrow(
      expect.objectContaining({
        code: PrinterErrorCodes.NOT_READY,
        message: '@plugboard/printer: the config has not been read yet',
      }),
    );
    printer.close();
  });

  test('PB_PRINTER_API', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as { port: number }).port;
    const host = await startPrinter(MINIMAL);
    await expect(startApiServer(host, { port })).rejects.toMatchObject({
      code: PrinterErrorCodes.API,
      message: `@plugboard/printer: API server could not listen on port ${port}. Choose another port`,
    });
    blocker.close();
  });
});

test('PB_PRINTER_PLUGIN_CLASH and PB_PRINTER_PLUGIN_UNAVAILABLE carry the package', async () => {
  // Covered end to end with real package trees in lifecycle.test.ts; here the codes.
  const { createPackageTree, fixturePlugin } = await import('@plugboard/testing');
  const tree = createPackageTree({
    packages: [
      fixturePlugin({
        name: '@acme/printer-fan',
        entries: { printer: { fan: 'export default { loadConfig() { return {}; } };' } },
        peerDependencies: { '@plugboard/printer': '^0.1.0' },
      }),
      fixturePlugin({
        name: '@acme/printer-bad',
        entries: { printer: { bad: 'throw new Error("oops");' } },
        peerDependencies: { '@plugboard/printer': '^0.1.0' },
      }),
    ],
    dependencies: ['@acme/printer-fan', '@acme/printer-bad'],
  });
  try {
    const fs = await import('node:fs');
    const cfg = `${tree.root}/printer.cfg`;
    fs.writeFileSync(cfg, `${MINIMAL}\n[fan]\n`);
    const clash = createPrinter({ config: cfg, pluginsDir: false });
    await clash.start();
    expect(clash.startError).toMatchObject({
      code: PrinterErrorCodes.PLUGIN_CLASH,
      package: '@acme/printer-fan',
    });
    await clash.close();
    fs.writeFileSync(cfg, `${MINIMAL}\n[bad]\n`);
    const bad = createPrinter({ config: cfg, pluginsDir: false });
    await bad.start();
    expect(bad.startError).toMatchObject({
      code: PrinterErrorCodes.PLUGIN_UNAVAILABLE,
      package: '@acme/printer-bad',
      message: expect.stringMatching(
        /^@plugboard\/printer: Unable to load module 'bad' from @acme\/printer-bad: .*oops.*Fix or reinstall the package$/s,
      ),
    });
    await bad.close();
  } finally {
    tree.cleanup();
  }
});
