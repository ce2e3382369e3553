import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { createPrinter, startApiServer } from '@plugboard/printer';

const USAGE = `Usage: printer-host <printer.cfg> [--port 7125] [--host 127.0.0.1] [--speed 1] [--no-api]

Runs a virtual printer from printer.cfg: objects from [sections] (built-ins and plugins
installed beside it or in plugins/), a G-code console on stdin, and a Moonraker-compatible
API on the port (Mainsail and Fluidd connect to it).`;

/** `printer-host printer.cfg`: the virtual printer, its API and a G-code console. */
export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      port: { type: 'string', default: '7125' },
      host: { type: 'string', default: '127.0.0.1' },
      speed: { type: 'string', default: '1' },
      'no-api': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help || positionals.length !== 1) {
    (values.help ? process.stdout : process.stderr).write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  const host = createPrinter({ config: positionals[0]!, cwd: process.cwd(), speed: Number(values.speed) });
  host.onOutput((line) => process.stdout.write(`${line}\n`));
  await host.start();
  if (host.state !== 'ready') {
    // the console shows Klipper's words; stderr adds the code, the file:line and what to do
    const e = host.startError;
    const code = (e as { code?: unknown } | undefined)?.code;
    const text =
      e instanceof Error && typeof code === 'string'
        ? `${code}: ${e.message}`
        : host.printer.stateMessage.split('\n')[0];
    process.stderr.write(
      `printer-host: ${text}\n  Once it is fixed, type RESTART here (or start printer-host again).\n`,
    );
  }
  const api = values['no-api']
    ? undefined
    : await startApiServer(host, { port: Number(values.port), host: values.host });
  if (api)
    process.stdout.write(
      `// Moonraker-compatible API on ${api.url} (WebSocket ${api.url.replace('http', 'ws')}/websocket)\n`,
    );
  const rl = createInterface({ input: process.stdin, terminal: false });
  for await (const line of rl) await host.runScript(line);
  await api?.close();
  await host.close();
  return 0;
}
