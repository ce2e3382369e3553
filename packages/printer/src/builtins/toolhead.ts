import { commandError } from '../errors.js';
import { definePrinterPlugin } from '../plugin/define.js';
import type { PrinterConfig } from '../plugin/types.js';
import type { Printer } from '../printer/printer.js';
import { acceptRemaining } from './accept.js';
import { GCodeMove } from './gcode-move.js';

export type Coord = [number, number, number, number];
interface Segment {
  from: Coord;
  to: Coord;
  start: number;
  end: number;
}

/** Kinematics whose X/Y/Z limits come straight from `[stepper_x|y|z]`. */
const CARTESIAN = new Set([
  'cartesian',
  'corexy',
  'corexz',
  'hybrid_corexy',
  'hybrid_corexz',
  'limited_cartesian',
  'limited_corexy',
  'limited_corexz',
]);
const KINEMATICS = new Set([
  ...CARTESIAN,
  'generic_cartesian',
  'delta',
  'deltesian',
  'rotary_delta',
  'polar',
  'winch',
  'none',
]);

/** [printer] options read by Klipper's kinematics modules (delta, polar, winch, …) and older releases. */
const KINEMATICS_OPTIONS = [
  'max_z_velocity',
  'max_z_accel',
  'delta_radius',
  'print_radius',
  'minimum_z_position',
  'slow_ratio',
  'print_width',
  'shoulder_radius',
  'shoulder_height',
  'safe_distance',
  'max_accel_to_decel',
  'buffer_time_low',
  'buffer_time_high',
  'buffer_time_start',
  'move_flush_time',
];

const fmt = (p: Coord) => `${p[0].toFixed(3)} ${p[1].toFixed(3)} ${p[2].toFixed(3)} [${p[3].toFixed(3)}]`;

/**
 * The virtual toolhead (`[printer]` and the stepper sections): commanded
 * position, homing, limits and a timeline of moves. Moves are queued, never
 * waited for, as on a real Klipper host; M400 and pauses wait for the timeline.
 */
export class Toolhead {
  readonly printer: Printer;
  position: Coord = [0, 0, 0, 0];
  private homed = new Set<number>();
  readonly min: Coord = [-Infinity, -Infinity, -Infinity, -Infinity];
  readonly max: Coord = [Infinity, Infinity, Infinity, Infinity];
  private readonly endstops: Coord = [0, 0, 0, 0];
  readonly kinematics: string;
  maxVelocity: number;
  maxAccel: number;
  squareCornerVelocity: number;
  minimumCruiseRatio: number;
  private printTime = 0;
  private segments: Segment[] = [];
  extruderName = 'extruder';
  /** Called for every E move, so extruders can refuse cold extrusion. */
  checkExtrude: ((e: number) => void) | undefined;

  constructor(config: PrinterConfig) {
    this.printer = config.getPrinter();
    this.kinematics = config.get('kinematics');
    if (!KINEMATICS.has(this.kinematics))
      throw config.error(`Error loading kinematics '${this.kinematics}'`, 'kinematics');
    this.maxVelocity = config.getFloat('max_velocity', undefined, { above: 0 });
    this.maxAccel = config.getFloat('max_accel', undefined, { above: 0 });
    this.minimumCruiseRatio = config.getFloat('minimum_cruise_ratio', 0.5, { below: 1, minval: 0 });
    this.squareCornerVelocity = config.getFloat('square_corner_velocity', 5, { minval: 0 });
    if (CARTESIAN.has(this.kinematics)) {
      for (const [i, axis] of ['x', 'y', 'z'].entries())
        this.readRail(config.getSection(`stepper_${axis}`), i);
    } else if (this.kinematics === 'generic_cartesian') {
      // Rails are `[carriage NAME]` sections with an `axis:` (Klipper's generic_cartesian).
      for (const carriage of config.getPrefixSections('carriage ')) {
        const axis = carriage.getChoice(
          'axis',
          ['x', 'y', 'z'],
          carriage.getName().split(/\s+/)[1]?.slice(-1),
        ) as string;
        this.readRail(carriage, 'xyz'.indexOf(axis));
      }
    }
    for (const section of config.fileconfig.sections()) {
      if (
        /^stepper(_\w+|\s.*)?$/.test(section) ||
        /^(dual_carriage|carriage|extra_carriage)(\s.*)?$/.test(section)
      ) {
        acceptRemaining(config.getSection(section));
      }
    }
    // Kinematics options of [printer] (Klipper's kinematics modules read these); anything else is a typo.
    for (const option of KINEMATICS_OPTIONS) config.get(option, null);
    this.printer.addObject('toolhead', this);
    this.printer.gcode.registerCommand('G4', (gcmd) =>
      this.dwell(gcmd.getFloat('P', 0, { minval: 0 }) / 1000),
    );
    this.printer.gcode.registerCommand('M400', () => this.waitMoves());
    this.printer.gcode.registerCommand(
      'SET_VELOCITY_LIMIT',
      (gcmd) => {
        this.maxVelocity = gcmd.getFloat('VELOCITY', this.maxVelocity, { above: 0 });
        this.maxAccel = gcmd.getFloat('ACCEL', this.maxAccel, { above: 0 });
        this.squareCornerVelocity = gcmd.getFloat('SQUARE_CORNER_VELOCITY', this.squareCornerVelocity, {
          minval: 0,
        });
        this.minimumCruiseRatio = gcmd.getFloat('MINIMUM_CRUISE_RATIO', this.minimumCruiseRatio, {
          minval: 0,
          below: 1,
        });
        gcmd.respondInfo(
          `max_velocity: ${this.maxVelocity.toFixed(6)}\nmax_accel: ${this.maxAccel.toFixed(6)}\nminimum_cruise_ratio: ${this.minimumCruiseRatio.toFixed(6)}\nsquare_corner_velocity: ${this.squareCornerVelocity.toFixed(6)}`,
        );
      },
      { desc: 'Set printer velocity limits' },
    );
  }

