import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createPackageTree, fixturePlugin } from '@plugboard/testing';
import { afterAll, describe, expect, it, vi } from 'vitest';

// The "Writing a host" example runs as written: it is cut out of the README,
// saved beside this test and imported.
const here = dirname(fileURLToPath(import.meta.url));
const readme = readFileSync(join(here, '..', 'README.md'), 'utf8');
const block = /<!-- readme-example: greeter-host -->\n```ts\n([\s\S]*?)```/.exec(readme)?.[1];
const file = join(here, '.readme-example', 'greeter-host.ts');
afterAll(() => rmSync(dirname(file), { recursive: true, force: true }));

describe('README: writing a host', () => {
  it('the greeter host example discovers, orders, starts and reports', async () => {
    expect(block).toBeDefined();
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, block!);
    const { greetAll } = (await import(file)) as { greetAll(cwd: string, name: string): Promise<string[]> };
    using tree = createPackageTree({
      packages: [
        fixturePlugin({
          name: 'greeter-formal',
          peerDependencies: { 'greeter-host': '^1.0.0' },
          requires: { loud: '^1.0.0' },
          entries: { greeter: { formal: "export default { greet: (n) => 'Good day, ' + n }" } },
          manifest: { greeter: { title: 'Formal' } },
        }),
        fixturePlugin({
          name: 'greeter-loud',
          peerDependencies: { 'greeter-host': '^1.0.0' },
          entries: { greeter: { loud: "export default { greet: (n) => 'HI ' + n.toUpperCase() }" } },
          manifest: { greeter: { title: 'Loud' } },
        }),
        fixturePlugin({
          name: 'greeter-old',
          peerDependencies: { 'greeter-host': '^0.9.0' },
          entries: { greeter: { old: 'export default { greet: () => "" }' } },
          manifest: { greeter: { title: 'Old' } },
        }),
      ],
    });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const lines = await greetAll(tree.root, 'Ada');
    expect(lines).toEqual(['Loud: HI ADA', 'Formal: Good day, Ada', 'plain: Hello, Ada']);
    const warned = warn.mock.calls.map((c) => String(c[0]));
    warn.mockRestore();
    expect(
      warned.some((w) => w.startsWith('PB_INCOMPATIBLE: greeter-old@1.0.0 needs greeter-host@^0.9.0')),
    ).toBe(true);
    expect(warned.some((w) => w.startsWith('old failed:'))).toBe(true);
  });
});
