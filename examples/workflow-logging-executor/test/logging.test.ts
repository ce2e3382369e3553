import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createWorkflowHost } from '@plugboard/workflow';
import { afterAll, describe, expect, it } from 'vitest';

const pkg = fileURLToPath(new URL('..', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'logging-executor-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
writeFileSync(
  join(root, 'stages.mjs'),
  'export const double = (x) => x * 2;\nexport const list = () => [1, 2, 3];\nexport const fail = () => { throw new Error("nope"); };\n',
);

describe('the logging executor plugin', () => {
  it('is discovered as an executor, logs each stage and delegates to local', async () => {
    const host = await createWorkflowHost({
      cwd: root,
      dataDir: join(root, 'data'),
      store: ':memory:',
      plugins: { cache: false, sources: { paths: [pkg], dependencies: false } },
    });
    try {
      expect(host.plugins.get('logging')?.meta).toEqual({
        kind: 'executor',
        description: expect.any(String),
      });
      const file = join(root, 'wf.yaml');
      writeFileSync(
        file,
        'name: doubled\nexecutor: { target: logging, print: false, concurrency: 2 }\nstages:\n  - name: list\n    target: ./stages.mjs#list\n  - name: double\n    target: ./stages.mjs#double\n    type: parameterized\n    depends_on: [list]\n    map_on: list\n',
      );
      const logs: string[] = [];
      const out = await host.run(file, { onEvent: (e) => e.type === 'log' && logs.push(e.message) });
      expect(out.output).toEqual([2, 4, 6]);
      expect(logs.filter((l) => l.startsWith('start'))).toHaveLength(4);
      expect(logs).toContain('start double[1] (attempt 1) on local');
      const bad = join(root, 'bad.yaml');
      writeFileSync(bad, 'name: bad\nstages:\n  - name: f\n    target: ./stages.mjs#fail\n');
      const failed = await host.run(bad, {
        executor: { target: 'logging', print: false },
        onEvent: (e) => e.type === 'log' && logs.push(e.message),
      });
      expect(failed.state).toBe('failed');
      expect(logs).toContain('failed f (attempt 1): nope');
    } finally {
      await host.close();
    }
  });
});
