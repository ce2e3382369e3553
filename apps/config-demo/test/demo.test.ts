import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

describe('config demo (built)', () => {
  it('prints the typed config with secrets redacted and a live update', () => {
    const main = fileURLToPath(new URL('../dist/main.js', import.meta.url));
    const r = spawnSync(process.execPath, [main], { encoding: 'utf8', timeout: 20_000 });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("password: '[secret]'");
    expect(r.stdout).toContain('live update arrived; changed keys: db.password, db.url');
    for (const secret of [
      'first-vault-password',
      'second-vault-password',
      'sk_live_demo_123456',
      'BEGIN DEMO KEY',
    ]) {
      expect(r.stdout + r.stderr).not.toContain(secret);
    }
  });
});
