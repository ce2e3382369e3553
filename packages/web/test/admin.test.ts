import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { defineWebPlugin } from '../src/index.js';
import { startHost } from './helpers.js';

const token = 'admin-secret-token';
const plugin = defineWebPlugin({
  name: 'shop',
  meta: {
    displayName: 'Shop',
    category: 'business',
    permissions: ['storage'],
    config: { defaults: { currency: 'EUR', apiKey: 'sk_live_abcdef' }, secret: ['apiKey'] },
    ui: {
      menu: { label: 'Shop', path: '/' },
      widgets: [{ id: 'orders', title: 'Orders', endpoint: '/orders', kind: 'stat' }],
    },
  },
  routes: (app) => void app.get('/orders', async () => ({ value: 3, label: 'open orders' })),
});
const auth = { authorization: `Bearer ${token}` };

describe('admin API', () => {
  it('answers 401 without a token and with a wrong one', async () => {
    const host = await startHost({ plugins: [plugin], admin: { token } });
    for (const headers of [
      {},
      { authorization: 'Bearer wrong' },
      { authorization: `Bearer ${token}x` },
      { authorization: token },
    ]) {
      const res = await host.app.inject({ url: '/admin/api/plugins', headers });
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ code: 'PB_WEB_ADMIN_UNAUTHORIZED' });
    }
    expect(
      (await host.app.inject({ method: 'POST', url: '/admin/api/plugins/shop/disable' })).statusCode,
    ).toBe(401);
    expect(host.state('shop')).toBe('enabled');
  });

  it('lists plugins with version, category, state, health, permissions and redacted config', async () => {
    const host = await startHost({ plugins: [plugin], admin: { token } });
    const res = await host.app.inject({ url: '/admin/api/plugins', headers: auth });
    expect(res.statusCode).toBe(200);
    const [shop] = res.json().plugins;
    expect(shop).toMatchObject({
      name: 'shop',
      displayName: 'Shop',
      category: 'business',
      state: 'enabled',
      health: { ok: true },
      permissions: ['storage'],
      config: { currency: 'EUR', apiKey: '[secret]' },
      ui: { menu: { label: 'Shop', path: '/' } },
    });
    expect(res.body).not.toContain('sk_live_abcdef');
  });

  it('disables and enables a plugin, and pushes state changes on the live feed', async () => {
    const host = await startHost({ plugins: [plugin], admin: { token } });
    const url = await host.listen();
    expect((await fetch(`${url}/admin/api/live`)).status).toBe(401);
    const ws = new WebSocket(`${url.replace('http', 'ws')}/admin/api/live?token=${token}`);
    const messages: { type: string; name?: string; state?: string }[] = [];
    ws.on('message', (m) => messages.push(JSON.parse(String(m))));
    await new Promise((r) => ws.once('open', r));
    const off = await fetch(`${url}/admin/api/plugins/shop/disable`, { method: 'POST', headers: auth });
    expect(await off.json()).toEqual({ name: 'shop', state: 'disabled' });
    expect((await fetch(`${url}/api/shop/orders`)).status).toBe(503);
    await fetch(`${url}/admin/api/plugins/shop/enable`, { method: 'POST', headers: auth });
    await expect
      .poll(() => messages.filter((m) => m.type === 'state').map((m) => m.state))
      .toEqual(['disabled', 'enabled']);
    ws.close();
  });

  it('answers 404 for an unknown plugin and 409 for an action its state does not allow', async () => {
    const broken = defineWebPlugin({ name: 'broken', initialize: () => Promise.reject(new Error('x')) });
    const host = await startHost({ plugins: [plugin, broken], admin: { token } });
    expect(
      (await host.app.inject({ method: 'POST', url: '/admin/api/plugins/nope/enable', headers: auth }))
        .statusCode,
    ).toBe(404);
    const res = await host.app.inject({
      method: 'POST',
      url: '/admin/api/plugins/broken/enable',
      headers: auth,
    });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'PB_INVALID_STATE' });
  });

  it('does not mount the admin API without a token', async () => {
    const host = await startHost({ plugins: [plugin] });
    expect((await host.app.inject({ url: '/admin/api/plugins', headers: auth })).statusCode).toBe(404);
  });
});
