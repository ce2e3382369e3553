import type { GCodeCommand } from '../gcode/command.js';
import { parseFloatParam } from '../gcode/command.js';
import type { Printer } from '../printer/printer.js';
import type { Coord, Toolhead } from './toolhead.js';

interface SavedState {
  absoluteCoord: boolean;
  absoluteExtrude: boolean;
  basePosition: Coord;
  lastPosition: Coord;
  homingPosition: Coord;
  speed: number;
  speedFactor: number;
  extrudeFactor: number;
}

const AXES = ['X', 'Y', 'Z'] as const;

/** G-code coordinates over the toolhead: G0/G1/G28/G90/G91/G92/M82/M83/M114/M220/M221 (Klipper's gcode_move). */
export class GCodeMove {
  absoluteCoord = true;
  absoluteExtrude = true;
  basePosition: Coord = [0, 0, 0, 0];
  lastPosition: Coord = [0, 0, 0, 0];
  homingPosition: Coord = [0, 0, 0, 0];
  speed = 25;
  speedFactor = 1 / 60;
  extrudeFactor = 1;
  private readonly saved = new Map<string, SavedState>();

  constructor(
    printer: Printer,
    private readonly toolhead: Toolhead,
  ) {
    const g = printer.gcode;
    const move = (gcmd: GCodeCommand) => this.cmdG1(gcmd);
    g.registerCommand('G1', move);
    g.registerCommand('G0', move);
    g.registerCommand('G28', (gcmd) => this.cmdG28(gcmd));
    g.registerCommand('G20', (gcmd) => {
      throw gcmd.error('Machine does not support G20 (inches) command');
    });
    g.registerCommand('G21', () => undefined);
    g.registerCommand('G90', () => {
      this.absoluteCoord = true;
    });
    g.registerCommand('G91', () => {
      this.absoluteCoord = false;
    });
    g.registerCommand('M82', () => {
      this.absoluteExtrude = true;
    });
    g.registerCommand('M83', () => {
      this.absoluteExtrude = false;
    });
    g.registerCommand('G92', (gcmd) => this.cmdG92(gcmd));
    g.registerCommand(
      'M114',
      (gcmd) => {
        const p = this.lastPosition.map((v, i) => v - this.basePosition[i]!);
        gcmd.respondRaw(
          `X:${p[0]!.toFixed(3)} Y:${p[1]!.toFixed(3)} Z:${p[2]!.toFixed(3)} E:${p[3]!.toFixed(3)}`,
        );
      },
      { whenNotReady: true },
    );
    g.registerCommand('M220', (gcmd) => {
      const value = gcmd.getFloat('S', 100, { above: 0 }) / (60 * 100);
      this.speed = (this.speed / this.speedFactor) * value;
      this.speedFactor = value;
    });
    g.registerCommand('M221', (gcmd) => {
      const factor = gcmd.getFloat('S', 100, { above: 0 }) / 100;
      // Keep the G-code E position: rebase so that the next absolute E uses the new factor.
      const last = this.lastPosition[3];
      const eValue = (last - this.basePosition[3]) / this.extrudeFactor;
      this.basePosition[3] = last - eValue * factor;
      this.extrudeFactor = factor;
    });
    g.registerCommand('SET_GCODE_OFFSET', (gcmd) => this.cmdSetOffset(gcmd), {
      desc: 'Set a virtual offset to g-code positions',
    });
    g.registerCommand('SAVE_GCODE_STATE', (gcmd) => this.save(gcmd.get('NAME', 'default')), {
      desc: 'Save G-Code coordinate state',
    });
    g.registerCommand('RESTORE_GCODE_STATE', (gcmd) => this.restore(gcmd), {
      desc: 'Restore a previously saved G-Code state',
    });
    g.registerCommand(
      'GET_POSITION',
      (gcmd) => {
        const t = this.toolhead.position;
        const gp = this.lastPosition.map((v, i) => v - this.basePosition[i]!);
        const f = (p: number[]) =>
          `X:${p[0]!.toFixed(6)} Y:${p[1]!.toFixed(6)} Z:${p[2]!.toFixed(6)} E:${p[3]!.toFixed(6)}`;
        gcmd.respondInfo(
          `toolhead: ${f(t)}\ngcode: ${f(this.lastPosition)}\ngcode base: ${f(this.basePosition)}\ngcode homing: ${f(this.homingPosition)}\ngcode position: ${f(gp)}`,
        );
      },
      { desc: 'Return information on the current location of the toolhead' },
    );
  }

