export type { WriteFileAtomicOptions } from './atomic.js';
export { writeFileAtomic, writeJsonAtomic } from './atomic.js';
export { mtimeOf, stampOf } from './builtins.js';
export {
  INDEX_VERSION,
  indexFilePath,
  indexKey,
  isEntry,
  isProblem,
  isView,
  normalizeSources,
  readFreshEntry,
  readIndexFile,
} from './index-file.js';
export type { Claimant, Mergeable } from './provided.js';
export { duplicateProblem, mergeProvided } from './provided.js';
export type {
  IndexEntry,
  IndexFile,
  LightFound,
  LightPackage,
  LightProblem,
  LightSource,
  LightSources,
  StoredView,
} from './types.js';
export type { LightView } from './view.js';
export { expandView, readHostView, viewKey } from './view.js';
