import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDebianPackages } from '@plugboard/testing';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineWebPlugin } from '../src/index.js';
import { startHost, tempDir } from './helpers.js';

const CHROMIUM = '/usr/bin/chromium';
// From MACHINE-NOTES: what Debian's chromium needs to run headless here without reaching out.
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const token = 'browser-test-token';

const orders = defineWebPlugin({
  name: 'orders',
  meta: {
    displayName: 'Orders',
    description: 'Takes orders and tracks them.',
    category: 'business',
    permissions: ['storage', 'events.publish'],
    config: { defaults: { currency: 'EUR', paymentKey: 'pk_live_0123456789' }, secret: ['paymentKey'] },
    ui: {
      menu: { label: 'Orders', path: '/', icon: '🛒' },
      widgets: [{ id: 'open', title: 'Open orders', endpoint: '/stats', kind: 'stat' }],
    },
  },
  routes: (app) => void app.get('/stats', async () => ({ value: 42, label: 'open orders' })),
});
const feed = defineWebPlugin({
  name: 'feed',
  meta: {
    displayName: 'Activity feed',
    category: 'ui',
    permissions: ['events.subscribe'],
    ui: { widgets: [{ id: 'latest', title: 'Latest activity', endpoint: '/latest', kind: 'list' }] },
  },
  events: { 'orders.*': () => {} },
  routes: (app) => void app.get('/latest', async () => ['order #12 paid', 'order #13 created']),
});
const broken = defineWebPlugin({
  name: 'mailer',
  meta: { displayName: 'Mailer', category: 'integration', config: { required: ['smtpHost'] } },
});

let browser: Browser;
beforeAll(async () => {
  ensureDebianPackages(['chromium'], () => existsSync(CHROMIUM));
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
});
afterAll(() => browser?.close());

describe('admin dashboard in a real browser', () => {
  it('shows every plugin, widgets and menu entries, toggles a plugin and updates live', async () => {
    const host = await startHost({ plugins: [orders, feed, broken], admin: { token } });
    const url = await host.listen();
    // Screenshots go to the test's temp dir; PB_WEB_SHOTS_DIR keeps them somewhere to look at.
    const shots = process.env.PB_WEB_SHOTS_DIR ?? tempDir('pb-web-shots-');
    const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    try {
      await page.goto(`${url}/admin`);
      await page.locator('#login').waitFor();
      await page.fill('#token', 'wrong');
      await page.click('#go');
      await expect.poll(() => page.locator('#loginerr').textContent()).toContain('not accepted');
      await page.fill('#token', token);
      await page.click('#go');
      await page.locator('.card[data-plugin="orders"]').waitFor();
      await page.locator('#live.on').waitFor();
      await page.locator('[data-widget="orders/open"] .stat').waitFor();

      expect(await page.locator('.card').count()).toBe(3);
      const ordersCard = page.locator('.card[data-plugin="orders"]');
      expect(await ordersCard.textContent()).toMatch(/Orders.*orders v0\.0\.0.*healthy.*enabled.*business/s);
      expect(await ordersCard.textContent()).toContain('[secret]');
      expect(await page.content()).not.toContain('pk_live_0123456789');
      expect(await page.locator('.card[data-plugin="mailer"] .err').textContent()).toMatch(
        /PB_WEB_CONFIG_INVALID.*smtpHost/,
      );
      expect(await page.locator('[data-widget="orders/open"] .stat').textContent()).toBe('42');
      expect(await page.locator('[data-widget="feed/latest"] li').allTextContents()).toEqual([
        'order #12 paid',
        'order #13 created',
      ]);
      expect(await page.locator('#menu a').allTextContents()).toEqual(['🛒 Orders']);
      await page.screenshot({ path: join(shots, 'dashboard.png'), fullPage: true });

      // Toggle from the page, then change state behind its back: the live feed re-renders it.
      await ordersCard.locator('button[data-act="disable"]').click();
      await expect.poll(() => ordersCard.locator('[data-role="state"]').textContent()).toBe('disabled');
      expect(host.state('orders')).toBe('disabled');
      await host.enable('orders');
      await expect
        .poll(() => page.locator('.card[data-plugin="orders"] [data-role="state"]').textContent())
        .toBe('enabled');
      await page.screenshot({ path: join(shots, 'dashboard-after.png'), fullPage: true });
      expect(existsSync(join(shots, 'dashboard.png'))).toBe(true);
    } finally {
      await page.close();
    }
  });
});
