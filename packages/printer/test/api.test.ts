import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import WebSocket from 'ws';
import { type ApiServer, startApiServer } from '../src/index.js';
import { MINIMAL, startPrinter } from './helpers.js';

const CFG = `${MINIMAL}
[fan]
[virtual_sdcard]
path: gcodes
[pause_resume]
[display_status]
[gcode_macro PARK]
variable_parked: False
gcode:
  G1 X190 Y190 F6000
  SET_GCODE_VARIABLE MACRO=PARK VARIABLE=parked VALUE=True
`;

const servers: ApiServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

/** A WebSocket client that speaks JSON-RPC the way Mainsail and Fluidd do. */
async function connect(url: string) {
  const ws = new WebSocket(`${url.replace('http', 'ws')}/websocket`, {
    headers: { origin: 'http://mainsail.local' },
  });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  const notifications: Array<{ method: string; params?: unknown[] }> = [];
  const pending = new Map<
    number,
    (m: { result?: unknown; error?: { code: number; message: string } }) => void
  >();
  const waiters: Array<{
    match: (n: { method: string; params?: unknown[] }) => boolean;
    resolve: (n: unknown) => void;
  }> = [];
  ws.on('message', (data) => {
    const msg = JSON.parse(String(data));
    if ('id' in msg) pending.get(msg.id)?.(msg);
    else {
      notifications.push(msg);
      for (const w of [...waiters]) {
        if (w.match(msg)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(msg);
        }
      }
    }
  });
  let nextId = 0;
  return {
    ws,
    notifications,
    /** Send a request; id 0 first, as some clients start counting there. */
    call(method: string, params?: Record<string, unknown>) {
      const id = nextId++;
      return new Promise<{ result?: unknown; error?: { code: number; message: string } }>((resolve) => {
        pending.set(id, resolve);
        ws.send(JSON.stringify({ jsonrpc: '2.0', method, ...(params ? { params } : {}), id }));
      });
    },
    waitFor(
      match: (n: { method: string; params?: unknown[] }) => boolean,
    ): Promise<{ method: string; params?: unknown[] }> {
      const seen = notifications.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve) => waiters.push({ match, resolve: resolve as (n: unknown) => void }));
    },
  };
}

/** GET a REST route and read its JSON body. */
// biome-ignore lint/suspicious/noExplicitAny: test reads arbitrary reply shapes
const getJson = async (url: string): Promise<any> => (await fetch(url)).json();

