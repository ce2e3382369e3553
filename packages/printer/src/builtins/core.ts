import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { commentOutDuplicates, renderAutosave, splitAutosave } from '../config/autosave.js';
import { FileConfig } from '../config/fileconfig.js';
import { parseConfigText } from '../config/parse.js';
import { readPrinterConfig } from '../config/reader.js';
import { settingsOf } from '../config/validate.js';
import { detailOf } from '../errors.js';
import type { GCodeCommand } from '../gcode/command.js';
import type { Printer } from '../printer/printer.js';

/** Commands that work before the config loads (Klipper registers them first). */
export function registerEarlyCommands(printer: Printer): void {
  const g = printer.gcode;
  const early = { whenNotReady: true };
  g.registerCommand('M110', () => undefined, early);
  g.registerCommand('M112', () => printer.invokeShutdown('Shutdown due to M112 command'), early);
  g.registerCommand(
    'M115',
    (gcmd) => gcmd.respondInfo(`FIRMWARE_NAME:Klipper FIRMWARE_VERSION:${printer.startArgs.softwareVersion}`),
    early,
  );
  g.registerCommand('RESTART', () => printer.requestRestart('restart'), {
    ...early,
    desc: 'Reload config file and restart host software',
  });
  g.registerCommand('FIRMWARE_RESTART', () => printer.requestRestart('firmware_restart'), {
    ...early,
    desc: 'Restart firmware, host, and reload config',
  });
  g.registerCommand('ECHO', (gcmd) => gcmd.respondInfo(gcmd.getCommandline()), early);
  g.registerCommand(
    'STATUS',
    (gcmd) => {
      if (printer.state === 'ready') return gcmd.respondInfo('Klipper state: Ready');
      throw gcmd.error(`${printer.stateMessage.trimEnd()}\nKlipper state: Not ready`);
    },
    { ...early, desc: 'Report the printer status' },
  );
  g.registerCommand(
    'HELP',
    (gcmd) => {
      const lines: string[] = [];
      if (printer.state !== 'ready') lines.push('Printer is not ready - not all commands available.');
      lines.push('Available extended commands:');
      const help = g.commandHelp();
      for (const command of g.availableCommands()) {
        if (help[command] !== undefined) lines.push(`${command.padEnd(10)}: ${help[command]}`);
      }
      gcmd.respondInfo(lines.join('\n'));
    },
    { ...early, desc: 'Report the list of available extended G-Code commands' },
  );
}

/** `webhooks` status: the state frontends show in their banner. */
export function webhooksObject(printer: Printer) {
  return { getStatus: () => ({ state: printer.state, state_message: printer.stateMessage }) };
}

/**
 * `configfile`: the raw config, the settings objects read, warnings, and
 * SAVE_CONFIG (values set by calibration commands, written into the
 * `#*# SAVE_CONFIG` block as Klipper writes it).
 */
export class ConfigFileObject {
  private readonly pending = new FileConfig();
  private pendingItems: Record<string, Record<string, string> | null> = {};
  private raw: Record<string, Record<string, string>> = {};

  constructor(private readonly printer: Printer) {
    printer.gcode.registerCommand('SAVE_CONFIG', (gcmd) => this.cmdSaveConfig(gcmd), {
      desc: 'Overwrite config file and restart',
    });
  }

  /** Snapshot the raw config for status (before objects read it). */
  snapshot(config: FileConfig): void {
    this.raw = config.toObject();
  }

  /** Queue `option = value` in `[section]` for the next SAVE_CONFIG (Klipper's `configfile.set`). */
  set(section: string, option: string, value: unknown): void {
    const text = String(value);
    this.pending.set(section, option, text);
    this.pendingItems = {
      ...this.pendingItems,
      [section]: { ...(this.pendingItems[section] ?? {}), [option]: text },
    };
  }

  removeSection(section: string): void {
    this.pending.removeSection(section);
    this.pendingItems = { ...this.pendingItems, [section]: null };
  }

  private cmdSaveConfig(gcmd: GCodeCommand): void {
    if (Object.keys(this.pendingItems).length === 0) return;
    const file = this.printer.startArgs.configFile;
    let data: string;
    try {
      data = readFileSync(file, 'utf8');
    } catch {
      throw gcmd.error('Unable to read existing config on SAVE_CONFIG');
    }
    const { regular, autosave } = splitAutosave(data);
    // Keep the old block's values not set again, then lay the new ones over them.
    const next = new FileConfig();
    const oldBlock = readBlock(autosave);
    next.merge(oldBlock);
    for (const [section, items] of Object.entries(this.pendingItems))
      if (items === null) next.removeSection(section);
    next.merge(this.pending);
    const main = commentOutDuplicates(regular, (s, o) => next.hasOption(s, o));
    const text = `${main.trimEnd()}${renderAutosave(next.toText())}`;
    // The new file must read back; a block value an include also sets is refused here.
    try {
      readPrinterConfig(file, text);
    } catch (error) {
      throw gcmd.error(detailOf(error));
    }
    const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '_').slice(0, 15);
    const backup = file.endsWith('.cfg') ? `${file.slice(0, -4)}-${stamp}.cfg` : `${file}-${stamp}`;
    const temp = file.endsWith('.cfg') ? `${file.slice(0, -4)}_autosave.cfg` : `${file}_autosave`;
    try {
      writeFileSync(temp, text);
      renameSync(file, backup);
      renameSync(temp, file);
    } catch {
      throw gcmd.error('Unable to write config file during SAVE_CONFIG');
    }
    this.printer.requestRestart('restart');
  }

  getStatus(): Record<string, unknown> {
    return {
      config: this.raw,
      settings: settingsOf(this.printer.tracking),
      warnings: this.printer.warnings,
      save_config_pending: Object.keys(this.pendingItems).length > 0,
      save_config_pending_items: this.pendingItems,
    };
  }
}

function readBlock(text: string): FileConfig {
  const out = new FileConfig();
  if (text) parseConfigText(text, '*AUTOSAVE*', out, 0);
  return out;
}
