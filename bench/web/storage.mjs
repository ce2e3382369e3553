// The embedded store's figures, through @plugboard/web's own libsql dialect: open a
// plugin's namespace (a new file, then the existing one) and write 2,000 rows in one
// transaction — the workload MACHINE-NOTES used to compare libsql with PGlite.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createStorageBackend } from '@plugboard/web';

const ROWS = 2_000;

export async function measureStorage(runs) {
  const open = [];
  const reopen = [];
  const write = [];
  for (let i = 0; i < runs; i++) {
    const dir = mkdtempSync(join(tmpdir(), 'pb-bench-web-db-'));
    const backend = createStorageBackend({ dir });
    let t = performance.now();
    let s = await backend.open('bench');
    open.push(performance.now() - t);
    await s.db.schema
      .createTable('rows')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('v', 'text')
      .execute();
    t = performance.now();
    await s.db.transaction().execute(async (trx) => {
      for (let r = 0; r < ROWS; r++)
        await trx
          .insertInto('rows')
          .values({ v: `value ${r}` })
          .execute();
    });
    write.push(performance.now() - t);
    await s.close();
    t = performance.now();
    s = await backend.open('bench');
    reopen.push(performance.now() - t);
    await s.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return { open, reopen, write, rows: ROWS };
}
