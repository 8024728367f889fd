/**
 * A notebook's code cells as one TypeScript program with the kernel's semantics.
 *
 * Each code cell becomes a module file of its own, placed (virtually) in the notebook's folder so
 * relative imports and `node_modules` resolve as the kernel's `require` does:
 *
 *   import { a, b } from "./__cell2__"; import { probe } from "./__cell5__";   ← prelude, one line
 *   …the cell's text, unchanged…
 *   ;export { x, Model };                                                            ← postlude
 *
 * The prelude imports every name an earlier cell declared (from the latest cell that declared
 * it), except the names this cell declares itself: so a later cell sees earlier variables, a
 * re-declared `const` (what re-running a cell does) is a new declaration and not an error, and
 * every top-level name is exported, so one used only by later cells is not "never read". Modules
 * allow top-level `await`. A cell that is one object literal is wrapped in parentheses, as the
 * kernel does (`transformCell`). Positions map between a cell and its file by one offset.
 */
import ts from 'typescript';
import { transformCell } from '../runtime/transform';
import { cellNames, type NameKind } from './cellNames';

/** One cell of the notebook, in notebook order. Only code cells take part in the program. */
export interface NotebookCellText {
  kind: 'code' | 'markdown' | 'raw';
  text: string;
}

/** Where a name a cell imports in its prelude comes from. */
export interface ImportedName {
  /** 0-based notebook index of the cell that declared it. */
  fromCell: number;
  kind: NameKind;
}

export interface ProgramCell {
  /** 0-based index among all cells of the notebook (markdown included), as the runner counts cells. */
  cellIndex: number;
  fileName: string;
  /** The file's whole text: prelude, cell text, postlude. */
  text: string;
  /** Offset of the cell's first character in `text`. */
  start: number;
  /** Length of the cell's own text. */
  length: number;
  imports: ReadonlyMap<string, ImportedName>;
}

/**
 * The file name of cell `cellIndex` (0-based) in the program: `__cell3__.ts` for the third cell;
 * `tag` tells apart the notebooks of one folder (their files share a document registry).
 */
export function cellFileName(folder: string, cellIndex: number, tag = ''): string {
  return `${folder.replace(/\\/g, '/').replace(/\/$/, '')}/${tag}${cellModuleName(cellIndex)}.ts`;
}

/** The module name a later cell's prelude imports cell `cellIndex` by (relative to the notebook's folder). */
export function cellModuleName(cellIndex: number): string {
  return `__cell${cellIndex + 1}__`;
}

export class CellProgram {
  readonly cells: readonly ProgramCell[];
  private readonly byFile: Map<string, ProgramCell>;
  private readonly byIndex: Map<number, ProgramCell>;

  constructor(folder: string, notebookCells: readonly NotebookCellText[], tag = '') {
    const cells: ProgramCell[] = [];
    /** Every name declared so far → the latest declaring cell. */
    const visible = new Map<string, ImportedName>();
    for (const [cellIndex, cell] of notebookCells.entries()) {
      if (cell.kind !== 'code') continue;
      const fileName = cellFileName(folder, cellIndex, tag);
      const wrapped = isObjectLiteralCell(cell.text);
      const source = ts.createSourceFile(fileName, cell.text, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
      const names = wrapped ? { declared: [], local: [] } : cellNames(source);
      const own = new Set([...names.declared.map((d) => d.name), ...names.local]);
      const imports = new Map<string, ImportedName>();
      for (const [name, from] of visible) if (!own.has(name)) imports.set(name, from);
      const prelude = preludeText(imports) + (wrapped ? '(' : '');
      const exported = names.declared.filter((d) => !d.exported).map((d) => d.name);
      const postlude = `${wrapped ? ')' : ''}\n;export { ${exported.join(', ')} };\n`;
      cells.push({ cellIndex, fileName, text: prelude + cell.text + postlude, start: prelude.length, length: cell.text.length, imports });
      for (const d of names.declared) visible.set(d.name, { fromCell: cellIndex, kind: d.kind });
    }
    this.cells = cells;
    this.byFile = new Map(cells.map((c) => [c.fileName, c]));
    this.byIndex = new Map(cells.map((c) => [c.cellIndex, c]));
  }

  cell(cellIndex: number): ProgramCell | undefined {
    return this.byIndex.get(cellIndex);
  }

  fileCell(fileName: string): ProgramCell | undefined {
    return this.byFile.get(fileName);
  }

  /** The program position of `offset` in cell `cellIndex`, or undefined for a cell that is not code. */
  toProgram(cellIndex: number, offset: number): { fileName: string; position: number } | undefined {
    const cell = this.byIndex.get(cellIndex);
    if (!cell) return undefined;
    return { fileName: cell.fileName, position: cell.start + Math.max(0, Math.min(offset, cell.length)) };
  }

  /**
   * The cell position of a program position; undefined when the file is not a cell or the position
   * lies in the prelude. A position in the postlude (an error at the cell's unfinished end) is the cell's end.
   */
  toCell(fileName: string, position: number): { cellIndex: number; offset: number } | undefined {
    const cell = this.byFile.get(fileName);
    if (!cell || position < cell.start) return undefined;
    return { cellIndex: cell.cellIndex, offset: Math.min(position - cell.start, cell.length) };
  }
}

function preludeText(imports: ReadonlyMap<string, ImportedName>): string {
  const byCell = new Map<number, string[]>();
  for (const [name, { fromCell }] of imports) byCell.set(fromCell, [...(byCell.get(fromCell) ?? []), name]);
  const lines = [...byCell].map(([from, names]) => `import { ${names.join(', ')} } from "./${cellModuleName(from)}";`);
  return `${lines.join(' ')}\n`;
}

/** The kernel's rule: a cell that is one object literal means the object (`transformCell` wraps it). */
function isObjectLiteralCell(text: string): boolean {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{') || !trimmed.endsWith('}')) return false;
  const transformed = transformCell(text);
  return transformed.ok && transformed.cell.firstLineShift === 1;
}
