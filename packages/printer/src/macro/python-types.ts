/**
 * The Python types a macro can tell apart from a list. JavaScript has one
 * array type; Python's `%` spreads a tuple into its conversions but formats a
 * list as one value, and prints `(1,)` where a list prints `[1]`.
 */

/** A Python tuple: an array that cannot change, made by `(a, b)` in a template or by a literal. */
export class PyTuple<T = unknown> extends Array<T> {
  // What `map`, `slice` and `filter` make of a tuple is a list, as `sorted()` and friends give in Python.
  static override get [Symbol.species](): ArrayConstructor {
    return Array;
  }
}

function fill<A extends PyTuple<T>, T>(target: A, items: Iterable<T>): A {
  for (const item of items) target.push(item);
  return Object.freeze(target);
}

/** A tuple of `items`; `new PyTuple(3)` would be three empty slots, like `new Array(3)`. */
export function pyTuple<T>(items: Iterable<T>): PyTuple<T> {
  return fill(new PyTuple<T>(), items);
}

export const COORD_AXES = ['x', 'y', 'z', 'e'] as const;

/**
 * Klipper's `Coord`, the namedtuple of `printer.toolhead.position` and the
 * other positions: a tuple of four floats that also answers `.x` … `.e`.
 */
export class Coord extends PyTuple<number> {
  get x(): number {
    return this[0]!;
  }
  get y(): number {
    return this[1]!;
  }
  get z(): number {
    return this[2]!;
  }
  get e(): number {
    return this[3]!;
  }
}

export function coord(values: Iterable<number>): Coord {
  return fill(new Coord(), values);
}
