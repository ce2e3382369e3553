import { describe, expect, it } from 'vitest';
import { validateWorkflowFile, WorkflowErrorCodes } from '../src/index.js';
import { workspace } from './helpers.js';

const ws = workspace();
const validate = (name: string, text: string, stages?: Set<string>) =>
  validateWorkflowFile(ws.write(name, text), { stages });
const first = (name: string, text: string, stages?: Set<string>) => {
  const { errors } = validate(name, text, stages);
  expect(errors.length).toBeGreaterThan(0);
  return errors[0]!;
};

describe('workflow definitions', () => {
  it('accepts a valid YAML workflow and the same as JSON', () => {
    const yaml = `name: ok\nstages:\n  - name: a\n    target: ./stages.mjs#numbers\n  - name: b\n    target: ./stages.mjs#square\n    type: parameterized\n    depends_on: [a]\n    map_on: a\n`;
    expect(validate('ok.yaml', yaml)).toMatchObject({ errors: [], workflow: { name: 'ok' } });
    const json = JSON.stringify(
      { name: 'ok', stages: [{ name: 'a', target: './stages.mjs#numbers' }] },
      null,
      2,
    );
    expect(validate('ok.json', json).errors).toEqual([]);
  });

  it('reports malformed YAML with file:line:col', () => {
    const e = first('bad.yaml', 'name: x\nstages:\n  - name: a\n    target: [unclosed\n');
    expect(e.code).toBe(WorkflowErrorCodes.PARSE);
    expect(e.message).toMatch(/^@plugboard\/workflow: .*bad\.yaml:\d+:\d+: the file is not valid YAML\/JSON/);
    expect(e.line).toBeGreaterThanOrEqual(4);
  });

  it('reports a missing file', () => {
    const { errors } = validateWorkflowFile(`${ws.dir}/nope.yaml`);
    expect(errors[0]).toMatchObject({ code: WorkflowErrorCodes.FILE_MISSING });
    expect(errors[0]!.message).toMatch(
      /nope\.yaml: cannot read the workflow file \(ENOENT\); check the path/,
    );
  });

  it('names the stage and line of a schema problem', () => {
    const e = first(
      'schema.yaml',
      'name: s\nstages:\n  - name: a\n    target: ./stages.mjs#echo\n    colour: red\n',
    );
    expect(e.code).toBe(WorkflowErrorCodes.INVALID);
    expect(e.stage).toBe('a');
    expect(e.line).toBe(3);
    expect(e.message).toMatch(/schema\.yaml:3:5: "stages\.0" \(stage "a"\): Unrecognized key.*colour/);
  });

  it('reports bad options with their line', () => {
    const e = first(
      'opts.yaml',
      'name: o\nstages:\n  - name: a\n    target: ./stages.mjs#echo\n    options:\n      retries: -1\n',
    );
    expect(e).toMatchObject({ code: WorkflowErrorCodes.OPTIONS_INVALID, stage: 'a', line: 6 });
    expect(e.message).toMatch(/opts\.yaml:6:\d+: "stages\.0\.options\.retries" \(stage "a"\)/);
    const t = first(
      'timeout.yaml',
      'name: o\nstages:\n  - name: a\n    target: ./stages.mjs#echo\n    options: { timeout: soon }\n',
    );
    expect(t.code).toBe(WorkflowErrorCodes.OPTIONS_INVALID);
    expect(t.message).toMatch(/a duration such as/);
    const m = first(
      'map.yaml',
      'name: o\nstages:\n  - name: a\n    target: ./stages.mjs#echo\n    map_on: input\n',
    );
    expect(m).toMatchObject({ code: WorkflowErrorCodes.OPTIONS_INVALID, line: 5 });
    expect(m.message).toMatch(/"map_on" needs "type: parameterized"/);
    const p = first(
      'param.yaml',
      'name: o\nstages:\n  - name: a\n    target: ./stages.mjs#echo\n    type: parameterized\n',
    );
    expect(p.message).toMatch(/a parameterized stage needs "map_on"/);
    const h = first(
      'head.yaml',
      'name: o\nstages:\n  - name: a\n    target: ./stages.mjs#echo\n    type: parameterized\n    map_on: b.items\n',
    );
    expect(h.message).toMatch(/must start with one of its depends_on stages or "input"; add "b"/);
  });

  it('reports a duplicate stage', () => {
    const e = first(
      'dup.yaml',
      'name: d\nstages:\n  - name: a\n    target: ./stages.mjs#echo\n  - name: a\n    target: ./stages.mjs#echo\n',
    );
    expect(e).toMatchObject({ code: WorkflowErrorCodes.DUPLICATE_STAGE, stage: 'a', line: 5 });
    expect(e.message).toMatch(/stage "a" is defined twice/);
  });

  it('reports a missing dependency with did-you-mean', () => {
    const e = first(
      'dep.yaml',
      'name: d\nstages:\n  - name: load\n    target: ./stages.mjs#echo\n  - name: b\n    target: ./stages.mjs#echo\n    depends_on: [laod]\n',
    );
    expect(e).toMatchObject({ code: WorkflowErrorCodes.DEPENDENCY_MISSING, stage: 'b', line: 7 });
    expect(e.message).toMatch(
      /stage "b" depends on "laod", which is not a stage of this workflow\. Did you mean "load"\?/,
    );
  });

  it('names a cycle as a path', () => {
    const text =
      'name: c\nstages:\n  - name: a\n    target: ./stages.mjs#echo\n    depends_on: [c]\n  - name: b\n    target: ./stages.mjs#echo\n    depends_on: [a]\n  - name: c\n    target: ./stages.mjs#echo\n    depends_on: [b]\n';
    const e = first('cycle.yaml', text);
    expect(e.code).toBe(WorkflowErrorCodes.CYCLE);
    expect(e.message).toMatch(/cycle: a → c → b → a\. Remove one of these dependencies/);
    expect(e.line).toBe(5);
  });

  it('reports unknown targets: module path, package and plugin name with did-you-mean', () => {
    const m = first('mod.yaml', 'name: t\nstages:\n  - name: a\n    target: ./missing.mjs#x\n');
    expect(m).toMatchObject({ code: WorkflowErrorCodes.TARGET_UNKNOWN, stage: 'a', line: 4 });
    expect(m.message).toMatch(/target "\.\/missing\.mjs#x" names .*missing\.mjs, which does not exist/);
    const p = first('pkg.yaml', 'name: t\nstages:\n  - name: a\n    target: "@nobody/nothing/sub#x"\n');
    expect(p.message).toMatch(/package module "@nobody\/nothing\/sub" cannot be found/);
    const s = first(
      'plug.yaml',
      'name: t\nstages:\n  - name: a\n    target: textstats-tokenise\n',
      new Set(['textstats-tokenize', 'textstats-count']),
    );
    expect(s.code).toBe(WorkflowErrorCodes.TARGET_UNKNOWN);
    expect(s.message).toMatch(
      /no installed plugin provides the stage "textstats-tokenise"\. Did you mean "textstats-tokenize"\? Run `flow stages`/,
    );
  });

  it('returns every problem at once', () => {
    const text =
      'name: many\nstages:\n  - name: a\n    target: ./missing.mjs\n    depends_on: [zz]\n  - name: a\n    target: ./stages.mjs#echo\n';
    const codes = validate('many.yaml', text).errors.map((e) => e.code);
    expect(codes).toEqual(
      expect.arrayContaining([
        WorkflowErrorCodes.DUPLICATE_STAGE,
        WorkflowErrorCodes.DEPENDENCY_MISSING,
        WorkflowErrorCodes.TARGET_UNKNOWN,
      ]),
    );
  });
});
