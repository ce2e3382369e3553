import { createTestApp, type TestApp } from '@plugboard/testing/web';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { notes } from '../src/index.js';

const packageJson = new URL('../package.json', import.meta.url);
let app: TestApp;
afterEach(() => app?.close());

describe('notes plugin', () => {
  it('creates, reads, updates, lists and deletes notes, starting from the seeded one', async () => {
    app = createTestApp({ plugins: [{ plugin: notes, packageJson }] });
    expect((await app.get('/api/notes/')).json()).toMatchObject([{ id: 1, title: 'Welcome' }]);
    const created = await app.post('/api/notes/', { title: 'Buy milk', body: 'two litres' });
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    expect((await app.get(`/api/notes/${id}`)).json()).toMatchObject({
      title: 'Buy milk',
      body: 'two litres',
    });
    expect((await app.put(`/api/notes/${id}`, { title: 'Buy oat milk' })).json()).toMatchObject({
      title: 'Buy oat milk',
    });
    expect((await app.get('/api/notes/')).json().map((n: { title: string }) => n.title)).toEqual([
      'Buy oat milk',
      'Welcome',
    ]);
    expect((await app.delete(`/api/notes/${id}`)).statusCode).toBe(204);
    expect((await app.get(`/api/notes/${id}`)).statusCode).toBe(404);
  });

  it('rejects bad input with 400 and the schema errors, and enforces maxLength from its config', async () => {
    app = createTestApp({ plugins: [{ plugin: notes, packageJson }], config: { notes: { maxLength: 5 } } });
    const bad = await app.post('/api/notes/', { body: 'no title' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details[0]).toMatchObject({ keyword: 'required' });
    expect((await app.post('/api/notes/', { title: 't', body: 'too long' })).json().message).toMatch(
      /longer than 5/,
    );
  });

  it('publishes notes.* events and invalidates its cached stats on writes', async () => {
    app = createTestApp({ plugins: [{ plugin: notes, packageJson }] });
    expect((await app.get('/api/notes/stats')).json()).toEqual({ value: 1, label: 'notes in storage' });
    await app.post('/api/notes/', { title: 'x' });
    expect((await app.get('/api/notes/stats')).json().value).toBe(2);
    const summary = app.host.plugins().find((p) => p.name === 'notes') as unknown as {
      stats: { events: { published: number } };
    };
    expect(summary.stats.events.published).toBe(1);
  });

  it('pushes changes to websocket feed subscribers', async () => {
    app = createTestApp({ plugins: [{ plugin: notes, packageJson }] });
    const url = await app.listen();
    const ws = new WebSocket(`${url.replace('http', 'ws')}/api/notes/feed`);
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    const message = new Promise<string>((resolve) => ws.once('message', (m) => resolve(String(m))));
    await app.post('/api/notes/', { title: 'live' });
    expect(JSON.parse(await message)).toMatchObject({ topic: 'notes.created', title: 'live' });
    ws.terminate();
  });

  it('reports healthy through its own health path', async () => {
    app = createTestApp({ plugins: [{ plugin: notes, packageJson }] });
    expect((await app.get('/api/notes/health')).json()).toMatchObject({ plugin: 'notes', ok: true });
  });
});
