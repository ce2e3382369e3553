// PydaConf's own shape: a YAML mapping of 10,000 keys, 2,000 of them `ENV:///VAR`
// references, loaded with no schema; flat (as PydaConf's examples) and nested
// (100 sections × 100 keys). Anchor: PyYAML's safe_load of the same file, which is
// about 78% of PydaConf's own time on it (PydaConf cannot be installed here).
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { loadConfig, parseText } from '@plugboard/config';
import { parse as parseYaml } from 'yaml';

const KEYS = 10_000;
const REFS = 2_000;
const RUNS = 11;
/** PyYAML's share of PydaConf's time on this file, measured when PydaConf could be installed. */
const PYYAML_SHARE = 0.78;
/** ≤ 0.1× PydaConf ≈ ≤ 0.12× PyYAML's parse. */
const TARGET_VS_PYYAML = 0.1 / PYYAML_SHARE;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function shape(nested) {
  const lines = [];
  const environment = {};
  for (let i = 0; i < KEYS; i++) {
    const ref = i % (KEYS / REFS) === 0;
    if (ref) environment[`VAR_${i}`] = `value-${i}`;
    const value = ref ? `ENV:///VAR_${i}` : `plain-${i}`;
    if (nested && i % 100 === 0) lines.push(`section_${i / 100}:`);
    lines.push(nested ? `  key_${i % 100}: ${value}` : `key_${i}: ${value}`);
  }
  return { text: `${lines.join('\n')}\n`, environment };
}

async function sample(fn) {
  await fn();
  const out = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return median(out);
}

/** Rows for both shapes, as a markdown section. */
export async function pydaconfSection(dir) {
  const script = fileURLToPath(new URL('./pyyaml_load.py', import.meta.url));
  const rows = [];
  let pyVersion = '';
  for (const nested of [false, true]) {
    const { text, environment } = shape(nested);
    const file = join(dir, nested ? 'pyda-nested.yaml' : 'pyda-flat.yaml');
    writeFileSync(file, text);
    const py = JSON.parse(execFileSync('python3', [script, file, String(RUNS)], { encoding: 'utf8' }));
    pyVersion = py.version;
    const common = { plugins: false, environment, logger: { debug() {}, info() {}, warn() {}, error() {} } };
    const ours = await sample(() => parseText(text, 'yaml', file));
    const yamlLib = await sample(() => parseYaml(text));
    const load = await sample(() => loadConfig({ ...common, file }));
    const label = nested ? 'nested (100 × 100)' : 'flat';
    const ratio = (ms) => `${(ms / py.ms).toFixed(3)}×`;
    const met = load / py.ms <= TARGET_VS_PYYAML ? 'met' : '**missed**';
    rows.push(
      `| ${label}: anchor PyYAML ${py.version} safe_load | ${py.ms.toFixed(1)} | 1.000× | PydaConf ≈ ${(py.ms / PYYAML_SHARE).toFixed(0)} ms (PyYAML ≈ ${PYYAML_SHARE * 100}% of it) |`,
      `| ${label}: our YAML parse alone (parseText) | ${ours.toFixed(1)} | ${ratio(ours)} | js-yaml core schema, duplicate keys reported with their position |`,
      `| ${label}: \`yaml\` parse (the parser used before) | ${yamlLib.toFixed(1)} | ${ratio(yamlLib)} | its duplicate-key check is quadratic in flat mappings |`,
      `| ${label}: loadConfig, no schema, 2,000 ENV refs | ${load.toFixed(1)} | ${ratio(load)} (≤ ${TARGET_VS_PYYAML.toFixed(2)}× ${met}) | ≈ ${(load / (py.ms / PYYAML_SHARE)).toFixed(3)}× PydaConf |`,
    );
  }
  return `## PydaConf's shape: 10,000 keys, 2,000 \`ENV:///VAR\` references, no schema

Median of ${RUNS} runs after a warm-up, in the same run as the rows above; PyYAML ${pyVersion}
(\`yaml.safe_load\`, the pure-Python loader) runs in a python3 child on the same file. Target:
loadConfig ≤ 0.1× PydaConf's time, which is ≤ ${TARGET_VS_PYYAML.toFixed(2)}× PyYAML's parse alone.

| what | ms | × PyYAML | notes |
|---|---:|---:|---|
${rows.join('\n')}

YAML is parsed with js-yaml (YAML 1.2 core schema: no timestamps, like \`yaml\`'s default);
documents with anchors, aliases or merge keys go to \`yaml\`, which caps alias expansion.
Duplicate keys are still an error (PB_CONFIG_PARSE at the second key's line and column), and
key positions for other errors are computed only when one needs them.
`;
}
