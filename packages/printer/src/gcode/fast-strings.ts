const probe = (wrapper: object) => (wrapper as { charCodeAt?: unknown }).charCodeAt;

/**
 * Why this exists: nunjucks (the macro engine) runs `Object.create(String.prototype)`
 * when it is imported, and V8 then keeps String.prototype as a dictionary-mode
 * prototype. Every `charCodeAt`, `slice` and `indexOf` on a string becomes a slow
 * lookup: the G-code parser ran 3-5× slower for it. Property loads through a
 * String wrapper object make V8 mark the prototype fast again, and it stays
 * fast afterwards. Nothing a program can observe changes.
 */
export function keepStringPrototypeFast(): void {
  const wrapper = Object('');
  // The load must run with feedback allocated, which takes a few calls of the same function.
  for (let i = 0; i < 64; i++) probe(wrapper);
}
