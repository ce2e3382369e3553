import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

it('the developer-tools demo lists, diagnoses, indexes and scaffolds against the example apps', () => {
  const demo = fileURLToPath(new URL('../dist/demo.js', import.meta.url));
  const out = execFileSync(process.execPath, [demo], { encoding: 'utf8' });
  expect(out).toMatch(/cli\s+hello\s+@plugboard-examples\/cli-hello@\S+\s+dependencies\s+yes/);
  const start = out.indexOf('{\n');
  const json = JSON.parse(out.slice(start, out.indexOf('\n}\n', start) + 2));
  expect(json.plugins).toEqual([
    expect.objectContaining({ name: 'VAULT', group: 'config', compatible: true }),
  ]);
  expect(out).toContain('No problems found in 2 plugin(s).');
  expect(out).toMatch(/Indexed 1 plugin\(s\) from 1 package\(s\) into .*discovery\.json/);
  expect(out).toMatch(/Created acme-vault \(config plugin/);
});
