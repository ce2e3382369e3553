// A child process serving one variant, so the load generator does not share its event loop.
// `node server.mjs <bare|web> <route sets>`; prints the URL, serves until killed.
import { bareFastify, webHost } from './variants.mjs';

const [kind, sets] = process.argv.slice(2);
const server = kind === 'bare' ? await bareFastify(Number(sets)) : await webHost(Number(sets));
const url = await server.app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(`${url}\n`);
process.on('SIGTERM', async () => {
  await server.close();
  process.exit(0);
});
