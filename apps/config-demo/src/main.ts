import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inspect } from 'node:util';
import { createConfig } from '@plugboard/config';
import { z } from 'zod';
import { writeScene } from './scene.js';

const schema = z.object({
  app: z.object({ name: z.string(), greeting: z.string() }),
  server: z.object({ host: z.string(), port: z.coerce.number().int().positive(), tlsKey: z.string() }),
  db: z.object({ host: z.string(), user: z.string(), password: z.string().min(8), url: z.string() }),
  payments: z.object({ apiKey: z.string().startsWith('sk_') }),
  docs: z.url(),
});

const appDir = fileURLToPath(new URL('..', import.meta.url));
const { dir, key } = writeScene();
const step = (text: string) => console.log(`\n\x1b[1m▸ ${text}\x1b[0m`);

try {
  step(`Loading ${join(dir, 'config.yaml')} + config.demo.yaml, with APP__SERVER__PORT=9090`);
  const config = await createConfig({
    cwd: dir,
    file: 'config.yaml',
    env: 'demo',
    envPrefix: 'APP',
    environment: { ...process.env, PLUGBOARD_SEALED_KEY: key, APP__SERVER__PORT: '9090' },
    schema,
    // the VAULT plugin is found through this app's dependencies, loaded on first use
    plugins: { cwd: appDir },
    resolverOptions: { VAULT: { file: join(dir, 'vault.json') } },
    watch: true,
  });
  console.log(inspect(config.value, { depth: 5, colors: false }));
  console.log(`secret keys: ${config.secretKeys.join(', ')}`);
  console.log(`typed access: config.value.server.port + 1 = ${config.value.server.port + 1}`);
  console.log(`JSON: ${JSON.stringify(config.value.db)}`);

  step('Rotating the database password in vault.json …');
  const update = new Promise<string[]>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no live update within 10 s')), 10_000);
    config.subscribe('db.**', ({ keys }) => {
      clearTimeout(timer);
      resolve(keys);
    });
  });
  writeFileSync(join(dir, 'vault.json'), JSON.stringify({ db: { password: 'second-vault-password' } }));
  const keys = await update;
  console.log(`live update arrived; changed keys: ${keys.join(', ')}`);
  console.log(inspect(config.value.db, { colors: false }));
  console.log(
    `the new password has ${config.value.db.password.length} characters (read explicitly, never printed)`,
  );
  await config.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
