import { createTestApp, type TestApp } from '@plugboard/testing/web';
import { afterEach, describe, expect, it } from 'vitest';
import { audit } from '../../web-audit/src/index.js';
import { notes } from '../../web-notes/src/index.js';
import { report } from '../src/index.js';

let app: TestApp;
afterEach(() => app?.close());
const pkg = (dir: string) => new URL(`../../${dir}/package.json`, import.meta.url);

describe('report plugin', () => {
  it('summarises note activity through the audit service; requires starts audit first', async () => {
    app = createTestApp({
      plugins: [
        { plugin: report, packageJson: pkg('web-report') },
        { plugin: notes, packageJson: pkg('web-notes') },
        { plugin: audit, packageJson: pkg('web-audit') },
      ],
    });
    const started = await app.start();
    const order = started.plugins.map((p) => p.id);
    expect(order.indexOf('audit')).toBeLessThan(order.indexOf('report'));
    await app.post('/api/notes/', { title: 'a' });
    await app.post('/api/notes/', { title: 'b' });
    await app.delete('/api/notes/1');
    await app.host.settle();
    expect((await app.get('/api/report/summary')).json()).toEqual({
      total: 3,
      byTopic: { 'notes.created': 2, 'notes.deleted': 1 },
      last: 'notes.deleted note 1',
    });
    expect((await app.get('/api/report/summary/total')).json()).toEqual({
      value: 3,
      label: 'note changes audited',
    });
  });

  it('fails with PB_REQUIRE_MISSING naming audit when audit is not installed', async () => {
    app = createTestApp({ plugins: [{ plugin: report, packageJson: pkg('web-report') }] });
    await app.start();
    const row = app.host.plugins().find((p) => p.name === 'report');
    expect(row?.state).toBe('failed');
    expect(row?.error?.code).toBe('PB_REQUIRE_MISSING');
  });

  it('fails at initialize with PB_WEB_SERVICE_MISSING when nobody provides the service', async () => {
    app = createTestApp({ plugins: [{ ...report, meta: { permissions: ['services.consume'] } }] });
    await app.start();
    expect(app.host.plugins()[0]?.error).toMatchObject({ code: 'PB_WEB_SERVICE_MISSING' });
  });
});
