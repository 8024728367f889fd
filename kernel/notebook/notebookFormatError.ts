/**
 * Why a file cannot be opened as a notebook, and where in it the problem is. The message is
 * what VS Code and the headless runner show: the file, the problem, then line and column.
 */
import { parseTree, type Node } from 'jsonc-parser';

export interface TextPosition {
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 code units like editors count. */
  column: number;
}

export class NotebookFormatError extends Error {
  override readonly name = 'NotebookFormatError';

  constructor(
    /** What is wrong, e.g. `cell 3: unknown cell_type 'heading'`. */
    readonly problem: string,
    /** Where, when the problem sits at a place in the text. */
    readonly position?: TextPosition,
    /** The file as the user knows it, when the caller named it. */
    readonly fileLabel?: string,
  ) {
    const where = position ? ` (line ${position.line}, column ${position.column})` : '';
    super(`${fileLabel ? `${fileLabel}: ` : ''}${problem}${where}`);
  }
}

/** Line and column of a character offset. */
export function positionAt(text: string, offset: number): TextPosition {
  const clamped = Math.max(0, Math.min(offset, text.length));
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < clamped; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: clamped - lineStart + 1 };
}

/**
 * Where the value at a JSON path (e.g. `['cells', 2, 'cell_type']`) starts in valid JSON text,
 * falling back to the nearest enclosing value that exists. Only used on the error path.
 */
export function positionOfPath(text: string, path: (string | number)[]): TextPosition | undefined {
  const root = parseTree(text);
  if (!root) return undefined;
  let node: Node = root;
  for (const segment of path) {
    const child = childAt(node, segment);
    if (!child) break;
    node = child;
  }
  return positionAt(text, node.offset);
}

/**
 * The value under a key or index. Of a key written twice, the last one, because that is the one
 * `JSON.parse` keeps and so the one a problem is about (jsonc-parser's own lookup finds the first).
 */
function childAt(node: Node, segment: string | number): Node | undefined {
  if (node.type === 'array' && typeof segment === 'number') return node.children?.[segment];
  if (node.type !== 'object' || typeof segment !== 'string') return undefined;
  const properties = node.children ?? [];
  for (let i = properties.length - 1; i >= 0; i--) {
    const [key, value] = properties[i].children ?? [];
    if (key?.value === segment) return value;
  }
  return undefined;
}
