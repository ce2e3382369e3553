import { fileURLToPath } from 'node:url';
import { createPrinter, startApiServer } from '@plugboard/printer';
import WebSocket from 'ws';

const SCRIPT = `G28
M140 S60
M109 S200
G1 X50 Y50 Z0.3 F6000
G1 X150 E25 F1800
G1 Y150 E50
FILAMENT_COUNTER
SET_CHAMBER_LIGHT LIGHT=top BRIGHTNESS=0.8
SET_CHAMBER_LIGHT LIGHT=side BRIGHTNESS=1
PRINT_SUMMARY`;

/**
 * `npm run demo`: start the virtual printer on config/printer.cfg (plugins
 * found as this app's dependencies), connect a WebSocket client as a frontend
 * would, run a G-code script through plugin commands and a macro, show the
 * status updates it received, and print the final status.
 */
async function demo(): Promise<void> {
  const config = fileURLToPath(new URL('../config/printer.cfg', import.meta.url));
  const host = createPrinter({ config, cwd: fileURLToPath(new URL('..', import.meta.url)), speed: 20 });
  await host.start();
  console.log(`printer: ${host.state} — ${host.printer.stateMessage}`);
  for (const w of host.printer.warnings) console.log(`  warning: ${w.message}`);
  console.log(
    `plugins: ${host
      .pluginInfo()
      .map((p) => `${p.name} (${p.package}@${p.version})`)
      .join(', ')}`,
  );

  const api = await startApiServer(host, { port: 0 });
  const ws = new WebSocket(`${api.url.replace('http', 'ws')}/websocket`);
  await new Promise((resolve) => ws.once('open', resolve));
  const updates: string[] = [];
  ws.on('message', (data) => {
    const msg = JSON.parse(String(data)) as { method?: string; params?: [Record<string, unknown>] };
    if (msg.method === 'notify_status_update') updates.push(JSON.stringify(msg.params![0]));
  });
  ws.send(
    JSON.stringify({
      jsonrpc: '2.0',
      method: 'printer.objects.subscribe',
      params: { objects: { filament_counter: null, 'chamber_light top': null } },
      id: 1,
    }),
  );

  console.log('\n$ G-code script');
  for (const line of SCRIPT.split('\n')) {
    console.log(`> ${line}`);
    for (const out of await host.runScript(line)) if (!/^[TB]\d?:/.test(out)) console.log(`  ${out}`);
  }
  await new Promise((resolve) => setTimeout(resolve, 400));
  console.log(`\nWebSocket status updates (${updates.length}), last: ${updates.at(-1) ?? '-'}`);
  const eventtime = host.printer.reactor.monotonic();
  console.log('\nstatus:');
  for (const name of [
    'toolhead',
    'extruder',
    'heater_bed',
    'filament_counter',
    'chamber_light top',
    'chamber_light bed',
  ]) {
    const st = host.printer.statusOf(name, eventtime) ?? {};
    const pick = name === 'toolhead' ? { position: st.position, homed_axes: st.homed_axes } : st;
    console.log(`  ${name}: ${JSON.stringify(pick)}`);
  }
  ws.close();
  await api.close();
  await host.close();
}

demo().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
