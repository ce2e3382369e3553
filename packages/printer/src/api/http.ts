import { createReadStream, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FileRoots } from './files.js';
import { type RpcClient, type RpcDispatcher, RpcError } from './rpc.js';

/** CORS for a UI served from another origin (Mainsail/Fluidd on their own port), preflight included. */
export function cors(req: IncomingMessage, res: ServerResponse): void {
  res.setHeader('Access-Control-Allow-Origin', req.headers.origin ?? '*');
  res.setHeader('Vary', 'Origin');
  res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PUT, DELETE, OPTIONS');
  res.setHeader(
    'Access-Control-Allow-Headers',
    req.headers['access-control-request-headers'] ?? 'Content-Type, Authorization, X-Api-Key',
  );
  res.setHeader('Access-Control-Allow-Credentials', 'true');
  res.setHeader('Access-Control-Max-Age', '600');
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** `/printer/objects/query?toolhead=position,homed_axes&webhooks` → `{ objects: {...} }`. */
function objectsFromQuery(query: URLSearchParams): Record<string, unknown> {
  const objects: Record<string, string[] | null> = {};
  for (const [name, fields] of query) objects[name] = fields ? fields.split(',') : null;
  return { objects };
}

/** REST paths whose method name is not simply the path with dots (Moonraker's HTTP API). */
const ROUTES: Record<string, string> = {
  'GET /server/database/item': 'server.database.get_item',
  'POST /server/database/item': 'server.database.post_item',
  'DELETE /server/database/item': 'server.database.delete_item',
  'GET /server/files/directory': 'server.files.get_directory',
};

export interface HttpContext {
  rpc: RpcDispatcher;
  files: FileRoots;
  upload(req: IncomingMessage): Promise<unknown>;
}

/**
 * Plain HTTP: POST /server/jsonrpc carries JSON-RPC; the REST paths map onto
 * the same methods (`GET /printer/info` → printer.info) with query or JSON
 * body parameters, answering `{ result }` or `{ error }` as Moonraker does.
 */
export async function handleHttp(req: IncomingMessage, res: ServerResponse, ctx: HttpContext): Promise<void> {
  cors(req, res);
  if (req.method === 'OPTIONS') {
    res.writeHead(204);
    res.end();
    return;
  }
  const url = new URL(req.url ?? '/', 'http://localhost');
  const client: RpcClient = { id: -1, notify: () => undefined };
  try {
    if (url.pathname === '/server/jsonrpc' && req.method === 'POST') {
      const reply = await ctx.rpc.handle(await readBody(req), client);
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(reply ?? '');
      return;
    }
    if (url.pathname === '/server/files/upload' && req.method === 'POST') {
      send(res, 201, await ctx.upload(req));
      return;
    }
    const file = /^\/server\/files\/(gcodes|config)\/(.+)$/.exec(url.pathname);
    if (file && req.method === 'GET') {
      const { full } = ctx.files.resolve(`${file[1]}/${decodeURIComponent(file[2]!)}`);
      if (!statSync(full, { throwIfNoEntry: false })?.isFile())
        throw new RpcError(404, `File does not exist: ${file[2]}`);
      res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
      createReadStream(full).pipe(res);
      return;
    }
    if (file && req.method === 'DELETE') {
      send(res, 200, {
        result: await ctx.rpc.call(
          'server.files.delete_file',
          { path: `${file[1]}/${decodeURIComponent(file[2]!)}` },
          client,
        ),
      });
      return;
    }
    const key = `${req.method} ${url.pathname}`;
    const method = ROUTES[key] ?? url.pathname.replace(/^\//, '').replaceAll('/', '.');
    let params: Record<string, unknown> = Object.fromEntries(url.searchParams);
    if (method === 'printer.objects.query' || method === 'printer.objects.subscribe')
      params = objectsFromQuery(url.searchParams);
    if (req.method === 'POST' && String(req.headers['content-type']).includes('json')) {
      const body = await readBody(req);
      if (body) params = { ...params, ...(JSON.parse(body) as Record<string, unknown>) };
    }
    if (!ctx.rpc.has(method)) throw new RpcError(404, `Not Found: ${url.pathname}`);
    send(res, 200, { result: await ctx.rpc.call(method, params, client) });
  } catch (error) {
    const code = error instanceof RpcError ? error.code : 500;
    const status = code >= 400 && code < 600 ? code : 400;
    send(res, status, {
      error: { code: status, message: error instanceof Error ? error.message : String(error) },
    });
  }
}
