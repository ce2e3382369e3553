import { isNode, LineCounter, parseDocument } from 'yaml';
import { WorkflowError, WorkflowErrorCodes } from '../errors.js';

export type KeyPath = ReadonlyArray<string | number>;

/** A parsed workflow file: plain data, plus where each value sits in the text. */
export interface ParsedWorkflowText {
  file: string;
  data: unknown;
  /** Line and column (1-based) of the value at `path`, or of its nearest present parent. */
  locate(path: KeyPath): { line: number; column: number };
}

/**
 * Parse YAML or JSON (JSON is read by the YAML parser too, so both get positions).
 * Malformed text throws PB_WORKFLOW_PARSE with file:line:col.
 */
export function parseWorkflowText(text: string, file: string): ParsedWorkflowText {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const first = doc.errors[0];
  if (first) {
    const pos = lineCounter.linePos(first.pos[0]);
    const reason = first.message.split('\n')[0];
    throw new WorkflowError(
      WorkflowErrorCodes.PARSE,
      `the file is not valid YAML/JSON: ${reason}. Fix the syntax at that line.`,
      { file, line: pos.line, column: pos.col, cause: first },
    );
  }
  const locate = (path: KeyPath) => {
    for (let n = path.length; n >= 0; n--) {
      const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
      if (isNode(node) && node.range) {
        const pos = lineCounter.linePos(node.range[0]);
        return { line: pos.line, column: pos.col };
      }
    }
    return { line: 1, column: 1 };
  };
  return { file, data: doc.toJS({ maxAliasCount: 100 }), locate };
}
