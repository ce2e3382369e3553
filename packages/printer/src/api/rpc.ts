/** A JSON-RPC error with Moonraker's codes (400/404 for request problems, -326xx for protocol ones). */
export class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/** Who is calling: one WebSocket connection, or a one-off HTTP request. */
export interface RpcClient {
  id: number;
  /** Send a notification to this client (no-op for HTTP). */
  notify(method: string, params?: unknown[]): void;
}

export type RpcMethod = (params: Record<string, unknown>, client: RpcClient) => unknown;

interface RpcRequest {
  jsonrpc?: unknown;
  method?: unknown;
  params?: unknown;
  id?: unknown;
}

/**
 * A small JSON-RPC 2.0 dispatcher. Written here because Moonraker's dialect
 * needs little (named params, notifications, batches) and the libraries add
 * transports we do not use. Request id 0 is a valid id; absent `params` is `{}`.
 */
export class RpcDispatcher {
  private readonly methods = new Map<string, RpcMethod>();

  register(name: string, method: RpcMethod): void {
    this.methods.set(name, method);
  }

  has(name: string): boolean {
    return this.methods.has(name);
  }

  /** Call one method directly (the HTTP routes use this). */
  async call(name: string, params: Record<string, unknown>, client: RpcClient): Promise<unknown> {
    const method = this.methods.get(name);
    if (!method) throw new RpcError(-32601, 'Method not found');
    return method(params, client);
  }

  /** Handle a raw message; resolves with the reply text, or undefined for notifications. */
  async handle(text: string, client: RpcClient): Promise<string | undefined> {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return JSON.stringify({ jsonrpc: '2.0', error: { code: -32700, message: 'Parse error' }, id: null });
    }
    if (Array.isArray(body)) {
      if (body.length === 0) return JSON.stringify(invalid(null));
      const replies = (await Promise.all(body.map((b) => this.one(b, client)))).filter(
        (r) => r !== undefined,
      );
      return replies.length ? JSON.stringify(replies) : undefined;
    }
    const reply = await this.one(body, client);
    return reply === undefined ? undefined : JSON.stringify(reply);
  }

  private async one(raw: unknown, client: RpcClient): Promise<object | undefined> {
    const req = raw as RpcRequest;
    const hasId = typeof req === 'object' && req !== null && 'id' in req;
    const id = hasId ? req.id : null;
    if (typeof req !== 'object' || req === null || req.jsonrpc !== '2.0' || typeof req.method !== 'string') {
      return invalid(typeof id === 'string' || typeof id === 'number' ? id : null);
    }
    if (
      req.params !== undefined &&
      (typeof req.params !== 'object' || req.params === null || Array.isArray(req.params))
    ) {
      return hasId
        ? { jsonrpc: '2.0', error: { code: -32602, message: 'Invalid params: expected an object' }, id }
        : undefined;
    }
    try {
      const result = await this.call(req.method, (req.params as Record<string, unknown>) ?? {}, client);
      return hasId ? { jsonrpc: '2.0', result: result ?? null, id } : undefined;
    } catch (error) {
      if (!hasId) return undefined;
      const code = error instanceof RpcError ? error.code : 400;
      const message =
        error instanceof Error ? ((error as { detail?: string }).detail ?? error.message) : String(error);
      return { jsonrpc: '2.0', error: { code, message }, id };
    }
  }
}

function invalid(id: string | number | null) {
  return { jsonrpc: '2.0', error: { code: -32600, message: 'Invalid Request' }, id };
}

/** A required string parameter, or Moonraker's 400 error naming it. */
export function stringParam(params: Record<string, unknown>, name: string, fallback?: string): string {
  const value = params[name];
  if (value === undefined || value === null) {
    if (fallback !== undefined) return fallback;
    throw new RpcError(400, `No data for argument: ${name}`);
  }
  return String(value);
}
