import { commandError } from '../errors.js';
import type { PrinterConfig } from '../plugin/types.js';
import type { Printer } from '../printer/printer.js';

export const AMBIENT = 25;
/** Seconds of simulated time between thermal model steps (Klipper reports at about this rate). */
const STEP = 0.3;

/**
 * A simulated heater: a first-order thermal model (heats towards where full
 * power would settle, loses heat to the ambient) driven by a proportional
 * controller that settles on the target. Time constants are short so that a
 * virtual print warms up in seconds.
 */
export class Heater {
  readonly name: string;
  temperature = AMBIENT;
  smoothed = AMBIENT;
  target = 0;
  power = 0;
  readonly minTemp: number;
  readonly maxTemp: number;
  readonly maxPower: number;
  readonly smoothTime: number;
  private readonly tau: number;
  private readonly rise: number;
  private readonly stop: () => void;

  constructor(printer: Printer, config: PrinterConfig, options: { tau: number }) {
    this.name = config.getName();
    this.minTemp = config.getFloat('min_temp', undefined, { minval: -273.15 });
    this.maxTemp = config.getFloat('max_temp', undefined, { above: this.minTemp });
    this.maxPower = config.getFloat('max_power', 1, { above: 0, maxval: 1 });
    this.smoothTime = config.getFloat('smooth_time', 1, { above: 0 });
    this.tau = options.tau;
    this.rise = this.maxTemp + 50 - AMBIENT;
    this.stop = printer.reactor.every(STEP, () => this.step(STEP));
  }

  private step(dt: number): void {
    if (this.target > 0) {
      const hold = (this.target - AMBIENT) / this.rise;
      const p = hold + (2 * (this.target - this.temperature)) / this.rise;
      this.power = Math.min(this.maxPower, Math.max(0, p));
    } else this.power = 0;
    const settle = AMBIENT + this.power * this.rise;
    this.temperature += (settle - this.temperature) * (1 - Math.exp(-dt / this.tau));
    this.smoothed += (this.temperature - this.smoothed) * Math.min(1, dt / this.smoothTime);
  }

  /** Klipper's "Requested temperature ... out of range" check, then the new target. */
  setTemp(degrees: number): void {
    if (degrees && (degrees < this.minTemp || degrees > this.maxTemp)) {
      const range = `${this.minTemp.toFixed(1)}:${this.maxTemp.toFixed(1)}`;
      throw commandError(`Requested temperature (${degrees.toFixed(1)}) out of range (${range})`);
    }
    this.target = degrees;
  }

  /** Still heating or cooling towards a set target (what M109 waits on). */
  checkBusy(): boolean {
    return this.target > 0 && Math.abs(this.target - this.smoothed) > 1;
  }

  canExtrude(minExtrudeTemp: number): boolean {
    return this.smoothed >= minExtrudeTemp;
  }

  getStatus(): Record<string, unknown> {
    return {
      temperature: Math.round(this.smoothed * 100) / 100,
      target: this.target,
      power: this.power,
    };
  }

  close(): void {
    this.stop();
  }
}
