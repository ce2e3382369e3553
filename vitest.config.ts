import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Tests import the SDK packages from source, so `vitest` needs no build first.
const packagesDir = fileURLToPath(new URL('./packages/', import.meta.url));
const alias = readdirSync(packagesDir).flatMap((dir) => {
  try {
    const { name } = JSON.parse(readFileSync(`${packagesDir}${dir}/package.json`, 'utf8'));
    return [{ find: new RegExp(`^${name}$`), replacement: `${packagesDir}${dir}/src/index.ts` }];
  } catch {
    return [];
  }
});

export default defineConfig({
  resolve: { alias },
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
