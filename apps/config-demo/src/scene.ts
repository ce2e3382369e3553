import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSealedKey, sealValue } from '@plugboard/config';

/** The files of the demo: a base config, its `demo` overlay, a secret file and a JSON vault. */
export function writeScene() {
  const dir = mkdtempSync(join(tmpdir(), 'plugboard-config-demo-'));
  const key = generateSealedKey();
  mkdirSync(join(dir, 'secrets'));
  writeFileSync(join(dir, 'secrets', 'tls.key'), '-----BEGIN DEMO KEY-----\n');
  writeFileSync(
    join(dir, 'vault.json'),
    JSON.stringify({ db: { password: 'first-vault-password' } }, null, 2),
  );
  writeFileSync(
    join(dir, 'config.yaml'),
    [
      'app:',
      '  name: shop',
      '  greeting: "Welcome to {{ app.name }} on port {{ server.port }}"',
      'server:',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a config reference, not a JS template
      '  host: ${ENV:HOST:-127.0.0.1}',
      '  port: 8080',
      '  tlsKey: FILE:///./secrets/tls.key',
      'db:',
      '  host: db.internal',
      '  user: shop',
      '  password: VAULT:///db/password',
      '  url: "postgres://{{ db.user }}:{{ db.password }}@{{ db.host }}/shop"',
      'payments:',
      `  apiKey: SEALED:///${sealValue('sk_live_demo_123456', key)}`,
      'docs: https://example.com/docs',
      '',
    ].join('\n'),
  );
  writeFileSync(join(dir, 'config.demo.yaml'), 'db:\n  host: db.demo.local\n');
  return { dir, key };
}
