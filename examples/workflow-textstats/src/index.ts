export type { FileCounts } from './count.js';
export { count } from './count.js';
export type { ListInput } from './list.js';
export { listFiles } from './list.js';
export type { TextStats } from './merge.js';
export { merge } from './merge.js';
export type { Tokens } from './tokenize.js';
export { tokenize } from './tokenize.js';
