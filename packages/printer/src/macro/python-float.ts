/**
 * Python's `%f`, `%e` and `%g` on a float, rounded as CPython rounds: once, on
 * the exact binary value, an exact tie to the even digit. `toFixed` rounds a
 * tie up, stops at 1e21 and 100 digits; working on the exact decimal
 * expansion of the double (BigInt) avoids all three.
 */

interface Decimal {
  /** Significant digits without trailing zeros; '' for zero. */
  digits: string;
  /** The value is `digits × 10^exp`. */
  exp: number;
}

const view = new DataView(new ArrayBuffer(8));

/** The exact decimal value of a finite, non-negative double. */
function exactDecimal(a: number): Decimal {
  view.setFloat64(0, a);
  const hi = view.getUint32(0);
  const biased = (hi >>> 20) & 0x7ff;
  let mantissa = (BigInt(hi & 0xfffff) << 32n) | BigInt(view.getUint32(4));
  if (mantissa === 0n && biased === 0) return { digits: '', exp: 0 };
  if (biased !== 0) mantissa |= 1n << 52n;
  const e2 = (biased === 0 ? 1 : biased) - 1075;
  // m × 2^-k is m × 5^k / 10^k: a whole number of digits with the point k places in.
  const whole = e2 >= 0 ? (mantissa << BigInt(e2)).toString() : (mantissa * 5n ** BigInt(-e2)).toString();
  const digits = whole.replace(/0+$/, '');
  return { digits, exp: Math.min(e2, 0) + whole.length - digits.length };
}

/** `digits` rounded to its first `keep` digits (a whole number), an exact half to even. */
function roundDigits(digits: string, keep: number): bigint {
  if (keep >= digits.length) return BigInt(digits || '0') * 10n ** BigInt(keep - digits.length);
  if (keep < 0) return 0n;
  const head = keep === 0 ? 0n : BigInt(digits.slice(0, keep));
  const next = digits[keep]!;
  // With trailing zeros stripped, any digit after `next` makes it more than a half.
  const more = keep + 1 < digits.length;
  return next > '5' || (next === '5' && (more || head % 2n === 1n)) ? head + 1n : head;
}

/** `%.{prec}f` of a finite, non-negative value. */
export function formatFixed(a: number, prec: number, alt: boolean): string {
  const { digits, exp } = exactDecimal(a);
  const n = roundDigits(digits, digits.length + exp + prec)
    .toString()
    .padStart(prec + 1, '0');
  if (prec === 0) return alt ? `${n}.` : n;
  return `${n.slice(0, -prec)}.${n.slice(-prec)}`;
}

/** The first `count` significant digits of `a`, rounded, and the decimal exponent of the first one. */
function significant(a: number, count: number): { digits: string; exp: number } {
  const d = exactDecimal(a);
  if (d.digits === '') return { digits: '0'.repeat(count), exp: 0 };
  let exp = d.digits.length - 1 + d.exp;
  let digits = roundDigits(d.digits, count).toString();
  if (digits.length > count) {
    // 9.96 to two digits is 10: one more power of ten, and the digits are 1 and zeros.
    exp += 1;
    digits = digits.slice(0, count);
  }
  return { digits, exp };
}

/** Python writes the exponent with a sign and at least two digits: `e+05`, `e-324`. */
const exponent = (exp: number) => `e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;

function mantissa(digits: string, alt: boolean): string {
  return digits.length > 1 || alt ? `${digits[0]}.${digits.slice(1)}` : digits;
}

/** `%.{prec}e` of a finite, non-negative value. */
export function formatExponent(a: number, prec: number, alt: boolean): string {
  const { digits, exp } = significant(a, prec + 1);
  return mantissa(digits, alt) + exponent(exp);
}

/**
 * `%.{prec}g`: `prec` significant digits, written as `%e` when the exponent
 * (after rounding) is below -4 or not below `prec`, else as `%f`; trailing
 * zeros dropped unless `#`.
 */
export function formatGeneral(a: number, prec: number, alt: boolean): string {
  const p = prec === 0 ? 1 : prec;
  const { digits, exp } = significant(a, p);
  const strip = (s: string) => (alt ? s : s.replace(/\.?0+$/, ''));
  if (exp < -4 || exp >= p) {
    const m = mantissa(digits, alt);
    return (m.includes('.') ? strip(m) : m) + exponent(exp);
  }
  if (exp < 0) return strip(`0.${'0'.repeat(-exp - 1)}${digits}`);
  const whole = digits.slice(0, exp + 1);
  const fraction = digits.slice(exp + 1);
  return fraction ? strip(`${whole}.${fraction}`) : alt ? `${whole}.` : whole;
}

/**
 * Python's `repr()` of a number the way `str()` of a float shows it: the
 * shortest digits that read back (JavaScript's too), but in exponent form
 * below 1e-4 (`1e-05`, where JavaScript writes `0.00001`). Whole numbers print
 * as ints: JavaScript does not keep 2.0 apart from 2.
 */
export function pyNumber(v: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  const a = Math.abs(v);
  return a !== 0 && a < 1e-4 ? twoDigits(v.toExponential()) : twoDigits(String(v));
}

/** A number known to be a Python float (a Coord's axes): `12.0`, not `12`. */
export function pyFloat(v: number): string {
  if (!Number.isInteger(v)) return pyNumber(v);
  if (Object.is(v, -0)) return '-0.0';
  return Math.abs(v) < 1e16 ? `${v}.0` : twoDigits(v.toExponential());
}

const twoDigits = (s: string) => s.replace(/e([+-])(\d)$/, (_m, sign: string, d: string) => `e${sign}0${d}`);