  /** X/Y/Z limits and endstop of one rail section (`[stepper_x]`, `[carriage x]`). */
  private readRail(stepper: PrinterConfig, i: number): void {
    const endstopPin = stepper.get('endstop_pin', null) ?? '';
    // A probe as Z endstop has no fixed position (Klipper asks the probe instead).
    const probeEndstop = endstopPin.includes('virtual_endstop');
    this.endstops[i] = probeEndstop ? 0 : stepper.getFloat('position_endstop');
    this.min[i] = stepper.getFloat('position_min', 0);
    this.max[i] = stepper.getFloat('position_max', undefined, { above: this.min[i] });
    if (this.endstops[i]! < this.min[i]! || this.endstops[i]! > this.max[i]!) {
      throw stepper.error(
        'position_endstop must be between position_min and position_max',
        'position_endstop',
      );
    }
  }

  get homedAxes(): string {
    return ['x', 'y', 'z'].filter((_a, i) => this.homed.has(i)).join('');
  }

  /** Queue a move to `to` at `speed` mm/s; checks limits and homing like Klipper's check_move. */
  move(to: Coord, speed: number): void {
    const from = this.position;
    let d2 = 0;
    for (let i = 0; i < 3; i++) {
      const delta = to[i]! - from[i]!;
      if (delta === 0) continue;
      d2 += delta * delta;
      if (this.min[i] !== -Infinity) {
        if (!this.homed.has(i)) throw commandError(`Must home axis first: ${fmt(to)}`);
        if (to[i]! < this.min[i]! || to[i]! > this.max[i]!)
          throw commandError(`Move out of range: ${fmt(to)}`);
      }
    }
    const de = to[3] - from[3];
    if (de !== 0) this.checkExtrude?.(de);
    const distance = d2 > 0 ? Math.sqrt(d2) : Math.abs(de);
    const v = Math.min(speed, this.maxVelocity);
    const now = this.printer.reactor.monotonic();
    const start = Math.max(this.printTime, now);
    const end = start + (v > 0 ? distance / v : 0);
    this.printTime = end;
    this.position = to;
    this.segments.push({ from, to, start, end });
    if (this.segments.length > 64) this.segments.splice(0, 32);
  }

  /** Home `axes` (indexes 0-2): the position becomes the endstop position. */
  home(axes: number[]): void {
    const to: Coord = [...this.position];
    for (const i of axes) {
      to[i] = this.endstops[i]!;
      this.homed.add(i);
    }
    this.setPosition(to);
  }

  setPosition(position: Coord, homingAxes: number[] = []): void {
    this.position = [...position];
    for (const i of homingAxes) this.homed.add(i);
    this.segments = [];
  }

  /** Forget homing (motors off, a shutdown). */
  motorOff(): void {
    this.homed.clear();
  }

  dwell(seconds: number): void {
    const now = this.printer.reactor.monotonic();
    this.printTime = Math.max(this.printTime, now) + seconds;
  }

  /** Seconds of queued motion left. */
  pending(): number {
    return Math.max(0, this.printTime - this.printer.reactor.monotonic());
  }

  waitMoves(): Promise<void> | void {
    const left = this.pending();
    if (left > 0) return this.printer.reactor.pause(left);
  }

  /** Where the head is now along the queued moves (motion_report's live_position). */
  livePosition(now: number): { position: Coord; velocity: number } {
    for (let k = this.segments.length - 1; k >= 0; k--) {
      const s = this.segments[k]!;
      if (now >= s.start && now <= s.end && s.end > s.start) {
        const f = (now - s.start) / (s.end - s.start);
        const p = s.from.map((v, i) => v + (s.to[i]! - v) * f) as Coord;
        const dist = Math.hypot(s.to[0] - s.from[0], s.to[1] - s.from[1], s.to[2] - s.from[2]);
        return { position: p, velocity: dist / (s.end - s.start) };
      }
      if (now > s.end) break;
    }
    return {
      position: this.segments.length && now < this.printTime ? this.segments[0]!.from : this.position,
      velocity: 0,
    };
  }

  getStatus(eventtime: number): Record<string, unknown> {
    return {
      homed_axes: this.homedAxes,
      axis_minimum: [...this.min.slice(0, 3).map((v) => (Number.isFinite(v) ? v : 0)), 0],
      axis_maximum: [...this.max.slice(0, 3).map((v) => (Number.isFinite(v) ? v : 0)), 0],
      print_time: this.printTime,
      estimated_print_time: eventtime,
      stalls: 0,
      extruder: this.extruderName,
      position: [...this.position],
      max_velocity: this.maxVelocity,
      max_accel: this.maxAccel,
      minimum_cruise_ratio: this.minimumCruiseRatio,
      square_corner_velocity: this.squareCornerVelocity,
    };
  }
}

/** `[printer]`: the toolhead, G-code moves and motion report. */
export const printerSectionPlugin = definePrinterPlugin({
  description: 'Toolhead and kinematics limits',
  loadConfig(config) {
    const printer = config.getPrinter();
    const toolhead = new Toolhead(config);
    printer.addObject('gcode_move', new GCodeMove(printer, toolhead));
    printer.addObject('motion_report', {
      getStatus(eventtime: number) {
        const live = toolhead.livePosition(eventtime);
        return {
          live_position: live.position,
          live_velocity: live.velocity,
          live_extruder_velocity: 0,
          steppers: [],
          trapq: ['toolhead', 'extruder'],
        };
      },
    });
    return undefined;
  },
});
