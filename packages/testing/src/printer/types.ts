/**
 * The parts of @plugboard/printer the harness drives, described structurally
 * so that @plugboard/testing needs no dependency on the printer host: pass
 * `createPrinter` from `@plugboard/printer` and everything type-checks.
 */
export interface HarnessPrinterHost {
  readonly state: string;
  readonly printer: {
    readonly stateMessage: string;
    statusOf(name: string): Record<string, unknown> | undefined;
    gcode: { runScript(script: string): Promise<unknown> };
  };
  start(): Promise<void>;
  /** Resolves when a shutdown or restart the last script caused has finished. */
  settled?(): Promise<void>;
  close(): Promise<void>;
  onOutput(listener: (line: string) => void): () => void;
}

export interface HarnessCreateOptions {
  config: string;
  plugins?: Record<string, unknown>;
  pluginsDir?: string | false;
  speed?: number;
  unusedOptions?: 'error' | 'warn';
}

/**
 * `createPrinter` from @plugboard/printer. Declared as a method type so that
 * the real function (whose `plugins` are typed printer plugins) is accepted.
 */
export type CreatePrinterFn = {
  create(options: HarnessCreateOptions): HarnessPrinterHost;
}['create'];
