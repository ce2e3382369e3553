import { createRequire } from 'node:module';
import type * as Semver from 'semver';

// semver's main entry loads ~47 CommonJS files; these two functions need about a
// quarter of them, and only when a range is actually checked (a fresh index needs none).
const require = createRequire(import.meta.url);
let satisfiesFn: typeof Semver.satisfies | undefined;
let validRangeFn: typeof Semver.validRange | undefined;

/** Whether `version` is in `range` (prereleases included); false for a range semver cannot read. */
export function inRange(version: string, range: string): boolean {
  validRangeFn ??= require('semver/ranges/valid') as typeof Semver.validRange;
  satisfiesFn ??= require('semver/functions/satisfies') as typeof Semver.satisfies;
  return validRangeFn(range) !== null && satisfiesFn(version, range, { includePrerelease: true });
}
