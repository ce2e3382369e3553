import { isPlugboardError } from '@plugboard/core';
import { WorkflowError, type WorkflowErrorCode, WorkflowErrorCodes } from '../errors.js';

/** An error as plain data: what crosses threads, Redis and the run store. */
export interface EncodedError {
  name: string;
  message: string;
  code?: string | undefined;
  stack?: string | undefined;
}

export function encodeError(error: unknown): EncodedError {
  if (error instanceof Error) {
    const code = isPlugboardError(error) ? error.code : (error as { code?: unknown }).code;
    return {
      name: error.name,
      message: error.message,
      code: typeof code === 'string' ? code : undefined,
      stack: error.stack,
    };
  }
  return { name: 'Error', message: String(error) };
}

/** Back to an Error (a WorkflowError when the code is one of ours), keeping name, code and stack. */
export function decodeError(data: EncodedError): Error {
  const ours = Object.values(WorkflowErrorCodes) as string[];
  let error: Error;
  if (data.code && ours.includes(data.code)) {
    const prefix = '@plugboard/workflow: ';
    const text = data.message.startsWith(prefix) ? data.message.slice(prefix.length) : data.message;
    error = new WorkflowError(data.code as WorkflowErrorCode, text);
  } else {
    error = Object.assign(new Error(data.message), data.code ? { code: data.code } : {});
    error.name = data.name;
  }
  if (data.stack) error.stack = data.stack;
  return error;
}

/** Where a value stops being JSON (a path such as `result.items[2]` and why), or undefined. */
export function unserializable(
  value: unknown,
  path = 'result',
  seen = new Set<object>(),
): string | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : `${path} is ${value}`;
  if (value === undefined) return undefined;
  if (typeof value !== 'object') return `${path} is a ${typeof value}`;
  if (seen.has(value)) return `${path} refers back to itself (a cycle)`;
  seen.add(value);
  try {
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const bad = unserializable(value[i], `${path}[${i}]`, seen);
        if (bad) return bad;
      }
      return undefined;
    }
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      return `${path} is a ${(value as object).constructor?.name ?? 'class instance'}, not a plain object`;
    }
    for (const [k, v] of Object.entries(value)) {
      const bad = unserializable(v, `${path}.${k}`, seen);
      if (bad) return bad;
    }
    return undefined;
  } finally {
    seen.delete(value);
  }
}

/** Throw PB_WORKFLOW_NOT_SERIALIZABLE when a stage result cannot cross to another process. */
export function assertSerializable(value: unknown, stage: string, executor: string): void {
  const bad = unserializable(value);
  if (bad) {
    throw new WorkflowError(
      WorkflowErrorCodes.NOT_SERIALIZABLE,
      `stage "${stage}" returned a value the ${executor} executor cannot pass on: ${bad}. Return plain JSON data (objects, arrays, strings, finite numbers, booleans, null), or put large artifacts in ctx.objects.`,
      { stage },
    );
  }
}

export function workflowError(
  code: WorkflowErrorCode,
  message: string,
  stage?: string,
  cause?: unknown,
): WorkflowError {
  return new WorkflowError(code, message, { stage, cause });
}
