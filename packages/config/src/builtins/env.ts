import { defineResolver } from '../define.js';

/**
 * `ENV:///NAME` or `${ENV:NAME:-default}`: an environment variable. Not
 * secret by default; keep secrets in SEALED, FILE or a vault plugin.
 */
export const envResolver = defineResolver({
  prefix: 'ENV',
  description: 'Environment variables',
  setup: (ctx) => ctx.environment,
  resolve: (name, ctx) => ctx.state[name.trim()],
});
