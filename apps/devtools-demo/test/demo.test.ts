import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

it('the developer-tools demo lists, diagnoses, indexes and scaffolds against the example apps', () => {
  const demo = fileURLToPath(new URL('../dist/demo.js', import.meta.url));
  const out = execFileSync(process.execPath, [demo], { encoding: 'utf8' });
  expect(out).toMatch(/cli\s+hello\s+@plugboard-examples\/cli-hello@\S+\s+dependencies\s+yes/);
  const start = out.indexOf('{\n');
  const json = JSON.parse(out.slice(start, out.indexOf('\n}\n', start) + 2));
  // config-vault serves three hosts; config-demo has only @plugboard/config installed, so the
  // cli and web entries are listed but cannot be checked against a host there
  expect(json.plugins).toEqual([
    expect.objectContaining({ name: 'vault', group: 'cli', compatible: null, status: 'unchecked' }),
    expect.objectContaining({ name: 'VAULT', group: 'config', compatible: true, status: 'usable' }),
    expect.objectContaining({ name: 'vault', group: 'web', compatible: null, status: 'unchecked' }),
  ]);
  expect(out).toContain('No problems found in 2 plugin(s).');
  expect(out).toMatch(/Indexed 3 plugin\(s\) from 1 package\(s\) into .*discovery\.json/);
  expect(out).toMatch(/Created acme-vault \(config plugin/);
});
