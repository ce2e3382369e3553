import { cpus, freemem, loadavg } from 'node:os';
import { loadTemplate } from '../macro/environment.js';
import { definePrinterPlugin } from '../plugin/define.js';
import type { PrintStats } from './print-stats.js';
import type { Toolhead } from './toolhead.js';
import type { VirtualSdcard } from './virtual-sdcard.js';

/** `idle_timeout`: Printing while moves are queued or a print runs, Ready otherwise, Idle after `timeout` s. */
export const idleTimeoutPlugin = definePrinterPlugin({
  description: 'Idle state and the idle timeout',
  loadConfig(config) {
    const printer = config.getPrinter();
    let timeout = config.getFloat('timeout', 600, { above: 0 });
    const template = loadTemplate(config, 'gcode', 'TURN_OFF_HEATERS\nM84');
    let idleState: 'Idle' | 'Ready' | 'Printing' = 'Idle';
    let lastActive = 0;
    let printingSince = 0;
    const busy = () => {
      const toolhead = printer.lookupObject<Toolhead | null, null>('toolhead', null);
      const stats = printer.lookupObject<PrintStats | null, null>('print_stats', null);
      return (toolhead?.pending() ?? 0) > 0 || stats?.state === 'printing';
    };
    const tick = () => {
      const now = printer.reactor.monotonic();
      if (busy()) {
        if (idleState !== 'Printing') printingSince = now;
        idleState = 'Printing';
        lastActive = now;
      } else if (idleState === 'Printing') {
        idleState = 'Ready';
        lastActive = now;
      } else if (idleState === 'Ready' && now - lastActive > timeout) {
        idleState = 'Idle';
        printer.gcode.runScript(template.render()).catch(() => undefined);
      }
    };
    printer.registerEventHandler('klippy:ready', () => {
      idleState = 'Ready';
      lastActive = printer.reactor.monotonic();
      const stop = printer.reactor.every(0.5, tick);
      printer.registerEventHandler('klippy:disconnect', stop);
    });
    printer.gcode.registerCommand(
      'SET_IDLE_TIMEOUT',
      (gcmd) => {
        timeout = gcmd.getFloat('TIMEOUT', timeout, { above: 0 });
        gcmd.respondInfo(`idle_timeout: Timeout set to ${timeout.toFixed(2)} s`);
      },
      { desc: 'Set the idle timeout in seconds' },
    );
    return {
      getStatus(eventtime: number) {
        tick();
        return { state: idleState, printing_time: idleState === 'Printing' ? eventtime - printingSince : 0 };
      },
    };
  },
});

/** `display_status`: M117 message and M73 progress (or the sdcard's progress). */
export const displayStatusPlugin = definePrinterPlugin({
  description: 'Display message and progress',
  loadConfig(config) {
    const printer = config.getPrinter();
    let message: string | null = null;
    let progress: number | null = null;
    const g = printer.gcode;
    g.registerCommand('M117', (gcmd) => {
      const text = gcmd.getRawCommandParameters();
      message = text === '' ? null : text;
    });
    g.registerCommand('M73', (gcmd) => {
      const p = gcmd.getFloat('P', null);
      if (p !== null) progress = Math.max(0, Math.min(100, p)) / 100;
    });
    g.registerCommand(
      'SET_DISPLAY_TEXT',
      (gcmd) => {
        const text = gcmd.get('MSG', '');
        message = text === '' ? null : text;
      },
      { desc: 'Set or clear the display message' },
    );
    return {
      getStatus() {
        const card = printer.lookupObject<VirtualSdcard | null, null>('virtual_sdcard', null);
        const cardProgress = (card?.getStatus().progress as number | undefined) ?? 0;
        return { progress: progress ?? cardProgress, message };
      },
    };
  },
});

/** `[respond]`: M118 and RESPOND, for macros that talk to the console. */
export const respondPlugin = definePrinterPlugin({
  description: 'M118 and RESPOND',
  loadConfig(config) {
    const printer = config.getPrinter();
    const types: Record<string, string> = { echo: 'echo:', command: '//', error: '!!' };
    const defaultType = config.getChoice('default_type', ['echo', 'command', 'error'], 'echo') as string;
    const defaultPrefix = config.get('default_prefix', types[defaultType]!);
    const g = printer.gcode;
    g.registerCommand('M118', (gcmd) =>
      gcmd.respondRaw(`${defaultPrefix} ${gcmd.getRawCommandParameters()}`),
    );
    g.registerCommand(
      'RESPOND',
      (gcmd) => {
        const type = gcmd.get('TYPE', '').toLowerCase();
        if (type && !(type in types)) {
          throw gcmd.error(`RESPOND TYPE '${type}' is invalid. Must be one of 'echo', 'command', or 'error'`);
        }
        const prefix = gcmd.get('PREFIX', type ? types[type]! : defaultPrefix);
        gcmd.respondRaw(`${prefix} ${gcmd.get('MSG', '')}`);
      },
      { desc: 'Echo the message prepended with a prefix' },
    );
    return {};
  },
});

/** `system_stats`: load and memory of the machine running the host. */
export const systemStatsPlugin = definePrinterPlugin({
  description: 'Host system statistics',
  loadConfig() {
    return {
      getStatus: () => ({
        sysload: Math.round((loadavg()[0] ?? 0) * 100) / 100,
        cputime: process.cpuUsage().user / 1e6,
        memavail: Math.round(freemem() / 1024),
        cpus: cpus().length,
      }),
    };
  },
});
