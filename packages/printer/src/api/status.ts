import type { Printer } from '../printer/printer.js';
import { RpcError } from './rpc.js';

/** `{ object: null | [fields] }` as frontends send it to query and subscribe. */
export type ObjectRequest = Record<string, string[] | null>;

export function parseObjectRequest(params: Record<string, unknown>): ObjectRequest {
  const objects = params.objects;
  if (typeof objects !== 'object' || objects === null || Array.isArray(objects)) {
    throw new RpcError(400, 'No data for argument: objects');
  }
  const out: ObjectRequest = {};
  for (const [name, fields] of Object.entries(objects)) {
    out[name] = Array.isArray(fields) ? fields.map(String) : null;
  }
  return out;
}

/** Status of the requested objects and fields; objects that do not exist are left out, as in Klipper. */
export function queryStatus(
  printer: Printer,
  request: ObjectRequest,
  eventtime: number,
): Record<string, Record<string, unknown>> {
  const status: Record<string, Record<string, unknown>> = {};
  for (const [name, fields] of Object.entries(request)) {
    const full = printer.statusOf(name, eventtime);
    if (!full) {
      if (printer.objectNames().includes(name)) status[name] = {};
      continue;
    }
    status[name] =
      fields === null ? full : Object.fromEntries(fields.filter((f) => f in full).map((f) => [f, full[f]]));
  }
  return status;
}

/**
 * What changed since the last update sent: per object, the fields whose JSON
 * differs. `last` is updated in place with what is returned.
 */
export function diffStatus(
  status: Record<string, Record<string, unknown>>,
  last: Map<string, string>,
): Record<string, Record<string, unknown>> {
  const changes: Record<string, Record<string, unknown>> = {};
  for (const [name, fields] of Object.entries(status)) {
    for (const [field, value] of Object.entries(fields)) {
      const key = `${name}\u0000${field}`;
      const json = JSON.stringify(value);
      if (last.get(key) === json) continue;
      last.set(key, json);
      changes[name] ??= {};
      changes[name][field] = value;
    }
  }
  return changes;
}
