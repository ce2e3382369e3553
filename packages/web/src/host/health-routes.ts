import type { FastifyInstance } from 'fastify';
import type { PluginSummary } from './summary.js';

/** A plugin that is disabled on purpose is not a health problem; one that failed is. */
const counts = (p: PluginSummary) => p.state === 'enabled' || p.state === 'disabled' || p.state === 'started';

/** `/health`: every plugin's state and last check; `status` is `ok` or `degraded`, never a stack. */
export function registerHealth(app: FastifyInstance, plugins: () => PluginSummary[], instance: string): void {
  app.get('/health', { schema: { hide: true } }, async () => {
    const list = plugins();
    const healthy = (p: PluginSummary) => counts(p) && (p.state !== 'enabled' || p.health.ok);
    return {
      status: list.every(healthy) ? 'ok' : 'degraded',
      instance,
      plugins: Object.fromEntries(
        list.map((p) => [
          p.name,
          { state: p.state, ok: healthy(p), ...(p.error ? { error: p.error.code } : {}) },
        ]),
      ),
    };
  });
}
