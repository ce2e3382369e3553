import { readFile } from 'node:fs/promises';
import { defineStage } from '@plugboard/workflow';

export interface Tokens {
  file: string;
  words: string[];
}

// Letters (any script) with inner apostrophes or hyphens: "don't", "well-known".
const WORD = /\p{L}+(?:['’-]\p{L}+)*/gu;

/** Split one file into lower-case words (a parameterized stage: one file per item). */
export const tokenize = defineStage<string, Tokens>(async (file, ctx) => {
  const text = await readFile(file, { encoding: 'utf8', signal: ctx.signal });
  const words = (text.match(WORD) ?? []).map((w) => w.toLowerCase().replace('’', "'"));
  ctx.progress(1, 1, `${words.length} words`);
  return { file, words };
});
