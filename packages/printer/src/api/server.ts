import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { type WebSocket, WebSocketServer } from 'ws';
import { PrinterError, PrinterErrorCodes } from '../errors.js';
import type { VirtualPrinter } from '../printer/virtual-printer.js';
import { FileRoots } from './files.js';
import { handleHttp } from './http.js';
import { type ApiContext, procStats, registerMethods } from './methods.js';
import { type RpcClient, RpcDispatcher } from './rpc.js';
import { diffStatus, type ObjectRequest, queryStatus } from './status.js';
import { JsonDatabase } from './store.js';
import { GcodeStore, JobHistory, TemperatureStore } from './stores.js';

export interface ApiServerOptions {
  /** Interface to listen on (default 127.0.0.1). */
  host?: string;
  /** Port (default 7125, Moonraker's; 0 picks a free one). */
  port?: number;
  /** Where the database file lives (default `<config folder>/.plugboard`). */
  dataDir?: string;
  /** Status updates at most this often (default 250 ms: Moonraker's 4 Hz). */
  statusIntervalMs?: number;
}

export interface ApiServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

interface Connection extends RpcClient {
  socket: WebSocket;
  subscription: ObjectRequest | undefined;
  last: Map<string, string>;
}

/**
 * Moonraker-compatible JSON-RPC over WebSocket (`/websocket`) and HTTP, for
 * Mainsail, Fluidd and scripts. `ws` on node's own HTTP server: the API is a
 * thin mapping onto one dispatcher and needs no web framework.
 */
export async function startApiServer(
  host: VirtualPrinter,
  options: ApiServerOptions = {},
): Promise<ApiServer> {
  const configDir = dirname(host.configFile);
  const connections = new Map<number, Connection>();
  let nextId = 1;
  const broadcast = (method: string, params?: unknown[]) => {
    const text = JSON.stringify(
      params === undefined ? { jsonrpc: '2.0', method } : { jsonrpc: '2.0', method, params },
    );
    for (const c of connections.values()) if (c.socket.readyState === c.socket.OPEN) c.socket.send(text);
  };
  const files = new FileRoots(() => {
    const card = host.printer.lookupObject<{ path: string } | null, null>('virtual_sdcard', null);
    return { gcodes: card?.path ?? join(configDir, 'gcodes'), config: configDir };
  });
  const gcodeStore = new GcodeStore();
  const ctx: ApiContext = {
    host,
    files,
    database: new JsonDatabase(join(options.dataDir ?? join(configDir, '.plugboard'), 'database.json')),
    gcodeStore,
    temperatures: new TemperatureStore(host),
    history: new JobHistory(),
    subscribe: (id, request) => {
      const c = connections.get(id);
      if (!c) return;
      c.subscription = request;
      c.last = new Map();
      // The reply carries the full status; updates after it are changes only.
      diffStatus(queryStatus(host.printer, request, host.printer.reactor.monotonic()), c.last);
    },
    connections: () => connections.size,
    identify: () => undefined,
    notifyFilelist: (action, item) => broadcast('notify_filelist_changed', [{ action, item }]),
  };
  const rpc = new RpcDispatcher();
  registerMethods(rpc, ctx);

  const offOutput = host.onOutput((line) => {
    gcodeStore.add(line, 'response');
    broadcast('notify_gcode_response', [line]);
  });
  const offState = host.onState((state) => {
    if (state === 'ready') broadcast('notify_klippy_ready');
    else if (state === 'shutdown') broadcast('notify_klippy_shutdown');
  });
  // Job history follows print_stats as it changes, so a print shorter than a status tick is still recorded.
  const watchJobs = (printer: typeof host.printer) =>
    printer.registerEventHandler('print_stats:state', () => {
      const stats = printer.statusOf('print_stats') as Parameters<JobHistory['observe']>[0] | undefined;
      if (stats) ctx.history.observe(stats);
    });
  watchJobs(host.printer);
  const offRun = host.onRun((printer) => {
    watchJobs(printer);
    broadcast('notify_klippy_disconnected');
  });

  const upload = async (req: IncomingMessage) => {
    const { item, print } = await files.upload(req);
    ctx.notifyFilelist('create_file', item);
    let started = false;
    if (print && item.root === 'gcodes') {
      await host.printer.gcode.runScript(`SDCARD_PRINT_FILE FILENAME="${item.path}"`).catch(() => undefined);
      started = true;
    }
    return { item, print_started: started, print_queued: false, action: 'create_file' };
  };

  const server: Server = createServer((req, res) => void handleHttp(req, res, { rpc, files, upload }));
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    if (new URL(req.url ?? '/', 'http://localhost').pathname !== '/websocket') {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const conn: Connection = {
        id: nextId++,
        socket: ws,
        subscription: undefined,
        last: new Map(),
        notify: (method, params) =>
          ws.send(JSON.stringify({ jsonrpc: '2.0', method, ...(params ? { params } : {}) })),
      };
      connections.set(conn.id, conn);
      ws.on('message', async (data) => {
        const reply = await rpc.handle(String(data), conn);
        if (reply !== undefined && ws.readyState === ws.OPEN) ws.send(reply);
      });
      ws.on('close', () => connections.delete(conn.id));
    });
  });

  // Changed fields of each subscription, at most every statusIntervalMs.
  const statusTimer = setInterval(() => {
    const printer = host.printer;
    const eventtime = printer.reactor.monotonic();
    for (const c of connections.values()) {
      if (!c.subscription) continue;
      const changes = diffStatus(queryStatus(printer, c.subscription, eventtime), c.last);
      if (Object.keys(changes).length) c.notify('notify_status_update', [changes, eventtime]);
    }
  }, options.statusIntervalMs ?? 250);
  // A notification every second keeps frontends from dropping a quiet socket (they give up after 10 s).
  const procTimer = setInterval(() => {
    ctx.temperatures.sample();
    broadcast('notify_proc_stat_update', [procStats(ctx)]);
  }, 1000);

  await new Promise<void>((resolve, reject) => {
    server.once('error', (cause) =>
      reject(
        new PrinterError(
          PrinterErrorCodes.API,
          `API server could not listen on port ${options.port ?? 7125}`,
          { hint: 'Choose another port', cause },
        ),
      ),
    );
    server.listen(options.port ?? 7125, options.host ?? '127.0.0.1', resolve);
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    port,
    async close() {
      clearInterval(statusTimer);
      clearInterval(procTimer);
      offOutput();
      offState();
      offRun();
      for (const c of connections.values()) c.socket.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
