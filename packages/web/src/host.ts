// `@plugboard/web/host`: the web host's definition alone (core + zod, no Fastify), for tools
// such as `plugboard list|doctor` that read what this host would discover.
export { webHost as host } from './host/define-host.js';
