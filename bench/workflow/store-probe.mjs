// One embedded store candidate, run in the temp folder it was installed into:
// prints { openMs, insertMs, rows } as JSON. Usage: node store-probe.mjs <kind> <dir>
import { rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

const [kind, dir] = process.argv.slice(2);
const ROWS = 2000;
const req = createRequire(join(dir, 'noop.js'));
const load = async (name) => import(pathToFileURL(req.resolve(name)).href);
const row = (i) => [`run-1`, `stage-${i}`, i, 'done', JSON.stringify({ value: i, text: 'x'.repeat(40) })];
const DDL =
  'CREATE TABLE stage_runs (run_id TEXT, stage TEXT, idx INTEGER, state TEXT, result TEXT, PRIMARY KEY (run_id, stage, idx))';

let openMs;
let insertMs;
if (kind === 'libsql') {
  const { createClient } = await load('@libsql/client');
  const file = join(dir, 'probe.db');
  rmSync(file, { force: true });
  let t = performance.now();
  const db = createClient({ url: `file:${file}` });
  await db.execute(DDL);
  openMs = performance.now() - t;
  t = performance.now();
  await db.batch(
    Array.from({ length: ROWS }, (_, i) => ({
      sql: 'INSERT INTO stage_runs VALUES (?, ?, ?, ?, ?)',
      args: row(i),
    })),
    'write',
  );
  insertMs = performance.now() - t;
  db.close();
} else if (kind === 'pglite') {
  const { PGlite } = await load('@electric-sql/pglite');
  const data = join(dir, 'pgdata');
  rmSync(data, { recursive: true, force: true });
  let t = performance.now();
  const db = new PGlite(data);
  await db.exec(DDL);
  openMs = performance.now() - t;
  t = performance.now();
  await db.transaction(async (tx) => {
    for (let i = 0; i < ROWS; i++)
      await tx.query('INSERT INTO stage_runs VALUES ($1, $2, $3, $4, $5)', row(i));
  });
  insertMs = performance.now() - t;
  await db.close();
} else if (kind === 'sql.js') {
  const { default: init } = await load('sql.js');
  let t = performance.now();
  const SQL = await init();
  const db = new SQL.Database();
  db.run(DDL);
  openMs = performance.now() - t;
  t = performance.now();
  db.run('BEGIN');
  const stmt = db.prepare('INSERT INTO stage_runs VALUES (?, ?, ?, ?, ?)');
  for (let i = 0; i < ROWS; i++) stmt.run(row(i));
  stmt.free();
  db.run('COMMIT');
  // sql.js lives in memory: durability means writing the whole file out.
  writeFileSync(join(dir, 'probe.sqlite'), db.export());
  insertMs = performance.now() - t;
  db.close();
}
console.log(JSON.stringify({ openMs, insertMs, rows: ROWS }));
