import { arch, cpus, freemem, hostname, release, totalmem, type, uptime } from 'node:os';
import { ScriptError } from '../gcode/dispatch.js';
import type { VirtualPrinter } from '../printer/virtual-printer.js';
import { HOST_VERSION } from '../version.js';
import type { FileRoots } from './files.js';
import { type RpcDispatcher, RpcError, stringParam } from './rpc.js';
import { parseObjectRequest, queryStatus } from './status.js';
import type { JsonDatabase } from './store.js';
import type { GcodeStore, JobHistory, TemperatureStore } from './stores.js';

export interface ApiContext {
  host: VirtualPrinter;
  files: FileRoots;
  database: JsonDatabase;
  gcodeStore: GcodeStore;
  temperatures: TemperatureStore;
  history: JobHistory;
  /** Called by printer.objects.subscribe: replace the client's subscription. */
  subscribe(clientId: number, request: Record<string, string[] | null>): void;
  connections(): number;
  identify(clientId: number, info: Record<string, unknown>): void;
  notifyFilelist(action: string, item: unknown): void;
}

const COMPONENTS = [
  'database',
  'file_manager',
  'klippy_apis',
  'machine',
  'data_store',
  'proc_stats',
  'history',
  'job_queue',
  'webcam',
  'announcements',
];

/** Run G-code for an API call: wait for it, turn the first error into a 400 reply with Klipper's text. */
async function runGcode(ctx: ApiContext, script: string): Promise<string> {
  ctx.gcodeStore.add(script, 'command');
  try {
    await ctx.host.printer.gcode.runScript(script);
  } catch (error) {
    throw new RpcError(400, error instanceof ScriptError ? error.message : String(error));
  }
  return 'ok';
}

export function procStats(ctx: ApiContext) {
  const mem = process.memoryUsage();
  return {
    moonraker_stats: {
      time: Date.now() / 1000,
      cpu_usage: Math.round((process.cpuUsage().user / 1e6 / Math.max(1, process.uptime())) * 10000) / 100,
      memory: Math.round(mem.rss / 1024),
      mem_units: 'kB',
    },
    cpu_temp: null,
    network: {},
    system_cpu_usage: { cpu: 0 },
    system_memory: {
      total: Math.round(totalmem() / 1024),
      available: Math.round(freemem() / 1024),
      used: Math.round((totalmem() - freemem()) / 1024),
    },
    websocket_connections: ctx.connections(),
  };
}

