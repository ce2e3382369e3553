import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createWorkflowHost } from '@plugboard/workflow';
import { afterAll, describe, expect, it } from 'vitest';
import { count, listFiles, merge, tokenize } from '../src/index.js';

const pkg = fileURLToPath(new URL('..', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'textstats-'));
const texts = join(root, 'texts');
mkdirSync(join(texts, 'sub'), { recursive: true });
writeFileSync(join(texts, 'a.txt'), 'The cat sat on the mat. The END.');
writeFileSync(join(texts, 'b.md'), '# Notes\nthe dog didn’t sit; well-known dogs sit.');
writeFileSync(join(texts, 'sub', 'c.txt'), 'Cat and dog.');
writeFileSync(join(texts, 'skip.json'), '{"the": 1}');
afterAll(() => rmSync(root, { recursive: true, force: true }));

const ctx = {
  runId: 'r',
  stage: 's',
  index: 0,
  attempt: 1,
  workflowInput: { top: 3 },
  log: console,
  signal: new AbortController().signal,
  progress() {},
  objects: undefined as never,
};

describe('textstats stages', () => {
  it('lists text files recursively, sorted', async () => {
    const files = await listFiles({ folder: texts }, ctx);
    expect(files.map((f) => f.slice(texts.length + 1))).toEqual(['a.txt', 'b.md', 'sub/c.txt']);
  });

  it('tokenizes into lower-case words, keeping inner apostrophes and hyphens', async () => {
    const t = await tokenize(join(texts, 'b.md'), ctx);
    expect(t.words).toEqual(['notes', 'the', 'dog', "didn't", 'sit', 'well-known', 'dogs', 'sit']);
  });

  it('counts and merges', async () => {
    const c1 = await count({ file: 'x', words: ['a', 'b', 'a'] }, ctx);
    expect(c1).toEqual({ file: 'x', words: 3, counts: { a: 2, b: 1 } });
    const c2 = await count({ file: 'y', words: ['b', 'c'] }, ctx);
    const m = await merge([c1, c2], ctx);
    expect(m).toMatchObject({
      files: 2,
      words: 5,
      unique: 3,
      top: [
        { word: 'a', count: 2 },
        { word: 'b', count: 2 },
        { word: 'c', count: 1 },
      ],
    });
  });
});

describe('the textstats workflow, discovered as a plugin', () => {
  it('runs list → tokenize (map) → count (map) → merge, locally and on threads with one result', async () => {
    const host = await createWorkflowHost({
      cwd: root,
      dataDir: join(root, 'data'),
      store: ':memory:',
      plugins: { cache: false, sources: { paths: [pkg], dependencies: false } },
    });
    try {
      expect(host.plugins.problems.filter((p) => p.severity !== 'warning')).toEqual([]);
      const file = join(pkg, 'workflows', 'textstats.yaml');
      expect(host.validate(file).errors).toEqual([]);
      const local = await host.run(file, { input: { folder: texts, top: 2 } });
      expect(local.state).toBe('done');
      expect(local.output).toMatchObject({
        files: 3,
        words: 19,
        top: [
          { word: 'the', count: 4 },
          { word: 'cat', count: 2 },
        ],
      });
      const threads = await host.run(file, {
        input: { folder: texts, top: 2 },
        executor: { target: 'threads', threads: 2 },
      });
      expect(threads.output).toEqual(local.output);
      const records = await host.store.stageRecords(local.runId);
      expect(records.filter((r) => r.stage === 'tokenize')).toHaveLength(3);
    } finally {
      await host.close();
    }
  });
});
