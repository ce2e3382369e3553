import { defineStage } from '@plugboard/workflow';
import type { Tokens } from './tokenize.js';

export interface FileCounts {
  file: string;
  words: number;
  counts: Record<string, number>;
}

/** Count the words of one file. */
export const count = defineStage<Tokens, FileCounts>((tokens) => {
  const counts: Record<string, number> = {};
  for (const w of tokens.words) counts[w] = (counts[w] ?? 0) + 1;
  return { file: tokens.file, words: tokens.words.length, counts };
});
