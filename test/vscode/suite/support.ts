/**
 * What the extension API tests share: where the extension and the scratch workspace are, the
 * extension's id from its manifest, canonical notebooks written into the workspace, and waiting for
 * cell executions to finish (VS Code reports outputs and execution summaries asynchronously).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

/** The bundle runs from out/vscode/suite, three levels below the extension's root. */
export const extensionRoot = path.resolve(__dirname, '..', '..', '..');

/** `<publisher>.<name>` from package.json, the id VS Code knows the extension by. */
export function extensionId(): string {
  const manifest = JSON.parse(readFileSync(path.join(extensionRoot, 'package.json'), 'utf8')) as { publisher: string; name: string };
  return `${manifest.publisher}.${manifest.name}`;
}

/** The scratch folder the launcher opened (test/vscode/runTest.ts): a copy of the fixtures. */
export function workspaceFolder(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the extension API tests expect VS Code to be opened on the scratch workspace folder, but no folder is open');
  return folder.uri.fsPath;
}

export function workspaceUri(name: string): vscode.Uri {
  return vscode.Uri.file(path.join(workspaceFolder(), name));
}

/** Writes a notebook of code cells in the canonical layout the serializer writes (sorted keys, one-space indent). */
export function writeCodeNotebook(name: string, sources: string[]): vscode.Uri {
  const notebook = {
    cells: sources.map((source, i) => ({ cell_type: 'code', execution_count: null, id: `cell-${i}`, metadata: {}, outputs: [], source })),
    metadata: { kernelspec: { display_name: 'Unrolled (TypeScript)', language: 'typescript', name: 'unrolled' } },
    nbformat: 4,
    nbformat_minor: 5,
  };
  const uri = workspaceUri(name);
  writeFileSync(uri.fsPath, JSON.stringify(notebook, null, 1) + '\n');
  return uri;
}

/** Text of every output item of the given MIME type in a cell, in order. */
export function outputText(cell: vscode.NotebookCell, mime: string): string {
  const decoder = new TextDecoder();
  return cell.outputs.flatMap((output) => output.items.filter((item) => item.mime === mime).map((item) => decoder.decode(item.data))).join('');
}

/**
 * Resolves once every given cell has finished executing (its execution summary says whether it
 * succeeded); rejects after `timeoutMs` naming the cells still running, so a hung kernel fails
 * the test instead of hanging the run.
 */
export function executionsFinished(cells: vscode.NotebookCell[], timeoutMs: number): Promise<void> {
  const done = () => cells.every((cell) => cell.executionSummary?.success !== undefined);
  return new Promise((resolve, reject) => {
    if (done()) return resolve();
    const timer = setTimeout(() => {
      subscription.dispose();
      const running = cells.filter((cell) => cell.executionSummary?.success === undefined).map((cell) => cell.index + 1);
      reject(new Error(`cells ${running.join(', ')} had not finished executing after ${timeoutMs} ms`));
    }, timeoutMs);
    const subscription = vscode.workspace.onDidChangeNotebookDocument(() => {
      if (!done()) return;
      clearTimeout(timer);
      subscription.dispose();
      resolve();
    });
  });
}