  private cmdG1(gcmd: GCodeCommand): void {
    const params = gcmd.getCommandParameters();
    const last = this.lastPosition;
    const next: Coord = [last[0], last[1], last[2], last[3]];
    try {
      for (let i = 0; i < 3; i++) {
        const raw = params[AXES[i]!];
        if (raw === undefined) continue;
        const v = parseFloatParam(raw);
        next[i] = this.absoluteCoord ? v + this.basePosition[i]! : next[i]! + v;
      }
      const e = params.E;
      if (e !== undefined) {
        const v = parseFloatParam(e) * this.extrudeFactor;
        next[3] = !this.absoluteCoord || !this.absoluteExtrude ? next[3] + v : v + this.basePosition[3];
      }
      const f = params.F;
      if (f !== undefined) {
        const speed = parseFloatParam(f);
        if (!(speed > 0)) throw gcmd.error(`Invalid speed in '${gcmd.getCommandline()}'`);
        this.speed = speed * this.speedFactor;
      }
    } catch (error) {
      if ((error as { code?: string }).code) throw error;
      throw gcmd.error(`Unable to parse move '${gcmd.getCommandline()}'`);
    }
    if (Number.isNaN(next[0] + next[1] + next[2] + next[3]))
      throw gcmd.error(`Unable to parse move '${gcmd.getCommandline()}'`);
    this.toolhead.move(next, this.speed);
    this.lastPosition = next;
  }

  private cmdG28(gcmd: GCodeCommand): void {
    const params = gcmd.getCommandParameters();
    let axes = [0, 1, 2].filter((i) => AXES[i]! in params);
    if (axes.length === 0) axes = [0, 1, 2];
    this.toolhead.home(axes);
    for (const i of axes) this.homingPosition[i] = 0;
    this.resetLastPosition();
  }

  private cmdG92(gcmd: GCodeCommand): void {
    const offsets = ['X', 'Y', 'Z', 'E'].map((a) => gcmd.getFloat(a, null));
    offsets.forEach((offset, i) => {
      if (offset === null) return;
      this.basePosition[i] = this.lastPosition[i]! - (i === 3 ? offset * this.extrudeFactor : offset);
    });
    if (offsets.every((o) => o === null)) this.basePosition = [...this.lastPosition];
  }

  private cmdSetOffset(gcmd: GCodeCommand): void {
    ['X', 'Y', 'Z', 'E'].forEach((axis, i) => {
      let offset = gcmd.getFloat(axis, null);
      if (offset === null) {
        const adjust = gcmd.getFloat(`${axis}_ADJUST`, null);
        if (adjust === null) return;
        offset = this.homingPosition[i]! + adjust;
      }
      const delta = offset - this.homingPosition[i]!;
      this.basePosition[i]! += delta;
      this.homingPosition[i] = offset;
      if (gcmd.getInt('MOVE', 0)) this.lastPosition[i]! += delta;
    });
  }

  private save(name: string): void {
    this.saved.set(name.toUpperCase(), {
      absoluteCoord: this.absoluteCoord,
      absoluteExtrude: this.absoluteExtrude,
      basePosition: [...this.basePosition],
      lastPosition: [...this.lastPosition],
      homingPosition: [...this.homingPosition],
      speed: this.speed,
      speedFactor: this.speedFactor,
      extrudeFactor: this.extrudeFactor,
    });
  }

  private restore(gcmd: GCodeCommand): void | Promise<void> {
    const name = gcmd.get('NAME', 'default');
    const state = this.saved.get(name.toUpperCase());
    if (!state) throw gcmd.error(`Unknown g-code state: ${name}`);
    this.absoluteCoord = state.absoluteCoord;
    this.absoluteExtrude = state.absoluteExtrude;
    this.basePosition = [...state.basePosition];
    this.homingPosition = [...state.homingPosition];
    this.speed = state.speed;
    this.speedFactor = state.speedFactor;
    this.extrudeFactor = state.extrudeFactor;
    // Restore the E position without extruding (Klipper keeps the toolhead's E).
    this.lastPosition[3] = state.lastPosition[3];
    if (gcmd.getInt('MOVE', 0)) {
      const speed = gcmd.getFloat('MOVE_SPEED', this.speed, { above: 0 });
      const to: Coord = [
        state.lastPosition[0],
        state.lastPosition[1],
        state.lastPosition[2],
        this.lastPosition[3],
      ];
      this.toolhead.position[3] = this.lastPosition[3];
      this.toolhead.move(to, speed);
      this.lastPosition = to;
    }
  }

  /** After homing or a position change: G-code position follows the toolhead again. */
  resetLastPosition(): void {
    this.lastPosition = [...this.toolhead.position];
  }

  getStatus(): Record<string, unknown> {
    return {
      speed_factor: this.speedFactor * 60,
      speed: this.speed,
      extrude_factor: this.extrudeFactor,
      absolute_coordinates: this.absoluteCoord,
      absolute_extrude: this.absoluteExtrude,
      homing_origin: [...this.homingPosition],
      position: [...this.lastPosition],
      gcode_position: this.lastPosition.map((v, i) => v - this.basePosition[i]!),
    };
  }
}
