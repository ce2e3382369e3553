import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { flowHome } from './helpers.js';

// `flow plugins link|list|unlink` manage stage packages (pluginHosts: [workflowHost]), and
// `flow run` finds what they put in place, as a new stage author uses them.
const home = flowHome('flow-plugins-');
const pkg = join(home.dir, 'shout-stage');
mkdirSync(pkg);
writeFileSync(
  join(pkg, 'package.json'),
  JSON.stringify({
    name: 'shout-stage',
    version: '1.2.0',
    type: 'module',
    peerDependencies: { '@plugboard/workflow': '^0.1.0' },
    plugboard: {
      entryPoints: { workflow: { shout: './index.js' } },
      workflow: { shout: { kind: 'stage', description: 'upper-cases text' } },
    },
  }),
);
writeFileSync(join(pkg, 'index.js'), 'export default (input) => ({ shout: input.text.toUpperCase() });\n');
const flowFile = home.write('shout.yaml', 'name: shout\nstages:\n  - name: main\n    target: shout\n');

describe('flow plugins (stage packages through the CLI plugins group)', () => {
  it('links a stage package, lists it, runs it, and unlinks it by name', {
    timeout: 120_000,
  }, () => {
    const link = home.flow('plugins', 'link', pkg, '--json');
    expect(link.code, link.err).toBe(0);
    expect(JSON.parse(link.out)).toMatchObject({
      package: 'shout-stage',
      host: 'workflow',
      groups: ['shout'],
    });
    const list = JSON.parse(home.flow('plugins', 'list', '--json').out) as {
      group: string;
      host: string;
      origin: string;
    }[];
    expect(list).toContainEqual(
      expect.objectContaining({ group: 'shout', host: 'workflow', origin: 'linked' }),
    );
    expect(list).toContainEqual(
      expect.objectContaining({ group: 'textstats-list', host: 'workflow', origin: 'bundled' }),
    );
    const stages = JSON.parse(home.flow('stages', '--json').out) as { stages: { name: string }[] };
    expect(stages.stages.map((s) => s.name)).toContain('shout');
    const run = home.flow('run', flowFile, '--input', '{"text":"hi there"}', '--json');
    expect(run.code, run.err).toBe(0);
    expect(JSON.parse(run.out)).toMatchObject({ state: 'done', output: { shout: 'HI THERE' } });
    expect(home.flow('plugins', 'unlink', 'shout-stage').code).toBe(0);
    const gone = home.flow('validate', flowFile, '--json');
    expect(gone.code).toBe(1);
    expect(gone.out).toContain('shout');
  });

  it('refuses a stage package made for another @plugboard/workflow', { timeout: 60_000 }, () => {
    const old = join(home.dir, 'old-stage');
    mkdirSync(old);
    writeFileSync(
      join(old, 'package.json'),
      JSON.stringify({
        name: 'old-stage',
        version: '1.0.0',
        type: 'module',
        peerDependencies: { '@plugboard/workflow': '^9.0.0' },
        plugboard: { entryPoints: { workflow: { old: './index.js' } } },
      }),
    );
    writeFileSync(join(old, 'index.js'), 'export default () => 1;\n');
    const r = home.flow('plugins', 'link', old, '--json');
    expect(r.code).toBe(1);
    expect(r.err + r.out).toContain('old-stage@1.0.0 needs @plugboard/workflow@^9.0.0');
  });
});
