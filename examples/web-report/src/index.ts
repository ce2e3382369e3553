import { defineWebPlugin } from '@plugboard/web';

/** The audit plugin's service, as this consumer uses it (a structural copy: no import of the provider). */
interface AuditService {
  recent(limit?: number): Promise<{ topic: string; subject: string; at: string }[]>;
  countByTopic(): Promise<Record<string, number>>;
}

/**
 * Consumes the `audit` service. `plugboard.requires: { audit }` makes the host
 * start audit first; without it, initialize fails with PB_WEB_SERVICE_MISSING.
 */
export const report = defineWebPlugin({
  name: 'report',
  initialize(ctx) {
    // Fail at start, not at the first request, when the provider is missing.
    ctx.services.get<AuditService>('audit');
  },
  routes(app, ctx) {
    const audit = () => ctx.services.get<AuditService>('audit');
    app.get('/summary', async () => {
      const byTopic = await audit().countByTopic();
      const total = Object.values(byTopic).reduce((a, b) => a + b, 0);
      const last = (await audit().recent(1))[0];
      return { total, byTopic, last: last ? `${last.topic} ${last.subject}` : null };
    });
    // The dashboard widget (`kind: stat`).
    app.get('/summary/total', async () => {
      const byTopic = await audit().countByTopic();
      return { value: Object.values(byTopic).reduce((a, b) => a + b, 0), label: 'note changes audited' };
    });
  },
});

export default report;