describe('Moonraker-compatible API', () => {
  test('a frontend connects: identify, server.info, printer.info, objects.list, subscribe, G-code, status updates', async () => {
    const host = await startPrinter(CFG, { speed: 20 });
    const api = await startApiServer(host, { port: 0 });
    servers.push(api);
    const client = await connect(api.url);

    const identify = await client.call('server.connection.identify', {
      client_name: 'test',
      version: '1',
      type: 'web',
      url: 'x',
    });
    expect(identify.result).toEqual({ connection_id: expect.any(Number) });

    const info = await client.call('server.info');
    expect(info.result).toMatchObject({
      klippy_connected: true,
      klippy_state: 'ready',
      registered_directories: ['config', 'gcodes'],
    });
    expect((info.result as { components: string[] }).components).toContain('history');

    const pinfo = await client.call('printer.info');
    expect(pinfo.result).toMatchObject({
      state: 'ready',
      state_message: 'Printer is ready',
      software_version: expect.stringMatching(/^plugboard-/),
    });

    const list = (await client.call('printer.objects.list')).result as { objects: string[] };
    for (const name of [
      'webhooks',
      'configfile',
      'heaters',
      'extruder',
      'heater_bed',
      'fan',
      'toolhead',
      'gcode_move',
      'print_stats',
      'virtual_sdcard',
      'display_status',
      'idle_timeout',
      'pause_resume',
      'motion_report',
      'system_stats',
      'gcode_macro PARK',
    ]) {
      expect(list.objects, name).toContain(name);
    }

    const sub = await client.call('printer.objects.subscribe', {
      objects: {
        toolhead: ['position', 'homed_axes'],
        'gcode_macro PARK': null,
        webhooks: null,
        extruder: ['target'],
      },
    });
    expect(sub.result).toMatchObject({
      eventtime: expect.any(Number),
      status: {
        toolhead: { homed_axes: '', position: [0, 0, 0, 0] },
        'gcode_macro PARK': { parked: false },
        webhooks: { state: 'ready' },
      },
    });

    const script = await client.call('printer.gcode.script', { script: 'G28\nPARK\nM104 S100' });
    expect(script).toMatchObject({ result: 'ok' });
    const update = await client.waitFor(
      (n) => n.method === 'notify_status_update' && JSON.stringify(n.params).includes('"parked":true'),
    );
    const [changes] = update.params as [Record<string, Record<string, unknown>>];
    expect(changes['gcode_macro PARK']).toEqual({ parked: true });
    expect(changes.webhooks).toBeUndefined(); // only changed fields
    expect(changes.extruder).toEqual({ target: 100 });
    expect(changes.toolhead?.homed_axes).toBe('xyz');

    const err = await client.call('printer.gcode.script', { script: 'G1 X999' });
    expect(err.error).toEqual({ code: 400, message: 'Move out of range: 999.000 190.000 0.000 [0.000]' });
    await client.waitFor(
      (n) =>
        n.method === 'notify_gcode_response' &&
        n.params?.[0] === '!! Move out of range: 999.000 190.000 0.000 [0.000]',
    );

    const unknown = await client.call('no.such.method');
    expect(unknown.error?.code).toBe(-32601);
    // Frontends drop a socket that is silent for 10 s: the host speaks at least every 2 s.
    await client.waitFor((n) => n.method === 'notify_proc_stat_update');
    client.ws.close();
  });

  test('database items persist across server restarts', async () => {
    const host = await startPrinter(CFG);
    const dataDir = join(host.configFile, '..', 'data');
    let api = await startApiServer(host, { port: 0, dataDir });
    let client = await connect(api.url);
    expect(
      (
        await client.call('server.database.post_item', {
          namespace: 'mainsail',
          key: 'general.printername',
          value: 'Virtual',
        })
      ).result,
    ).toEqual({
      namespace: 'mainsail',
      key: 'general.printername',
      value: 'Virtual',
    });
    client.ws.close();
    await api.close();
    api = await startApiServer(host, { port: 0, dataDir });
    servers.push(api);
    client = await connect(api.url);
    expect(
      (await client.call('server.database.get_item', { namespace: 'mainsail', key: 'general' })).result,
    ).toMatchObject({ value: { printername: 'Virtual' } });
    expect((await client.call('server.database.list')).result).toEqual({ namespaces: ['mainsail'] });
    expect(
      (await client.call('server.database.get_item', { namespace: 'mainsail', key: 'nope' })).error,
    ).toEqual({
      code: 404,
      message: "Key 'nope' in namespace 'mainsail' not found",
    });
    expect(
      (
        await client.call('server.database.delete_item', {
          namespace: 'mainsail',
          key: 'general.printername',
        })
      ).result,
    ).toMatchObject({ value: 'Virtual' });
    client.ws.close();
  });

  test('HTTP: CORS preflight, JSON-RPC over POST, REST routes, upload and print a file', async () => {
    const host = await startPrinter(CFG, { speed: 50 });
    const api = await startApiServer(host, { port: 0 });
    servers.push(api);
    const pre = await fetch(`${api.url}/server/jsonrpc`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://fluidd.local',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('http://fluidd.local');
    expect(pre.headers.get('access-control-allow-headers')).toBe('content-type');

    const rpc = await fetch(`${api.url}/server/jsonrpc`, {
      method: 'POST',
      body: JSON.stringify({ jsonrpc: '2.0', method: 'printer.info', id: 0 }),
    });
    expect(await rpc.json()).toMatchObject({ jsonrpc: '2.0', id: 0, result: { state: 'ready' } });

    const query = await fetch(`${api.url}/printer/objects/query?toolhead=homed_axes&webhooks`);
    expect(await query.json()).toMatchObject({
      result: { status: { toolhead: { homed_axes: '' }, webhooks: { state: 'ready' } } },
    });

    const form = new FormData();
    form.append('file', new Blob(['G28\nM109 S200\nG1 X10 E1 F3000\nG1 X20 E1\n']), 'cube.gcode');
    form.append('print', 'true');
    const up = await fetch(`${api.url}/server/files/upload`, { method: 'POST', body: form });
    expect(up.status).toBe(201);
    expect(await up.json()).toMatchObject({
      item: { path: 'cube.gcode', root: 'gcodes', size: 40 },
      print_started: true,
      action: 'create_file',
    });
    expect(readFileSync(join(host.configFile, '..', 'gcodes', 'cube.gcode'), 'utf8')).toContain('M109 S200');
    await host.printer.lookupObject<{ idle(): Promise<void> }>('virtual_sdcard').idle();
    expect(host.printer.statusOf('print_stats')).toMatchObject({ state: 'complete', filename: 'cube.gcode' });

    const files = await getJson(`${api.url}/server/files/list?root=gcodes`);
    expect(files.result).toEqual([expect.objectContaining({ path: 'cube.gcode', size: 40 })]);
    const meta = await getJson(`${api.url}/server/files/metadata?filename=cube.gcode`);
    expect(meta.result).toMatchObject({ filename: 'cube.gcode', size: 40 });
    const dir = await getJson(`${api.url}/server/files/directory?path=gcodes`);
    expect(dir.result.files).toEqual([expect.objectContaining({ filename: 'cube.gcode' })]);
    const history = await getJson(`${api.url}/server/history/list`);
    expect(history.result.jobs).toEqual([
      expect.objectContaining({ filename: 'cube.gcode', status: 'completed' }),
    ]);
    const bad = await fetch(`${api.url}/server/files/upload`, {
      method: 'POST',
      body: (() => {
        const f = new FormData();
        f.append('file', new Blob(['x']), 'notes.txt');
        return f;
      })(),
    });
    expect(bad.status).toBe(400);
    const del = await fetch(`${api.url}/server/files/gcodes/cube.gcode`, { method: 'DELETE' });
    expect(await del.json()).toMatchObject({
      result: { action: 'delete_file', item: { path: 'cube.gcode' } },
    });
    const outside = await getJson(`${api.url}/server/files/metadata?filename=../../etc/passwd`);
    expect(outside.error.code).toBe(403);
  });

  test('JSON-RPC edge cases: id 0, no params, notifications, invalid requests, batches', async () => {
    const host = await startPrinter(CFG);
    const api = await startApiServer(host, { port: 0 });
    servers.push(api);
    const post = async (body: unknown) =>
      (
        await fetch(`${api.url}/server/jsonrpc`, {
          method: 'POST',
          body: typeof body === 'string' ? body : JSON.stringify(body),
        })
      ).text();
    expect(JSON.parse(await post({ jsonrpc: '2.0', method: 'server.info', id: 0 }))).toMatchObject({
      id: 0,
      result: expect.any(Object),
    });
    expect(await post({ jsonrpc: '2.0', method: 'server.info' })).toBe('');
    expect(JSON.parse(await post('{not json'))).toEqual({
      jsonrpc: '2.0',
      error: { code: -32700, message: 'Parse error' },
      id: null,
    });
    expect(JSON.parse(await post({ method: 'server.info', id: 3 }))).toMatchObject({
      error: { code: -32600 },
      id: 3,
    });
    expect(JSON.parse(await post({ jsonrpc: '2.0', method: 'printer.gcode.script', id: 4 }))).toMatchObject({
      error: { code: 400, message: 'No data for argument: script' },
    });
    const batch = JSON.parse(
      await post([
        { jsonrpc: '2.0', method: 'server.info', id: 1 },
        { jsonrpc: '2.0', method: 'nope', id: 2 },
      ]),
    );
    expect(batch.map((r: { id: number }) => r.id)).toEqual([1, 2]);
  });

  test('notify_klippy_disconnected and notify_klippy_ready around a restart', async () => {
    const host = await startPrinter(CFG);
    const api = await startApiServer(host, { port: 0 });
    servers.push(api);
    const client = await connect(api.url);
    await client.call('printer.restart');
    await client.waitFor((n) => n.method === 'notify_klippy_disconnected');
    await client.waitFor((n) => n.method === 'notify_klippy_ready');
    expect((await client.call('printer.emergency_stop')).result).toBe('ok');
    await client.waitFor((n) => n.method === 'notify_klippy_shutdown');
    client.ws.close();
  });
});
