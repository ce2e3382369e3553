import { describe, expect, test } from 'vitest';
import { PythonTemplate } from '../src/macro/python-template.js';
import { coord } from '../src/macro/python-types.js';
import { createTemplateEnvironment } from '../src/macro/template.js';

const env = createTemplateEnvironment();
const render = (src: string, context: Record<string, unknown> = {}) =>
  new PythonTemplate(src, env, 'test', true).render(context);

// What Klipper's own Jinja environment renders (`jinja2.Environment('{%', '%}', '{', '}')`, Jinja 3,
// CPython 3.11) for the same source and context; pasted from a scratch script, no Python runs here.
// In that script `pos` was Klipper's Coord namedtuple of floats.
const CONTEXT = {
  params: { X: '10', NAME: "it's" },
  pos: coord([12, 3.5, 0, -1]),
  temps: [200.5, 60],
  nothing: null,
};
const AS_JINJA: Array<[string, string]> = [
  ['{ "%d" % (5,) }', '5'],
  ['{ (5,) } { () } { (1, 2) } { (1, 2,) }', '(5,) () (1, 2) (1, 2)'],
  ['{ (5,)|length } { ()|length } { (1, 2)|length }', '1 0 2'],
  ['{ "%s" % ((1, 2),) } { "%s" % ((),) } { "%s|%s" % ((1,), [2]) }', '(1, 2) () (1,)|[2]'],
  ['{ [1, "a"] } { [1, 2,] } { [true, none, false] } { [] }', "[1, 'a'] [1, 2] [True, None, False] []"],
  [
    '{ true } { none } { True } { False } { None } { nothing } [{ missing }]',
    'True None True False None None []',
  ],
  ["{ {'a': 1} } { {'a': 1}['a'] } { {} } { {'a': 1,} }", "{'a': 1} 1 {} {'a': 1}"],
  ["{% set d = {'a': 1, 'b': 2} %}{ d.a } { d['b'] } { d }", "1 2 {'a': 1, 'b': 2}"],
  ["{ {'a': {'b': [1, (2,)]}}.a.b[1] }", '(2,)'],
  ["{% set d = {'a': 1} %}{ 'a' in d } { 'z' in d }", 'True False'],
  ['{ "%(a)s-%(b)03d" % {"a": "x", "b": 7} }', 'x-007'],
  ['{ "%s" % [1, 2] }', '[1, 2]'],
  ['{ "%s" % {"a": 1} }', "{'a': 1}"],
  ['{ "hello" % [1] }', 'hello'],
  ['{ "%.1f %.1f %.1f %.1f" % pos }', '12.0 3.5 0.0 -1.0'],
  ['{ "%s" % (pos,) }', 'Coord(x=12.0, y=3.5, z=0.0, e=-1.0)'],
  ['{ params } { params.NAME }', "{'X': '10', 'NAME': \"it's\"} it's"],
  ['{ "%s and %r" % (params.NAME, params.NAME) }', 'it\'s and "it\'s"'],
  ['{ temps } { "%.1f/%d" % (temps[0], temps[1]) }', '[200.5, 60] 200.5/60'],
  ['{ "x" ~ [1] ~ none ~ true ~ (1,) }', 'x[1]NoneTrue(1,)'],
  ['{ [true, none, "s", 1.5]|join(",") } { (1, 2)|join }', 'True,None,s,1.5 12'],
  ['{ true|string } { [1]|string }', 'True [1]'],
  [
    '{ "%s|%s"|format(1, [2]) } { "%(a)s"|format(a=3) } { "%s"|format([1, 2]) } { "%s"|format((1, 2)) }',
    '1|[2] 3 [1, 2] (1, 2)',
  ],
  ['{% for a, b in [(1, 2), (3, 4)] %}{a}{b} {% endfor %}', '12 34 '],
  [
    '{ "%.2f" % 2.675 } { "%.0f" % 0.5 } { "%g" % 123456789 } { "%e" % 0 }',
    '2.67 0 1.23457e+08 0.000000e+00',
  ],
  ["{ 'it\\'s' } { ['it\\'s', \"q\\\"\", 'tab\\there'] }", "it's [\"it's\", 'q\"', 'tab\\there']"],
  ['{ "%5s|%-5s|" % ("ab", "cd") }', '   ab|cd   |'],
  ["a  {- {'a': 1}['a'] -}  b", 'a1b'],
  ["{% set d = {'a': '%d' % 5, 'b': {'c': [1, {'e': 2}]}} %}{ d.b.c[1].e }{ d.a }", '25'],
  ['{% macro m(x) %}<{ x }>{% endmacro %}{ m((1,)) } { m(none) }', '<(1,)> <None>'],
  ['{ "%s" % ("x"|safe) } { "x"|safe ~ 1 }', 'x x1'],
  ["{ [{'n': 1}, {'n': none}]|join(', ', 'n') }", '1, None'],
  ['{ "abc"|join("-") }', 'a-b-c'],
  ["{ {'a': 1, 'b': 2}|join(',') }", 'a,b'],
  ['{ none|string } { 1.5|string }', 'None 1.5'],
];

describe('templates render as Klipper’s Jinja does', () => {
  test.each(AS_JINJA)('%s', (src, out) => {
    expect(render(src, CONTEXT)).toBe(out);
  });

  test('a Coord prints as the namedtuple of floats; its axes read back as numbers (-1, where Python has -1.0)', () => {
    expect(render('{ pos } { pos.e } { pos|length }', CONTEXT)).toBe(
      'Coord(x=12.0, y=3.5, z=0.0, e=-1.0) -1 4',
    );
  });

  test('a tuple cannot change and what is made from one is a list', () => {
    expect(render('{ (2, 1)|sort } { (1, 2)|reverse } { (1, 2)|list|length }')).toBe('[1, 2] [2, 1] 2');
    expect(() => render('{% set t = (1, 2) %}{ t.push(3) }')).toThrow(/not extensible|read.only|Cannot add/);
  });

  test('format takes positional or keyword arguments, not both (Jinja’s FilterArgumentError)', () => {
    expect(() => render('{ "%s"|format(1, a=2) }')).toThrow(
      "can't handle positional and keyword arguments at the same time",
    );
  });

  test('a `}` in a string or a nested dict does not end the tag', () => {
    expect(render("{ {'a': '}'}['a'] } { {'b': {'c': 1}}.b.c }")).toBe('} 1');
  });

  test.each([
    ['{ (1, 2] }', /expected comma|unexpected token/],
    ["{ {'a': 1 }", /expected variable end|end of template/],
    ['{ [1,, 2] }', /unexpected token: ,/],
    ["{ {'a' 1} }", /expected colon/],
  ])('%s does not compile', (src, error) => {
    expect(() => render(src)).toThrow(error);
  });
});
