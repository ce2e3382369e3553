import { describe, expect, test } from 'vitest';
import { parseLiteral } from '../src/macro/literal.js';
import { pyRepr } from '../src/macro/python-str.js';
import { PyTuple } from '../src/macro/python-types.js';

// The right column is CPython 3.11's repr(ast.literal_eval(source)), pasted from a scratch script.
const STRUCTURES: Array<[string, string]> = [
  ['(1)', '1'],
  ['(1,)', '(1,)'],
  ['()', '()'],
  ['(1, 2,)', '(1, 2)'],
  ['((1, 2), [3])', '((1, 2), [3])'],
  ['{"a": (1, 2)}', "{'a': (1, 2)}"],
  ['[1, (2,)]', '[1, (2,)]'],
  ["{'a': {'b': [None, True, False]}}", "{'a': {'b': [None, True, False]}}"],
  ['[]', '[]'],
  ['{}', '{}'],
  ['[1, 2,]', '[1, 2]'],
  ["{'a': 1,}", "{'a': 1}"],
  ['\'a\' "b"', "'ab'"],
  ["'\\x41\\u00e9\\U0001F600\\n\\t\\q\\101\\0'", "'A\u00e9\ud83d\ude00\\n\\t\\\\qA\\x00'"],
  ["r'\\n\\d'", "'\\\\n\\\\d'"],
  ["'''a'b'''", '"a\'b"'],
  ['"it\'s"', '"it\'s"'],
  ["'\\\\'", "'\\\\'"],
  ["u'x'", "'x'"],
  ['True', 'True'],
  ['None', 'None'],
];

describe('parseLiteral reads what ast.literal_eval reads', () => {
  test.each(STRUCTURES)('%s', (src, repr) => {
    expect(pyRepr(parseLiteral(src))).toBe(repr);
  });

  test.each<[string, number]>([
    ['-1.5', -1.5],
    ['+2', 2],
    ['.5', 0.5],
    // Python has 1.0 and 1000.0 here; JavaScript keeps no float apart from an int.
    ['1.', 1],
    ['1e3', 1000],
    ['-2.5E-3', -0.0025],
    ['1_000', 1000],
    ['0x1F', 31],
    ['-0o17', -15],
    ['0b101', 5],
    ['00', 0],
  ])('number %s', (src, value) => {
    expect(parseLiteral(src)).toBe(value);
  });

  test('a parenthesis with a comma (or nothing) in it is a tuple; one without is just its value', () => {
    expect(parseLiteral('(1,)')).toBeInstanceOf(PyTuple);
    expect(parseLiteral('()')).toBeInstanceOf(PyTuple);
    expect(parseLiteral('[1]')).not.toBeInstanceOf(PyTuple);
    expect(parseLiteral('(1)')).toBe(1);
    expect(Object.isFrozen(parseLiteral('(1, 2)'))).toBe(true);
  });

  // CPython rejects each of these too (with a SyntaxError, or a TypeError for the unhashable key).
  test.each<[string, RegExp]>([
    ['007', /leading zeros/],
    ['{[1]: 2}', /unhashable type: 'list'/],
    ["'a\nb'", /unterminated string/],
    ['0b12', /invalid number/],
    ['bare words', /malformed node or string/],
    ["'open", /unterminated string/],
    ['[1 2]', /expected ',' or ']'/],
    ['(1, 2', /expected ',' or '\)'/],
    ["{'a' 1}", /expected ':'/],
    ['1 2', /unexpected text after the value/],
    ["'\\x4'", /truncated \\x escape/],
  ])('%j is not a literal', (src, error) => {
    expect(() => parseLiteral(src)).toThrow(SyntaxError);
    expect(() => parseLiteral(src)).toThrow(error);
  });
});
