import { describe, expect, it } from 'vitest';
import { type ConfigError, parseText } from '../src/index.js';

const fail = (text: string) => {
  try {
    parseText(text, 'yaml', 'c.yaml');
  } catch (error) {
    return error as ConfigError;
  }
  throw new Error('expected a parse error');
};

describe('YAML parsing', () => {
  it('reports a duplicate key with the position of the second one', () => {
    const e = fail('a: 1\nb: 2\na: 3\n');
    expect(e).toMatchObject({ code: 'PB_CONFIG_PARSE', file: 'c.yaml', line: 3, column: 1 });
    expect(e.message).toContain('cannot parse c.yaml:3:1: invalid YAML (duplicated mapping key)');
  });

  it('keeps error positions for syntax errors', () => {
    expect(fail('a: 1\nb: [1, 2\n')).toMatchObject({ code: 'PB_CONFIG_PARSE', line: 3 });
  });

  it('uses the YAML 1.2 core schema: dates stay text, numbers and booleans convert', () => {
    expect(parseText('d: 2024-01-02\nn: 0x1f\nb: true\nz: ~\n', 'yaml').data).toEqual({
      d: '2024-01-02',
      n: 31,
      b: true,
      z: null,
    });
  });

  it('handles anchors, aliases and merge keys, and caps alias expansion', () => {
    const data = parseText('base: &b { x: 1 }\nuse: *b\nmerged:\n  <<: *b\n  y: 2\n', 'yaml').data;
    expect(data).toEqual({ base: { x: 1 }, use: { x: 1 }, merged: { x: 1, y: 2 } });
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 8; i++)
      bomb.push(
        `${'abcdefgh'[i]}: &${'abcdefgh'[i]} [${Array(9)
          .fill(`*${'abcdefgh'[i - 1]}`)
          .join(', ')}]`,
      );
    expect(() => parseText(`${bomb.join('\n')}\n`, 'yaml', 'bomb.yaml')).toThrow(
      /PB_CONFIG|alias|Excessive/i,
    );
  });

  it('a document that is empty is an empty mapping', () => {
    expect(parseText('# nothing\n', 'yaml').data).toEqual({});
  });
});
