import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

it('the discovery demo lists healthy plugins, explains broken ones and starts in order', () => {
  const main = fileURLToPath(new URL('../dist/main.js', import.meta.url));
  const out = JSON.parse(execFileSync(process.execPath, [main, '--json'], { encoding: 'utf8' }));
  expect(out.plugins.map((p: { name: string }) => p.name).sort()).toEqual([
    'boom',
    'formal',
    'hello',
    'lonely',
    'pirate',
  ]);
  expect(out.problems.map((p: { code: string }) => p.code).sort()).toEqual([
    'PB_INCOMPATIBLE',
    'PB_MANIFEST_INVALID',
    'PB_PACKAGE_JSON_INVALID',
  ]);
  const states = Object.fromEntries(
    out.report.plugins.map((p: { id: string; state: string }) => [p.id, p.state]),
  );
  expect(states).toEqual({
    hello: 'enabled',
    formal: 'enabled',
    pirate: 'enabled',
    boom: 'failed',
    lonely: 'failed',
    // left out at discovery (incompatible): the kit enters it as failed with that reason
    future: 'failed',
  });
  expect(out.excluded).toEqual([expect.objectContaining({ name: 'future', code: 'PB_INCOMPATIBLE' })]);
  const future = out.report.plugins.find((p: { id: string }) => p.id === 'future');
  expect(future.error.code).toBe('PB_INCOMPATIBLE');
  const order = out.report.plugins.map((p: { id: string }) => p.id);
  expect(order.indexOf('hello')).toBeLessThan(order.indexOf('formal'));
  expect(order.indexOf('formal')).toBeLessThan(order.indexOf('pirate'));
});