/** Register the Moonraker methods frontends call. */
export function registerMethods(rpc: RpcDispatcher, ctx: ApiContext): void {
  const printer = () => ctx.host.printer;
  // Printer
  rpc.register('printer.info', () => ({
    state: printer().state,
    state_message: printer().stateMessage,
    hostname: printer().startArgs.hostname,
    software_version: printer().startArgs.softwareVersion,
    app: 'Plugboard',
    config_file: ctx.host.configFile,
    cpu_info: `${cpus().length} core ${cpus()[0]?.model ?? arch()}`,
    klipper_path: '',
    python_path: '',
    log_file: '',
    plugins: ctx.host.pluginInfo(),
  }));
  rpc.register('printer.objects.list', () => ({ objects: printer().objectNames() }));
  rpc.register('printer.objects.query', (params) => {
    const eventtime = printer().reactor.monotonic();
    return { eventtime, status: queryStatus(printer(), parseObjectRequest(params), eventtime) };
  });
  rpc.register('printer.objects.subscribe', (params, client) => {
    const request = parseObjectRequest(params);
    ctx.subscribe(client.id, request);
    const eventtime = printer().reactor.monotonic();
    return { eventtime, status: queryStatus(printer(), request, eventtime) };
  });
  rpc.register('printer.gcode.script', (params) => runGcode(ctx, stringParam(params, 'script')));
  rpc.register('printer.gcode.help', () => printer().gcode.commandHelp());
  rpc.register('printer.emergency_stop', () => {
    printer().invokeShutdown('Shutdown due to webhooks request');
    return 'ok';
  });
  rpc.register('printer.restart', () => {
    void ctx.host.restart('restart');
    return 'ok';
  });
  rpc.register('printer.firmware_restart', () => {
    void ctx.host.restart('firmware_restart');
    return 'ok';
  });
  rpc.register('printer.print.start', (params) =>
    runGcode(ctx, `SDCARD_PRINT_FILE FILENAME="${stringParam(params, 'filename')}"`),
  );
  rpc.register('printer.print.pause', () => runGcode(ctx, 'PAUSE'));
  rpc.register('printer.print.resume', () => runGcode(ctx, 'RESUME'));
  rpc.register('printer.print.cancel', () => runGcode(ctx, 'CANCEL_PRINT'));

  // Server
  rpc.register('server.connection.identify', (params, client) => {
    ctx.identify(client.id, params);
    return { connection_id: client.id };
  });
  rpc.register('server.websocket.id', (_p, client) => ({ websocket_id: client.id }));
  rpc.register('server.info', () => ({
    klippy_connected: true,
    klippy_state: printer().state,
    components: COMPONENTS,
    failed_components: [],
    registered_directories: ['config', 'gcodes'],
    warnings: [],
    websocket_count: ctx.connections(),
    moonraker_version: `plugboard-${HOST_VERSION}`,
    api_version: [1, 5, 0],
    api_version_string: '1.5.0',
  }));
  rpc.register('server.config', () => ({
    config: {
      server: { host: '127.0.0.1', klippy_uds_address: '' },
      file_manager: { enable_object_processing: false },
    },
    orig: {},
    files: [],
  }));
  rpc.register('server.gcode_store', (params) => {
    const count = Number(params.count ?? 100);
    return { gcode_store: ctx.gcodeStore.entries.slice(-count) };
  });
  rpc.register('server.temperature_store', () => ctx.temperatures.toJSON());
  rpc.register('server.webcams.list', () => ({ webcams: [] }));
  rpc.register('server.announcements.list', () => ({ entries: [], feeds: [] }));
  rpc.register('server.database.list', () => ({ namespaces: ctx.database.namespaces() }));
  rpc.register('server.database.get_item', (params) => {
    const namespace = stringParam(params, 'namespace');
    const key = params.key === undefined ? undefined : String(params.key);
    return { namespace, key: key ?? null, value: ctx.database.get(namespace, key) };
  });
  rpc.register('server.database.post_item', (params) => {
    const namespace = stringParam(params, 'namespace');
    const key = stringParam(params, 'key');
    if (!('value' in params)) throw new RpcError(400, 'No data for argument: value');
    ctx.database.set(namespace, key, params.value);
    return { namespace, key, value: params.value };
  });
  rpc.register('server.database.delete_item', (params) => {
    const namespace = stringParam(params, 'namespace');
    const key = stringParam(params, 'key');
    return { namespace, key, value: ctx.database.delete(namespace, key) };
  });
  rpc.register('server.files.roots', () =>
    ['gcodes', 'config'].map((name) => ({ name, path: ctx.files.dir(name), permissions: 'rw' })),
  );
  rpc.register('server.files.list', (params) => ctx.files.list(stringParam(params, 'root', 'gcodes')));
  rpc.register('server.files.get_directory', (params) =>
    ctx.files.directory(stringParam(params, 'path', 'gcodes')),
  );
  rpc.register('server.files.metadata', (params) => ctx.files.metadata(stringParam(params, 'filename')));
  rpc.register('server.files.delete_file', (params) => {
    const item = ctx.files.delete(stringParam(params, 'path'));
    ctx.notifyFilelist('delete_file', item);
    return { item, action: 'delete_file' };
  });
  rpc.register('server.history.list', (params) => {
    const limit = Number(params.limit ?? 50);
    const start = Number(params.start ?? 0);
    const order = params.order === 'asc' ? 1 : -1;
    const jobs = [...ctx.history.jobs].sort((a, b) => order * (a.start_time - b.start_time));
    return { count: jobs.length, jobs: jobs.slice(start, start + limit) };
  });
  rpc.register('server.history.totals', () => ({ job_totals: ctx.history.totals(), auxiliary_totals: [] }));
  rpc.register('server.job_queue.status', () => ({ queued_jobs: [], queue_state: 'ready' }));

  // Machine
  rpc.register('machine.system_info', () => ({
    system_info: {
      cpu_info: {
        cpu_count: cpus().length,
        bits: arch().includes('64') ? '64bit' : '32bit',
        processor: arch(),
        cpu_desc: cpus()[0]?.model ?? '',
        serial_number: '',
        hardware_desc: '',
        model: '',
        total_memory: Math.round(totalmem() / 1024),
        memory_units: 'kB',
      },
      sd_info: {},
      distribution: {
        name: `${type()} ${release()}`,
        id: type().toLowerCase(),
        version: release(),
        version_parts: {},
        like: '',
        codename: '',
      },
      available_services: [],
      instance_ids: { moonraker: 'plugboard', klipper: 'plugboard' },
      service_state: {},
      virtualization: { virt_type: 'none', virt_identifier: 'none' },
      python: { version: [], version_string: '' },
      network: {},
      hostname: hostname(),
      uptime: uptime(),
    },
  }));
  rpc.register('machine.proc_stats', () => {
    const s = procStats(ctx);
    return {
      ...s,
      moonraker_stats: [s.moonraker_stats],
      throttled_state: { bits: 0, flags: [] },
      system_uptime: uptime(),
    };
  });
}
