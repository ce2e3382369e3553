import type { ObjectStore, StageContext, StageLogger, StageTask, TaskIO } from '../types.js';

/** A logger that forwards to the executor's I/O; built only when a stage uses `ctx.log`. */
function logger(io: TaskIO): StageLogger {
  return {
    debug: (m) => io.onLog('debug', String(m)),
    info: (m) => io.onLog('info', String(m)),
    warn: (m) => io.onLog('warn', String(m)),
    error: (m) => io.onLog('error', String(m)),
  };
}

/**
 * The `ctx` a stage gets. A class with prototype methods and a lazy logger, so the
 * per-stage cost stays a single small allocation (the local executor runs thousands).
 */
class Context implements StageContext {
  #log: StageLogger | undefined;
  constructor(
    private readonly task: StageTask,
    private readonly io: TaskIO,
    readonly objects: ObjectStore,
  ) {}
  get runId() {
    return this.task.runId;
  }
  get stage() {
    return this.task.stage;
  }
  get index() {
    return this.task.index;
  }
  get attempt() {
    return this.task.attempt;
  }
  get workflowInput() {
    return this.task.workflowInput;
  }
  get signal() {
    return this.io.signal;
  }
  get log() {
    this.#log ??= logger(this.io);
    return this.#log;
  }
  progress(done: number, total?: number, message?: string) {
    this.io.onProgress(done, total, message);
  }
}

export function stageContext(task: StageTask, io: TaskIO, objects: ObjectStore): StageContext {
  return new Context(task, io, objects);
}
