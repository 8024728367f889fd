/**
 * The `.seqnb` notebook serializer: a thin adapter between VS Code's notebook model and the
 * nbformat reader/writer in `kernel/notebook`. A file that cannot be read makes
 * `deserializeNotebook` throw, so VS Code shows the message (problem, line, column) instead of
 * opening an editor, and therefore never saves over the file.
 */
import * as vscode from 'vscode';
import { emptyNotebook, parseNotebook, serializeNotebook } from '../kernel/notebook/nbformat';
import { CellKind, notebookToShape, shapeToNotebook, type NotebookShape, type ShapeCell } from '../kernel/notebook/vscodeShape';

export const notebookType = 'unrolled-notebook';

export class SeqnbSerializer implements vscode.NotebookSerializer {
  deserializeNotebook(content: Uint8Array): vscode.NotebookData {
    // VS Code hands an empty buffer for a new, untitled notebook.
    const notebook = isBlank(content) ? emptyNotebook() : parseNotebook(content);
    return toNotebookData(notebookToShape(notebook));
  }

  serializeNotebook(data: vscode.NotebookData): Uint8Array {
    return serializeNotebook(shapeToNotebook(fromNotebookData(data)));
  }
}

function isBlank(content: Uint8Array): boolean {
  return content.every((byte) => byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09);
}

function toNotebookData(shape: NotebookShape): vscode.NotebookData {
  const data = new vscode.NotebookData(
    shape.cells.map((cell) => {
      const kind = cell.kind === CellKind.Code ? vscode.NotebookCellKind.Code : vscode.NotebookCellKind.Markup;
      const cellData = new vscode.NotebookCellData(kind, cell.value, cell.languageId);
      cellData.metadata = cell.metadata;
      cellData.executionSummary = cell.executionSummary;
      cellData.outputs = cell.outputs?.map(
        (output) => new vscode.NotebookCellOutput(output.items.map((item) => new vscode.NotebookCellOutputItem(item.data, item.mime)), output.metadata),
      );
      return cellData;
    }),
  );
  data.metadata = shape.metadata;
  return data;
}

function fromNotebookData(data: vscode.NotebookData): NotebookShape {
  return {
    metadata: data.metadata,
    cells: data.cells.map(
      (cell): ShapeCell => ({
        kind: cell.kind === vscode.NotebookCellKind.Code ? CellKind.Code : CellKind.Markup,
        value: cell.value,
        languageId: cell.languageId,
        metadata: cell.metadata,
        executionSummary: cell.executionSummary,
        outputs: cell.outputs?.map((output) => ({ items: output.items.map((item) => ({ mime: item.mime, data: item.data })), metadata: output.metadata })),
      }),
    ),
  };
}
