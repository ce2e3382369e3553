import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// A project with only @plugboard/config installed imports the config entry: it must not
// pull in the cli or web adapter (optional peers), and each host's entry is its own module.
describe('entry modules', () => {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  const source = (entry: string) => {
    const file = entry.split('#')[0]!.replace('./dist/', '../src/').replace(/\.js$/, '.ts');
    return readFileSync(new URL(file, import.meta.url), 'utf8');
  };
  const adapters = (text: string) =>
    [...text.matchAll(/from '(@plugboard\/[a-z]+)'/g)].map((m) => m[1] ?? '');
  const imports = (text: string) => [...text.matchAll(/from '(\.[^']+)'/g)].map((m) => m[1] ?? '');

  it.each([
    ['config', 'VAULT', '@plugboard/config'],
    ['cli', 'vault', '@plugboard/cli'],
    ['web', 'vault', '@plugboard/web'],
  ])('the %s entry %s imports only %s', (group, name, adapter) => {
    const entry = pkg.plugboard.entryPoints[group][name] as string;
    const own = source(entry);
    const reached = [own, ...imports(own).map((spec) => source(`./dist/${spec.slice(2)}`))];
    expect([...new Set(reached.flatMap(adapters))]).toEqual([adapter]);
  });
});
