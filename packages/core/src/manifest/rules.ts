/**
 * The patterns of the `plugboard` field, shared by the zod schema (which gives
 * the messages) and the plain check that accepts a valid manifest without
 * loading zod.
 */

/** A plugin or entry name: non-empty, no whitespace, no "#". */
export const NAME = /^[^\s#]+$/;

/** "./dist/x.js#Export", "./dist/x.js" (default export), or a bare package specifier. */
export const ENTRY_VALUE = /^[^#\s]+(#[A-Za-z_$][\w$]*)?$/;
