import { defineStage } from '@plugboard/workflow';
import type { FileCounts } from './count.js';

export interface TextStats {
  files: number;
  words: number;
  unique: number;
  /** Most frequent words, ties broken alphabetically. */
  top: Array<{ word: string; count: number }>;
  perFile: Array<{ file: string; words: number }>;
}

/** Merge per-file counts (the fan-in of the count stage) into totals and the top words. */
export const merge = defineStage<FileCounts[], TextStats>((perFile, ctx) => {
  const totals = new Map<string, number>();
  for (const f of perFile)
    for (const [w, n] of Object.entries(f.counts)) totals.set(w, (totals.get(w) ?? 0) + n);
  const topN = (ctx.workflowInput as { top?: number } | undefined)?.top ?? 10;
  const top = [...totals]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, topN)
    .map(([word, n]) => ({ word, count: n }));
  return {
    files: perFile.length,
    words: perFile.reduce((a, f) => a + f.words, 0),
    unique: totals.size,
    top,
    perFile: perFile.map((f) => ({ file: f.file, words: f.words })),
  };
});
