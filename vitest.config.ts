import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Tests import the SDK packages from source, so `vitest` needs no build first.
const packagesDir = fileURLToPath(new URL('./packages/', import.meta.url));
// Subpath harnesses of @plugboard/testing (`@plugboard/testing/web`, …) come from source too.
const testingSubpaths = {
  find: /^@plugboard\/testing\/([a-z-]+)$/,
  replacement: `${packagesDir}testing/src/$1/index.ts`,
};
const alias = readdirSync(packagesDir).flatMap((dir) => {
  try {
    const { name } = JSON.parse(readFileSync(`${packagesDir}${dir}/package.json`, 'utf8'));
    const main = { find: new RegExp(`^${name}$`), replacement: `${packagesDir}${dir}/src/index.ts` };
    // Light subpaths by the same convention: an adapter's `./host` (its host definition), core's `./light`.
    const subpaths = ['host', 'light'].flatMap((sub) => {
      const file = [`${packagesDir}${dir}/src/${sub}.ts`, `${packagesDir}${dir}/src/${sub}/index.ts`].find(
        existsSync,
      );
      return file ? [{ find: new RegExp(`^${name}/${sub}$`), replacement: file }] : [];
    });
    return [main, ...subpaths];
  } catch {
    return [];
  }
});

export default defineConfig({
  resolve: { alias: [testingSubpaths, ...alias] },
  test: {
    include: [
      'packages/*/{src,test}/**/*.test.ts',
      'apps/*/{src,test}/**/*.test.ts',
      'examples/*/{src,test}/**/*.test.ts',
      'bench/test/**/*.test.ts',
      'test/**/*.test.ts',
    ],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    globalSetup: ['./scripts/vitest-global-setup.ts'],
  },
});
