import { createTestApp, type TestApp } from '@plugboard/testing/web';
import { afterEach, describe, expect, it } from 'vitest';
import { notes } from '../../web-notes/src/index.js';
import { type AuditService, audit } from '../src/index.js';

let app: TestApp;
afterEach(() => app?.close());

const withBoth = () =>
  createTestApp({
    plugins: [
      { plugin: notes, packageJson: new URL('../../web-notes/package.json', import.meta.url) },
      { plugin: audit, packageJson: new URL('../package.json', import.meta.url) },
    ],
  });

describe('audit plugin', () => {
  it('records note events from the notes plugin in its own storage', async () => {
    app = withBoth();
    await app.post('/api/notes/', { title: 'first' });
    await app.put('/api/notes/1', { title: 'renamed' });
    await app.host.settle();
    const entries = (await app.get('/api/audit/entries')).json();
    expect(entries.map((e: { topic: string; subject: string }) => `${e.topic}:${e.subject}`)).toEqual([
      'notes.updated:renamed',
      'notes.created:first',
    ]);
    expect((await app.get('/api/audit/recent')).json()[0]).toEqual({
      label: 'notes.updated',
      value: 'renamed',
    });
  });

  it('provides the audit service to consumers', async () => {
    let service: AuditService | undefined;
    const probe = {
      name: 'probe',
      meta: { permissions: ['services.consume'], dependencies: { audit: '*' } },
      initialize(ctx: { services: { get<S>(n: string): S } }) {
        service = ctx.services.get<AuditService>('audit');
      },
    };
    app = withBoth().loadPlugin(probe);
    await app.start();
    await app.host.publish('notes.deleted', { id: 9 });
    await app.host.settle();
    expect(await service!.countByTopic()).toEqual({ 'notes.deleted': 1 });
  });

  it('stops recording while disabled', async () => {
    app = withBoth();
    await app.start();
    await app.host.disable('audit');
    await app.post('/api/notes/', { title: 'unseen' });
    await app.host.enable('audit');
    await app.host.settle();
    expect((await app.get('/api/audit/entries')).json()).toEqual([]);
  });
});
