/**
 * `unrolled check`'s work for one notebook: its cells type-checked as the editor checks them, and
 * each error as one line `FILE: cell N, line L, col C: TSxxxx message` (N counts all cells, as the
 * runner's messages do; L and C are 1-based within the cell).
 */
import { dirname, resolve } from 'node:path';
import type { Notebook } from '../notebook/nbformat';
import type { NotebookCellText } from './cellProgram';
import { NotebookTypes, type CellDiagnostic } from './notebookTypes';

export function notebookCells(notebook: Notebook): NotebookCellText[] {
  return notebook.cells.map((cell) => ({ kind: cell.cell_type, text: cell.source }));
}

/** The errors of every code cell of `notebook`, read from `path` (its folder is where packages resolve from). */
export function checkNotebook(notebook: Notebook, path: string, typesRoot: string): CellDiagnostic[] {
  const types = new NotebookTypes(dirname(resolve(path)), typesRoot, notebookCells(notebook));
  try {
    return types.allDiagnostics().filter((d) => d.severity === 'error');
  } finally {
    types.dispose();
  }
}

export function formatDiagnostic(file: string, d: CellDiagnostic): string {
  return `${file}: cell ${d.cellIndex + 1}, line ${d.line}, col ${d.column}: TS${d.code} ${d.message.replace(/\n/g, '\n  ')}`;
}
